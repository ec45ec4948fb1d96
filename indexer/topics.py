"""Topic tagger: IPTC Media Topics top-level subjects from a naive Bayes model plus a lexicon.

The model (data/topic_model.json, trained by bench/train_topics.py) knows the topics its
training sets carry; the hand-written lexicon (data/topic_lexicon.tsv) covers all 17 and
keeps the tagger honest on news unlike the training sets. A topic's score is the model's
probability plus a weight times the lexicon's evidence per sqrt(word): a small weight
chooses the primary topic, a larger one the topics scoring at least SECONDARY_SHARE of
the primary's that follow it, at most MAX_TOPICS in all.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
MAX_TOPICS = 3
TEMPERATURE = 12.0  # softmax sharpness over per-word average log-likelihoods
LEXICON_WEIGHT = 0.2  # for the primary topic: the model leads, the lexicon breaks ties
SECONDARY_LEXICON_WEIGHT = 0.5  # for the others: the lexicon may add a topic of its own
SECONDARY_SHARE = 0.4
SECONDARY_MIN = 0.3
TITLE_REPEAT = 2  # headline words count twice

_WORD = re.compile(r"[a-z][a-z0-9&'\-]*[a-z0-9]|[a-z]")
STOPWORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been
    before being below between both but by can could did do does doing down during each few
    for from further had has have having he her here hers herself him himself his how i if in
    into is it its itself just me more most my myself no nor not now of off on once only or
    other our ours ourselves out over own same she should so some such than that the their
    theirs them themselves then there these they this those through to too under until up
    very was we were what when where which while who whom why will with would you your yours
    yourself said says say new one two three year years would could it's he's she's i'm
    that's there's we're they're don't can't won't mr mrs ms""".split()
)


def tokenize(text: str) -> list[str]:
    """Return the lower-case content words of a text (stopwords dropped)."""
    return [w.strip("'-") for w in _WORD.findall(text.lower()) if w not in STOPWORDS]


def article_words(title: str, body: str) -> list[str]:
    """Return the words the classifier reads: the headline's repeated, then the body's."""
    return tokenize(title) * TITLE_REPEAT + tokenize(body)


def model_features(title: str, body: str) -> list[str]:
    """Return the model's features: the article's words and adjacent word pairs ("box_office")."""
    features = article_words(title, body)
    for part in (tokenize(title), tokenize(body)):
        features += [f"{a}_{b}" for a, b in zip(part, part[1:], strict=False)]
    return features


@dataclass
class _Lexicon:
    words: dict[str, list[tuple[str, float]]] = field(default_factory=dict)
    prefixes: dict[str, list[tuple[str, float]]] = field(default_factory=dict)
    phrases: dict[str, list[tuple[str, float]]] = field(default_factory=dict)

    def lookup(self, word: str) -> list[tuple[str, float]]:
        hits = self.words.get(word)
        if hits is not None:
            return hits
        for size in range(min(len(word), 12), 3, -1):
            hits = self.prefixes.get(word[:size])
            if hits is not None:
                return hits
        return []


@lru_cache(maxsize=1)
def _lexicon() -> _Lexicon:
    lexicon = _Lexicon()
    for line in (DATA / "topic_lexicon.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        slug, weight, words = line.split("\t")
        for raw in words.split(";"):
            word = raw.strip()
            if " " in word:
                table, key = lexicon.phrases, word
            elif word.endswith("*"):
                table, key = lexicon.prefixes, word[:-1]
            else:
                table, key = lexicon.words, word
            table.setdefault(key, []).append((slug, float(weight)))
    return lexicon


@lru_cache(maxsize=1)
def _model() -> dict:
    path = DATA / "topic_model.json"
    if not path.exists():
        return {"classes": [], "words": {}}
    return json.loads(path.read_text(encoding="utf-8"))


def lexicon_hits(words: list[str]) -> dict[str, dict[str, float]]:
    """Return {topic: {word or phrase: summed weight}} for the lexicon entries in the words."""
    lexicon = _lexicon()
    hits: dict[str, dict[str, float]] = {}
    for i, word in enumerate(words):
        found = list(lexicon.lookup(word))
        phrase = f"{word} {words[i + 1]}" if i + 1 < len(words) else ""
        found_phrase = lexicon.phrases.get(phrase, [])
        for slug, weight in found_phrase:
            hits.setdefault(slug, {}).setdefault(phrase, 0.0)
            hits[slug][phrase] += weight
        for slug, weight in found:
            hits.setdefault(slug, {}).setdefault(word, 0.0)
            hits[slug][word] += weight
    return hits


def model_probabilities(features: list[str]) -> dict[str, float]:
    """Return the naive Bayes model's topic probabilities (empty when no feature is known)."""
    model = _model()
    known = [model["words"][w] for w in features if w in model["words"]]
    if not known:
        return {}
    classes = model["classes"]
    totals = [sum(row[i] for row in known) / len(known) for i in range(len(classes))]
    top = max(totals)
    exps = [math.exp(TEMPERATURE * (t - top)) for t in totals]
    norm = sum(exps)
    return {slug: e / norm for slug, e in zip(classes, exps, strict=True)}


def score_topics(title: str, body: str) -> tuple[dict[str, float], dict[str, dict[str, float]]]:
    """Return ({topic: model probability}, {topic: lexicon words with weights}) for an article."""
    words = article_words(title, body)
    return model_probabilities(model_features(title, body)), lexicon_hits(words)


def combine(probabilities: dict[str, float], hits: dict, weight: float, size: int) -> dict:
    """Return {topic: model probability + weight * lexicon evidence per sqrt(word)}."""
    scores = dict(probabilities)
    scale = math.sqrt(size + 10)
    for slug, found in hits.items():
        scores[slug] = scores.get(slug, 0.0) + weight * sum(found.values()) / scale
    return scores


def pick_topics(probabilities: dict[str, float], hits: dict, size: int) -> list[str]:
    """Return the primary topic and the runners-up strong enough to follow it."""
    primary_scores = combine(probabilities, hits, LEXICON_WEIGHT, size)
    if not primary_scores or max(primary_scores.values()) <= 0:
        return []
    primary = max(primary_scores, key=primary_scores.__getitem__)
    scores = combine(probabilities, hits, SECONDARY_LEXICON_WEIGHT, size)
    floor = max(SECONDARY_MIN, SECONDARY_SHARE * scores[primary])
    others = sorted((s for s in scores if s != primary), key=scores.__getitem__, reverse=True)
    return [primary] + [s for s in others if scores[s] >= floor][: MAX_TOPICS - 1]


def classify(title: str, body: str) -> list[str]:
    """Return up to three IPTC topic slugs for an article, primary first."""
    probabilities, hits = score_topics(title, body)
    return pick_topics(probabilities, hits, len(article_words(title, body)))
