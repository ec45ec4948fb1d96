"""Train the topic model shipped as indexer/data/topic_model.json (multinomial naive Bayes).

Training material, all from ../shared/corpora (see indexer/data/README.md for licences):
- BBC News (Greene & Cunningham 2006): the odd-numbered files of each folder; the even
  ones are bench/facets.py's held-out test.
- News Category Dataset (HuffPost, Misra 2022, CC BY 4.0): items whose id ends in an odd
  hex digit, sections mapped to IPTC topics by HUFFPOST_TOPICS; the rest is held out.
- Reuters-21578 LEWISSPLIT="TRAIN" stories: economy (every REUTERS_STEP-th story) and
  labour (TOPICS "jobs").

    .venv/bin/python bench/train_topics.py
"""

from __future__ import annotations

import json
import math
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from indexer.topics import article_words  # noqa: E402

CORPORA = ROOT.parent / "shared" / "corpora"
MODEL = ROOT / "indexer" / "data" / "topic_model.json"
HUFFPOST_TOPICS = {
    "POLITICS": "politics", "ENTERTAINMENT": "arts-culture-entertainment-media",
    "COMEDY": "arts-culture-entertainment-media", "MEDIA": "arts-culture-entertainment-media",
    "CULTURE & ARTS": "arts-culture-entertainment-media", "SPORTS": "sport",
    "CRIME": "crime-law-justice", "STYLE & BEAUTY": "lifestyle-leisure",
    "HOME & LIVING": "lifestyle-leisure", "FOOD & DRINK": "lifestyle-leisure",
    "TRAVEL": "lifestyle-leisure", "PARENTING": "lifestyle-leisure",
    "WEIRD NEWS": "human-interest", "ENVIRONMENT": "environment", "WELLNESS": "health",
    "BUSINESS": "economy-business-finance", "MONEY": "economy-business-finance",
    "TECH": "science-technology", "SCIENCE": "science-technology", "RELIGION": "religion",
    "EDUCATION": "education", "QUEER VOICES": "society", "BLACK VOICES": "society",
    "WOMEN": "society",
}  # fmt: skip
REUTERS_STEP = 8
MIN_DOCS = 3  # a word must occur in this many training articles
WORDS_PER_TOPIC = 700  # most indicative words kept per topic
SMOOTHING = 0.2


def is_training_item(item_id: str) -> bool:
    """Tell whether a HuffPost item is in the training half (odd last hex digit of its id)."""
    return int(item_id[-1], 16) % 2 == 1


def training_set() -> list[tuple[str, list[str]]]:
    """Return (topic, words) for every training article."""
    from facets import read_bbc, read_reuters

    rows = [(slug, article_words(t, b)) for t, b, slug in read_bbc(parity=1)]
    path = CORPORA / "news-category-huffpost" / "news-category-huffpost.jsonl"
    for line in path.read_text(encoding="utf-8").splitlines():
        item = json.loads(line)
        slug = HUFFPOST_TOPICS.get(item["category"])
        if slug and is_training_item(item["id"]):
            rows.append((slug, article_words(item["title"], item["body"])))
    seen = 0
    for attrs, article, _ in read_reuters():
        if attrs.get("LEWISSPLIT") != "TRAIN" or not article.body:
            continue
        seen += 1
        if "jobs" in article.source_meta["topics"]:
            rows.append(("labour", article_words(article.title, article.body)))
        elif seen % REUTERS_STEP == 0:
            rows.append(("economy-business-finance", article_words(article.title, article.body)))
    return rows


def select_words(rows: list[tuple[str, list[str]]]) -> list[str]:
    """Return the words most indicative of some topic (log-odds weighted by frequency)."""
    doc_freq: Counter[str] = Counter()
    per_topic: dict[str, Counter[str]] = {}
    for slug, words in rows:
        doc_freq.update(set(words))
        per_topic.setdefault(slug, Counter()).update(set(words))
    docs_in = Counter(slug for slug, _ in rows)
    keep: set[str] = set()
    for slug, counts in per_topic.items():
        rest = len(rows) - docs_in[slug]

        def strength(
            word: str, counts: Counter[str] = counts, slug: str = slug, rest: int = rest
        ) -> float:
            inside = (counts[word] + 0.5) / (docs_in[slug] + 1)
            outside = (doc_freq[word] - counts[word] + 0.5) / (rest + 1)
            return inside * math.log(inside / outside)

        candidates = [w for w in counts if doc_freq[w] >= MIN_DOCS]
        keep.update(sorted(candidates, key=strength, reverse=True)[:WORDS_PER_TOPIC])
    return sorted(keep)


def train(rows: list[tuple[str, list[str]]]) -> dict:
    """Return the model: per word, centred log P(word | topic) for each topic."""
    vocabulary = select_words(rows)
    index = set(vocabulary)
    classes = sorted({slug for slug, _ in rows})
    counts = {slug: Counter() for slug in classes}
    for slug, words in rows:
        counts[slug].update(w for w in words if w in index)
    weights = {}
    for word in vocabulary:
        logs = []
        for slug in classes:
            total = sum(counts[slug].values()) + SMOOTHING * len(vocabulary)
            logs.append(math.log((counts[slug][word] + SMOOTHING) / total))
        mean = sum(logs) / len(logs)
        weights[word] = [round(value - mean, 2) for value in logs]
    return {"classes": classes, "words": weights, "trained_on": dict(Counter(s for s, _ in rows))}


def main() -> None:
    """Train and write the model file."""
    rows = training_set()
    model = train(rows)
    MODEL.write_text(json.dumps(model, separators=(",", ":"), sort_keys=True) + "\n")
    print(f"{len(rows)} articles, {len(model['words'])} words -> {MODEL.relative_to(ROOT)}")
    for slug, count in sorted(model["trained_on"].items()):
        print(f"  {slug}: {count}")


if __name__ == "__main__":
    main()
