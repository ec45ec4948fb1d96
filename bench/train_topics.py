"""Train the topic model shipped as indexer/data/topic_model.json (logistic + naive Bayes).

Training material: the training halves of the four labelled sources of bench/corpora.py
(BBC, HuffPost, Reuters, Wikinews; licences in indexer/data/README.md). Features are the
article's word stems and adjacent stem pairs (indexer.topics.model_features), present or absent,
the row scaled to unit length so a headline and a long story weigh alike. Every long article
is also seen as a short item (its headline and first two sentences), and every source weighs
the same in total, so the model learns topics rather than one source's style or length.
scikit-learn fits the weights; a multinomial naive Bayes over the same features is counted
beside it (``naive_bayes``); the shipped file is plain JSON read without scikit-learn.

    .venv/bin/python -m bench.train_topics     # train on the training halves, write the model
    .venv/bin/python -m bench.topic_eval       # in-sample and leave-one-source-out figures
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from bench.corpora import SOURCES, Labelled, read_labelled
from indexer.tagging.topics import model_features

ROOT = Path(__file__).resolve().parents[1]

MODEL = ROOT / "indexer" / "data" / "topic_model.json"
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’]?\s+(?=[\"“‘A-Z])")


@dataclass(frozen=True)
class Settings:
    """The choices made on the cross-source figures (bench/topic_eval.py)."""

    c: float = 4.0  # inverse L2 strength
    min_docs: int = 3  # a feature must occur in this many training articles
    min_sources: int = 2  # ... of this many sources (one source's idioms are not topics)
    short_copies: bool = True  # also train on each long article's headline and lead
    balance_sources: bool = True  # every source weighs the same in total
    min_weight: float = 0.05  # features whose largest |weight| is below this are not shipped


def short_version(title: str, body: str, sentences: int = 2) -> tuple[str, str]:
    """Return the article as a short item: its headline and first sentences."""
    lead = " ".join(_SENTENCE_END.split(" ".join(body.split()))[:sentences])
    return title, lead


def training_rows(items: Sequence[Labelled], settings: Settings) -> list[tuple[str, str, set]]:
    """Return (source, topic, feature set) rows, long articles also as short items."""
    rows = []
    for item in items:
        rows.append((item.source, item.topic, set(model_features(item.title, item.body))))
        if settings.short_copies and len(item.body) > 400:
            short = short_version(item.title, item.body)
            rows.append((item.source, item.topic, set(model_features(*short))))
    return rows


def _vocabulary(rows: list[tuple[str, str, set]], settings: Settings) -> list[str]:
    docs: Counter[str] = Counter()
    sources: dict[str, set[str]] = {}
    for source, _, features in rows:
        docs.update(features)
        for feature in features:
            sources.setdefault(feature, set()).add(source)
    wide = {f for f, found in sources.items() if len(found) >= settings.min_sources}
    return sorted(f for f, n in docs.items() if n >= settings.min_docs and f in wide)


def train(items: Sequence[Labelled], settings: Settings | None = None) -> dict:
    """Return the model as plain data: classes, bias and per-feature weights."""
    import numpy as np
    from scipy.sparse import csr_matrix
    from sklearn.linear_model import LogisticRegression

    settings = settings or Settings()
    rows = training_rows(items, settings)
    vocabulary = _vocabulary(rows, settings)
    index = {f: i for i, f in enumerate(vocabulary)}
    cols, ptr, values = [], [0], []
    for _, _, features in rows:
        known = [index[f] for f in features if f in index]
        cols.extend(known)
        values.extend([1 / math.sqrt(max(1, len(features)))] * len(known))
        ptr.append(len(cols))
    matrix = csr_matrix((values, cols, ptr), shape=(len(rows), len(vocabulary)))
    labels = [topic for _, topic, _ in rows]
    per_source = Counter(source for source, _, _ in rows)
    weights = [
        len(rows) / (len(per_source) * per_source[s]) if settings.balance_sources else 1.0
        for s, _, _ in rows
    ]
    fitted = LogisticRegression(C=settings.c, max_iter=300)
    fitted.fit(matrix, labels, sample_weight=np.array(weights))
    classes = [str(c) for c in fitted.classes_]
    coef = fitted.coef_ if len(classes) > 2 else np.vstack([-fitted.coef_, fitted.coef_])
    words = {
        feature: [round(float(w), 2) for w in coef[:, i]]
        for i, feature in enumerate(vocabulary)
        if np.abs(coef[:, i]).max() >= settings.min_weight
    }
    return {
        "kind": "logistic",
        "classes": classes,
        "bias": [round(float(b), 3) for b in fitted.intercept_],
        "words": words,
        "naive_bayes": naive_bayes(rows, weights, classes, words),
        "trained_on": dict(Counter(labels)),
    }


def naive_bayes(
    rows: list[tuple[str, str, set]], weights: Sequence[float], classes: list[str], keys: dict
) -> dict:
    """Return a multinomial naive Bayes over the same features (``keys``) as plain data: per
    class the log prior and log(total + vocabulary) (Laplace smoothing), per feature
    log(count + 1). Rows weigh as in the logistic fit (every source alike)."""
    counts = {c: Counter() for c in classes}  # type: dict[str, Counter[str]]
    prior: Counter[str] = Counter()
    for (_, topic, features), weight in zip(rows, weights, strict=True):
        prior[topic] += weight
        known = counts[topic]
        for feature in features:
            if feature in keys:
                known[feature] += weight
    size = sum(prior.values())
    return {
        "prior": [round(math.log(prior[c] / size), 3) for c in classes],
        "denominator": [round(math.log(sum(counts[c].values()) + len(keys)), 3) for c in classes],
        "words": {f: [round(math.log(counts[c][f] + 1), 2) for c in classes] for f in keys},
    }


def training_half() -> list[Labelled]:
    """Return the training halves of every source."""
    return [item for source in SOURCES for item in read_labelled(source) if item.train]


def main() -> None:
    """Train on the training halves and write the model file."""
    model = train(training_half())
    MODEL.write_text(json.dumps(model, separators=(",", ":"), sort_keys=True) + "\n")
    print(f"{len(model['words'])} features -> {MODEL.relative_to(ROOT)}")
    for slug, count in sorted(model["trained_on"].items()):
        print(f"  {slug}: {count}")


if __name__ == "__main__":
    main()
