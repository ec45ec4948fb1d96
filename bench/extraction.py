"""Benchmark HTML extraction on ../shared/corpora/article-extraction/ and print one table.

Body: the benchmark's own measure (word 4-gram shingles as multisets, per-page normalised
TP/FP/FN, precision and recall averaged over pages, F1 of the averages). Date: the ground
truth has none, so the table shows date coverage by source. Time: CPU ms per page (process
time, so other load on the machine does not count), mean and p95.

    .venv/bin/python -m bench.extraction [--worst N] [--trafilatura] [--cv]

``--cv`` adds the five-fold cross-validated F1 of the extractor's word rules (the folds are
fixed in bench/extraction_folds.tsv; see bench/extraction_rules.py): what the rules are worth
on pages they were not written for. It re-extracts the pages ~150 times.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import time
from collections import Counter

from bench.extraction_rules import cross_validated_row
from bench.extraction_score import CORPUS, load_pages, precision_recall_f1, shingle_scores
from indexer.article import Article
from indexer.reading.html.page import extract_html

__all__ = ["load_pages", "precision_recall_f1", "shingle_scores"]  # the measure, for tests

_URL_DATE = re.compile(r"/((?:19|20)\d\d)/(\d{1,2})/(\d{1,2})/")


def run_ours(pages: list[tuple[str, bytes, str]]) -> tuple[list[str], list[float], list[Article]]:
    """Return extracted bodies, CPU ms per page and the articles (for the date columns)."""
    bodies, times, articles = [], [], []
    for key, raw, _ in pages:
        start = time.process_time()
        result = extract_html(raw, f"{key}.html")
        times.append((time.process_time() - start) * 1000)
        if isinstance(result, Article):
            articles.append(result)
        bodies.append(result.body if isinstance(result, Article) else "")
    return bodies, times, articles


def date_report(articles: list[Article]) -> str:
    """Return date coverage by source, and agreement with a date written in the true url."""
    truth = json.loads((CORPUS / "ground-truth.json").read_text(encoding="utf-8"))
    sources = Counter(a.provenance.get("date", "none") for a in articles)
    found = sum(v for k, v in sources.items() if k != "none")
    by_source = ", ".join(f"{k} {v}" for k, v in sources.most_common())
    checked = agreed = 0
    for article in articles:
        match = _URL_DATE.search(truth[article.id]["url"])
        if match and "url" not in article.provenance.get("date", "url"):
            checked += 1
            agreed += article.date == "{}-{:0>2}-{:0>2}".format(*match.groups())
    return (
        f"Date found on {found}/{len(articles)} pages ({found / len(articles):.0%}); "
        f"by source: {by_source}.\nNo dates in the ground truth; where the true url has "
        f"/YYYY/MM/DD/ and the date came from elsewhere, it agrees on {agreed}/{checked}."
    )


def run_trafilatura(pages: list[tuple[str, bytes, str]]) -> tuple[list[str], list[float]] | None:
    """Return trafilatura's bodies and ms per page, or None when it is not installed."""
    try:
        import trafilatura  # type: ignore[import-not-found]
    except ImportError:
        return None
    bodies, times = [], []
    for _, raw, _ in pages:
        start = time.process_time()
        bodies.append(trafilatura.extract(raw) or "")
        times.append((time.process_time() - start) * 1000)
    return bodies, times


def _row(name: str, truths: list[str], bodies: list[str], times: list[float]) -> str:
    precision, recall, f1 = precision_recall_f1(
        [shingle_scores(t, b) for t, b in zip(truths, bodies, strict=True)]
    )
    p95 = sorted(times)[int(len(times) * 0.95) - 1]
    return (
        f"| {name} | {precision:.3f} | {recall:.3f} | {f1:.3f} "
        f"| {statistics.mean(times):.1f} | {p95:.1f} |"
    )


def main() -> None:
    """Print the table (and optionally the worst pages)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--worst", type=int, default=0, help="also list the N worst pages")
    parser.add_argument("--trafilatura", action="store_true", help="add a trafilatura row")
    parser.add_argument(
        "--cv", action="store_true", help="also the 5-fold cross-validated F1 of the word rules"
    )
    args = parser.parse_args()
    if not CORPUS.is_dir():
        sys.exit(f"corpus not found: {CORPUS}")
    pages = load_pages()
    truths = [truth for _, _, truth in pages]
    bodies, times, articles = run_ours(pages)
    print(f"{len(pages)} pages from {CORPUS}")
    print("| extractor | precision | recall | F1 | CPU ms/page mean | CPU ms/page p95 |")
    print("| --- | --- | --- | --- | --- | --- |")
    print(_row("newsarchive (html_extract)", truths, bodies, times))
    other = run_trafilatura(pages) if args.trafilatura else None
    if other:
        print(_row("trafilatura", truths, *other))
    if args.cv:
        print(cross_validated_row(pages))
    print("\n" + date_report(articles))
    if args.worst:
        ranked = sorted(
            (2 * tp / (2 * tp + fp + fn) if tp else 0.0, fp, fn, key)
            for (key, _, truth), body in zip(pages, bodies, strict=True)
            for tp, fp, fn in [shingle_scores(truth, body)]
        )
        for f1, fp, fn, key in ranked[: args.worst]:
            print(f"{key[:12]}  F1 {f1:.3f}  fp {fp:.3f}  fn {fn:.3f}")


if __name__ == "__main__":
    main()
