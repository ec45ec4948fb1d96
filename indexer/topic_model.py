"""The topic model at run time: naive Bayes weights packed for fast summing.

Each word's weights (one per topic, in hundredths, as bench/train_topics.py writes them)
are packed into one Python integer, FIELD_BITS bits per topic, each offset to stay
positive. Summing an article's words is then one C-level ``sum()`` of integers instead of
a Python loop per topic; unpacking the total gives exactly the same numbers.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

FIELD_BITS = 48  # room for 2**30 words of offset values without overflow into the next field
OFFSET = 1 << 17  # weights are within +-1310.71 (in hundredths), so offset ones stay positive
SCALE = 100  # weights are stored with two decimals


class TopicModel:
    """Per-word log-likelihood weights of each topic, centred per word."""

    def __init__(self, classes: list[str], words: dict[str, list[float]]) -> None:
        self.classes = classes
        self.packed: dict[str, int] = {}
        for word, weights in words.items():
            value = 0
            for index, weight in enumerate(weights):
                value |= (round(weight * SCALE) + OFFSET) << (index * FIELD_BITS)
            self.packed[word] = value

    @classmethod
    def load(cls, path: Path) -> TopicModel:
        """Read a model file; a missing file gives a model that knows no word."""
        if not path.exists():
            return cls([], {})
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls(data["classes"], data["words"])

    def probabilities(self, features: list[str], temperature: float) -> dict[str, float]:
        """Return {topic: probability} from the features' average weights (empty if none known)."""
        known = [v for v in map(self.packed.get, features) if v is not None]
        if not known:
            return {}
        total, count = sum(known), len(known)
        mask = (1 << FIELD_BITS) - 1
        sums = [
            ((total >> (i * FIELD_BITS)) & mask) - count * OFFSET for i in range(len(self.classes))
        ]
        top = max(sums)
        scale = temperature / (count * SCALE)  # an average per feature: long texts are not surer
        exps = [math.exp(scale * (s - top)) for s in sums]
        norm = sum(exps)
        return {slug: e / norm for slug, e in zip(self.classes, exps, strict=True)}
