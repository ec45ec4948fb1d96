"""Train the topic model shipped as indexer/data/topic_model.json (multinomial naive Bayes).

Training material, all from ../shared/corpora (see indexer/data/README.md for licences):
- BBC News (Greene & Cunningham 2006): the odd-numbered files of each folder; the even
  ones are bench/taggers.py's held-out test.
- News Category Dataset (HuffPost, Misra 2022, CC BY 4.0): items whose id ends in an odd
  hex digit, sections mapped to IPTC topics by HUFFPOST_TOPICS; the rest is held out.
- Reuters-21578 LEWISSPLIT="TRAIN" stories: economy (every REUTERS_STEP-th story) and
  labour (TOPICS "jobs").

    .venv/bin/python -m bench.train_topics
"""

from __future__ import annotations

import json
import math
import sys
from collections import Counter
from pathlib import Path

from bench.corpora import HUFFPOST_TOPICS, is_training_item, read_bbc, read_huffpost, read_reuters
from indexer.tagging.topic_model import TopicModel
from indexer.tagging.topics import article_words, lexicon_hits, model_features

ROOT = Path(__file__).resolve().parents[1]

MODEL = ROOT / "indexer" / "data" / "topic_model.json"
REUTERS_STEP = 8
# Topics the labelled sets lack or hold few of: general news items the lexicon labels
# clearly (two decisive words, a 1.5x margin over the runner-up) teach them in context.
WEAK_TOPICS = {
    "conflict-war-peace", "disaster-accident-emergency", "weather", "labour",
    "crime-law-justice", "health", "education", "religion",
}  # fmt: skip
WEAK_MARGIN = 1.5
GENERAL_SECTIONS = {"WORLD NEWS", "U.S. NEWS"}
Row = tuple[str, list[str]]  # (topic, model features)
Held = tuple[str, str, str, str]  # (source, title, body, topic)
MIN_DOCS = 2  # a word must occur in this many training articles
WORDS_PER_TOPIC = 2000  # most indicative words kept per topic
SMOOTHING = 0.2


def huffpost_label(item: dict) -> str | None:
    """Return a HuffPost item's topic: its section's, or the lexicon's for general news."""
    slug = HUFFPOST_TOPICS.get(item["category"])
    if slug is None and item["category"] in GENERAL_SECTIONS:
        slug = weak_label(item["title"], item["body"])
    return slug


def training_set(dev: bool = False) -> tuple[list[Row], list[Held]]:
    """Return training rows and, with dev, the part of the training half held out for tuning."""
    rows: list[Row] = []
    held_out: list[Held] = []
    for number, title, body, slug in read_bbc(parity=1):
        if dev and number % 4 == 3:
            held_out.append(("BBC", title, body, slug))
        else:
            rows.append((slug, model_features(title, body)))
    for item in read_huffpost():
        label = huffpost_label(item) if is_training_item(item["id"]) else None
        if label and dev and int(item["id"][-2], 16) % 2 == 0:
            if item["category"] in HUFFPOST_TOPICS:
                held_out.append(("HuffPost", item["title"], item["body"], label))
        elif label:
            rows.append((label, model_features(item["title"], item["body"])))
    reuters = [a for attrs, a, _ in read_reuters() if attrs.get("LEWISSPLIT") == "TRAIN" and a.body]
    for article in reuters[REUTERS_STEP - 1 :: REUTERS_STEP]:
        rows.append(("economy-business-finance", model_features(article.title, article.body)))
    return rows, held_out


def weak_label(title: str, body: str) -> str | None:
    """Label a general news item (HuffPost WORLD/U.S. NEWS) by the lexicon, when clear-cut."""
    hits = lexicon_hits(article_words(title, body))
    totals = {slug: sum(found.values()) for slug, found in hits.items()}
    if not totals:
        return None
    ranked = sorted(totals, key=totals.__getitem__, reverse=True)
    best = ranked[0]
    strong = sum(weight >= 3 for weight in hits[best].values())
    clear = len(ranked) == 1 or totals[best] >= WEAK_MARGIN * totals[ranked[1]]
    return best if best in WEAK_TOPICS and strong >= 2 and clear else None


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
    counts: dict[str, Counter[str]] = {slug: Counter() for slug in classes}
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


def evaluate_dev(model: dict, held_out: list[Held]) -> None:
    """Print primary-topic accuracy on the development fold, BBC and HuffPost apart."""
    import indexer.tagging.topics as topics

    loaded = TopicModel(model["classes"], model["words"])
    topics._model = lambda: loaded  # type: ignore[assignment]
    for source in ("BBC", "HuffPost"):
        rows = [(t, b, s) for src, t, b, s in held_out if src == source]
        right = sum(topics.classify(t, b)[:1] == [s] for t, b, s in rows)
        print(f"dev {source}: {right / max(1, len(rows)):.3f} of {len(rows)}")


def main() -> None:
    """Train and write the model file (with --dev: train on part of the train half, evaluate)."""
    dev = "--dev" in sys.argv
    rows, held_out = training_set(dev)
    model = train(rows)
    if dev:
        evaluate_dev(model, held_out)
        return
    MODEL.write_text(json.dumps(model, separators=(",", ":"), sort_keys=True) + "\n")
    print(f"{len(rows)} articles, {len(model['words'])} words -> {MODEL.relative_to(ROOT)}")
    for slug, count in sorted(model["trained_on"].items()):
        print(f"  {slug}: {count}")


if __name__ == "__main__":
    main()
