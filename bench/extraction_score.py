"""The article-extraction benchmark's measure and pages (../shared/corpora/article-extraction).

Body: word 4-gram shingles as multisets, per-page normalised TP/FP/FN, precision and recall
averaged over pages, F1 of the averages (the benchmark's own measure).
"""

from __future__ import annotations

import gzip
import json
import re
import statistics
from collections import Counter

from bench.corpora import CORPORA

CORPUS = CORPORA / "article-extraction"
_TOKEN = re.compile(r"\w+")


def shingle_scores(true: str, pred: str, n: int = 4) -> tuple[float, float, float]:
    """Return the page's normalised (tp, fp, fn) over word n-gram shingles."""
    true_counts, pred_counts = _shingles(true, n), _shingles(pred, n)
    tp = sum((true_counts & pred_counts).values())
    fp = sum((pred_counts - true_counts).values())
    fn = sum((true_counts - pred_counts).values())
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def _shingles(text: str, n: int) -> Counter[tuple[str, ...]]:
    tokens = _TOKEN.findall(text or "")
    return Counter(tuple(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1)) if tokens)


def precision_recall_f1(scores: list[tuple[float, float, float]]) -> tuple[float, float, float]:
    """Return the benchmark's averaged precision, recall and their F1."""
    precisions = [_ratio(tp, fp, fn, fp) for tp, fp, fn in scores if tp + fp > 0]
    recalls = [_ratio(tp, fp, fn, fn) for tp, fp, fn in scores if tp + fn > 0]
    precision, recall = statistics.mean(precisions), statistics.mean(recalls)
    return precision, recall, 2 * precision * recall / (precision + recall)


def _ratio(tp: float, fp: float, fn: float, miss: float) -> float:
    if fp == fn == 0:
        return 1.0
    return tp / (tp + miss) if tp + miss else 0.0


def load_pages() -> list[tuple[str, bytes, str]]:
    """Return (id, raw html, true body) for every page of the corpus."""
    truth = json.loads((CORPUS / "ground-truth.json").read_text(encoding="utf-8"))
    return [
        (
            key,
            gzip.decompress((CORPUS / "html" / f"{key}.html.gz").read_bytes()),
            item["articleBody"],
        )
        for key, item in sorted(truth.items())
    ]
