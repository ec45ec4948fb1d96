"""Packed per-topic weights, and the logistic-regression topic model built on them.

Each key's weights (one per topic, with two decimals) are packed into one Python integer,
FIELD_BITS bits per topic, each offset to stay positive. Summing an article's words is
then one C-level ``sum()`` of integers instead of a Python loop per topic; unpacking the
total gives exactly the same numbers as adding the rounded weights one by one.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from pathlib import Path

FIELD_BITS = 48  # room for 2**30 keys' offset values without spilling into the next field
OFFSET = 1 << 17  # |weight| < 1310.72, so offset weights (in hundredths) stay positive
SCALE = 100  # two decimals
BAYES_SHARE = 0.5  # of a topic's probability that comes from the naive Bayes model
BAYES_TEMPERATURE = 6.0  # its log-likelihood per feature is multiplied by this
BAYES_MIN_FEATURES = 10  # ... averaged over at least this many: three known words are not sure


class PackedWeights:
    """A table key -> one weight per class, summed fast over many keys."""

    def __init__(self, classes: Sequence[str]) -> None:
        self.classes = list(classes)
        self.rows: dict[str, int] = {}
        self.zero = sum(OFFSET << (i * FIELD_BITS) for i in range(len(self.classes)))

    @classmethod
    def of(cls, classes: Sequence[str], rows: dict[str, list[float]]) -> PackedWeights:
        """Return the table holding ``rows`` (key -> one weight per class, in class order)."""
        table = cls(classes)
        for key, weights in rows.items():
            table.add(key, weights)
        return table

    def add(self, key: str, weights: Sequence[float]) -> None:
        """Store a key's weights, one per class in class order."""
        value = 0
        for index, weight in enumerate(weights):
            value |= (round(weight * SCALE) + OFFSET) << (index * FIELD_BITS)
        self.rows[key] = value

    def values(self, key: str) -> list[float] | None:
        """Return a key's weights, one per class in class order (None for an unknown key)."""
        value = self.rows.get(key)
        if value is None:
            return None
        mask = (1 << FIELD_BITS) - 1
        return [
            (((value >> (i * FIELD_BITS)) & mask) - OFFSET) / SCALE
            for i in range(len(self.classes))
        ]

    def sums(self, keys: Sequence[str]) -> tuple[list[float], int]:
        """Return the per-class sums of the known keys' weights and how many keys were known."""
        known = list(filter(None, map(self.rows.get, keys)))  # a packed row is never 0
        total, count = sum(known), len(known)
        mask = (1 << FIELD_BITS) - 1
        return [
            (((total >> (i * FIELD_BITS)) & mask) - count * OFFSET) / SCALE
            for i in range(len(self.classes))
        ], count


class TopicModel:
    """Multinomial logistic regression over the presence of word stems and stem pairs.

    An article's feature set is scaled to unit length (each present feature counts
    1/sqrt(number of distinct features)), so a headline and a long story are read alike.
    """

    def __init__(
        self,
        classes: list[str],
        words: dict[str, list[float]],
        bias: list[float],
        naive_bayes: NaiveBayes | None = None,
    ) -> None:
        self.weights = PackedWeights.of(classes, words)
        self.bias = bias
        self.naive_bayes = naive_bayes

    @classmethod
    def load(cls, path: Path) -> TopicModel:
        """Read a model file written by bench/train_topics.py (missing: a model knowing no word)."""
        if not path.exists():
            return cls([], {}, [])
        return cls.from_data(json.loads(path.read_text(encoding="utf-8")))

    @classmethod
    def from_data(cls, data: dict) -> TopicModel:
        """Build the model from its plain-data form (classes, bias, per-feature weights)."""
        bayes = data.get("naive_bayes")
        naive_bayes = NaiveBayes(data["classes"], **bayes) if bayes else None
        return cls(data["classes"], data["words"], data["bias"], naive_bayes)

    def indicative(self, features: Sequence[str], topic: str, limit: int) -> list[str]:
        """Return the article features that speak most for a topic, best first: each one's
        share of the topic's log-odds against the average topic, in both models as they are
        averaged (the logistic weight per sqrt(feature), naive Bayes's tempered likelihood)."""
        if topic not in self.weights.classes:
            return []
        distinct = set(features)
        at = self.weights.classes.index(topic)
        bayes = self.naive_bayes
        share = BAYES_SHARE if bayes is not None else 0.0
        scale = (1 - share) / math.sqrt(max(1, len(distinct)))
        known = sum(1 for f in distinct if bayes is not None and f in bayes.weights.rows)
        temper = share * BAYES_TEMPERATURE / max(BAYES_MIN_FEATURES, known)
        speaks: dict[str, float] = {}
        for feature in distinct:
            amount = 0.0
            for weights, factor in ((self.weights, scale), (bayes and bayes.weights, temper)):
                row = weights.values(feature) if weights else None
                if row is not None:
                    amount += factor * (row[at] - sum(row) / len(row))
            if amount > 0:
                speaks[feature] = amount
        ranked = sorted(speaks, key=lambda f: (-speaks[f], f))[:limit]
        return [f.replace("_", " ") for f in ranked]

    def probabilities(self, features: Sequence[str]) -> dict[str, float]:
        """Return {topic: probability} for an article's features (empty if none is known)."""
        distinct = set(features)
        sums, count = self.weights.sums(list(distinct))
        if not count:
            return {}
        scale = 1 / math.sqrt(len(distinct))
        logits = [b + s * scale for b, s in zip(self.bias, sums, strict=True)]
        mine = _softmax(logits)
        if self.naive_bayes is not None:
            theirs = self.naive_bayes.probabilities(list(distinct))
            mine = [
                (1 - BAYES_SHARE) * m + BAYES_SHARE * t for m, t in zip(mine, theirs, strict=True)
            ]
        return dict(zip(self.weights.classes, mine, strict=True))


class NaiveBayes:
    """Multinomial naive Bayes over the same features, tempered: its log-likelihood per known
    feature times ``BAYES_TEMPERATURE`` (raw naive Bayes is sure of everything), the average
    taken over at least ``BAYES_MIN_FEATURES`` so that a text of two or three known words
    ("Click here to read more") is not read as surely as a story (it was: 0.99 for one topic,
    from the topic prior and a rare word; cross-source figures unchanged). Averaged with
    the logistic model (``BAYES_SHARE``): the two err on different articles (naive Bayes does
    better on headlines and wire copy of a new source, the logistic model on long news), and
    the average generalises across sources better than either (``bench/RESULTS.md``)."""

    def __init__(
        self,
        classes: list[str],
        prior: list[float],
        denominator: list[float],
        words: dict[str, list[float]],
    ) -> None:
        self.weights = PackedWeights.of(classes, words)
        self.prior, self.denominator = prior, denominator

    def probabilities(self, features: Sequence[str]) -> list[float]:
        """Return one probability per class, in class order (uniform if no feature is known)."""
        sums, count = self.weights.sums(features)
        scale = BAYES_TEMPERATURE / max(BAYES_MIN_FEATURES, count)
        logits = [
            (p + s - count * d) * scale
            for p, s, d in zip(self.prior, sums, self.denominator, strict=True)
        ]
        return _softmax(logits)


def _softmax(logits: Sequence[float]) -> list[float]:
    top = max(logits)
    exps = [math.exp(value - top) for value in logits]
    norm = sum(exps)
    return [e / norm for e in exps]
