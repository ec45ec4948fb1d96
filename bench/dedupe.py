"""Benchmark near-duplicate grouping: its cost, what it finds, and its precision.

1. Cost and counts per corpus (articles read with the real readers; a repeated body is left out,
   as the rebuild does): articles compared, groups, copies (grouped articles beyond the first of
   each group), stories (articles - copies), CPU seconds (best of 3) and articles/s; a 10x
   Reuters (each copy's words suffixed, so copies never match each other) checks linear scaling.
2. With ``--rebuild``: the CPU time of a whole ``build_index`` of Reuters (which groups too),
   and grouping's share of it.
3. Precision on the hand-labelled pairs of ``tests/data/duplicate_pairs.json`` at several
   thresholds: each pair is given alone to a grouper. "strict" counts same-day updates of a
   market table or story as different stories. "weighted" re-weights the stratified sample by
   how many grouped pairs of each corpus and similarity decile the corpora really have.

    .venv/bin/python -m bench.dedupe [--rebuild]
"""

from __future__ import annotations

import argparse
import gc
import json
import re
import resource
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

from bench.corpora import CORPORA
from indexer.article import Article, Skip
from indexer.passes.corpus_passes import body_key
from indexer.passes.dedupe import (
    DEFAULT_THRESHOLD,
    MAX_DAYS,
    NearDuplicateGrouper,
    similarity,
)
from indexer.reading.extract import extract_article
from indexer.reading.readers import iter_raw_docs

ROOT = Path(__file__).resolve().parents[1]

NAMES = ("reuters21578", "bbc", "wikinews-en", "news-category-huffpost")
PAIRS = ROOT / "tests" / "data" / "duplicate_pairs.json"
THRESHOLDS = (0.3, 0.4, 0.5, 0.6, 0.7)
_WORD = re.compile(r"\w+")


def load(name: str) -> list[Article]:
    """Return the articles of one corpus."""
    articles = []
    for raw in iter_raw_docs([CORPORA / name]):
        article = raw if isinstance(raw, Skip) else extract_article(raw)
        if isinstance(article, Article):
            articles.append(article)
    return articles


def first_bodies(articles: list[Article]) -> list[Article]:
    """Return the articles without repeats of a body: the rebuild indexes (and groups) one."""
    seen: set[bytes] = set()
    kept = []
    for article in articles:
        key = body_key(article.body)
        if key is None or key not in seen:
            kept.append(article)
            if key is not None:
                seen.add(key)
    return kept


def cpu() -> float:
    """Return CPU seconds used so far by this process and its finished children."""
    own, kids = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def run_grouper(
    articles: list[Article], repeats: int = 3
) -> tuple[NearDuplicateGrouper, dict[str, str], float]:
    """Group the articles a few times; return the last grouper, its groups, the best CPU time."""
    best = float("inf")
    for _ in range(repeats):
        started = time.process_time()
        grouper = NearDuplicateGrouper()
        for article in articles:
            grouper.add(article)
        groups = grouper.groups()
        best = min(best, time.process_time() - started)
    return grouper, groups, best


def suffixed(articles: list[Article], copies: int) -> list[Article]:
    """Return ``copies`` renamed copies of the articles whose words never match across copies."""
    out = []
    for n in range(copies):
        replacement = rf"\g<0>q{n}"
        for a in articles:
            title, body = (_WORD.sub(replacement, t) for t in (a.title, a.body))
            out.append(a.with_(id=f"{a.id}-{n}", title=title, body=body))
    return out


def cost_table(corpora: dict[str, list[Article]]) -> dict[str, float]:
    """Print the cost and counts table; return the CPU seconds per corpus."""
    print("| corpus | articles | compared | groups | copies | stories | CPU s | articles/s |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    seconds = {}
    runs = {name: first_bodies(articles) for name, articles in corpora.items()}
    runs["reuters21578 x10"] = suffixed(runs["reuters21578"], 10)
    gc.freeze()  # the articles held here are not the grouper's: keep the collector off them
    for name, articles in runs.items():
        grouper, groups, best = run_grouper(articles, 1 if "x10" in name else 3)
        count, found = len(articles), len(set(groups.values()))
        copies = len(groups) - found
        seconds[name] = best
        print(
            f"| {name} | {count:,} | {len(grouper):,} | {found:,} | {copies:,} "
            f"| {count - copies:,} | {best:.2f} | {count / best:,.0f} |"
        )
    return seconds


def rebuild_share(grouping_seconds: float) -> None:
    """Time a whole rebuild of Reuters and print grouping's share of its CPU time."""
    from indexer.build import build_index
    from newsarchive.settings import Settings

    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(index_dir=Path(tmp) / "idx", source_dirs=(CORPORA / "reuters21578",))
        started, wall = cpu(), time.perf_counter()
        report = build_index(settings)
        used, wall = cpu() - started, time.perf_counter() - wall
    print(
        f"\nRebuild of Reuters: {report.indexed:,} articles, {used:.1f} CPU s ({wall:.1f} s wall);"
        f" grouping {grouping_seconds:.2f} CPU s = {100 * grouping_seconds / used:.1f}% of it."
    )


def verdict(a: Article, b: Article, threshold: float, max_days: int = MAX_DAYS) -> bool:
    """Return whether a grouper given only these two articles puts them together."""
    grouper = NearDuplicateGrouper(threshold, max_days=max_days)
    grouper.add(a)
    grouper.add(b)
    return bool(grouper.groups())


def _decile(a: Article, b: Article) -> int:
    """Return the similarity decile of a pair, 2-9 (the labelled pairs start at 0.2)."""
    exact = similarity(f"{a.title}\n{a.body}", f"{b.title}\n{b.body}")
    return max(2, min(int(10 * exact), 9))


def stratum_precision(pairs: list[dict], by_id: dict[str, Article]) -> Callable[[str, int], float]:
    """Return (corpus, decile) -> share of same-story pairs among the labelled in-window pairs."""
    same: dict[tuple[str, int], list[bool]] = defaultdict(list)
    for p in pairs:
        a, b = by_id[p["a"]], by_id[p["b"]]
        if verdict(a, b, 0.01):  # in the date window and long enough: the sampled population
            same[p["corpus"], _decile(a, b)].append(p["same"])
    by_decile: dict[int, list[bool]] = defaultdict(list)
    for (_, decile), flags in same.items():
        by_decile[decile].extend(flags)

    def precision(corpus: str, decile: int) -> float:
        flags = same.get((corpus, decile)) or by_decile[decile]
        return sum(flags) / len(flags)

    return precision


def weighted_precision(
    corpora: dict[str, list[Article]], precision: Callable[[str, int], float]
) -> dict[float, float]:
    """Return threshold -> precision over every pair the grouper accepts, stratum-weighted."""
    accepted: dict[float, list[float]] = defaultdict(list)
    for name, everything in corpora.items():
        articles = first_bodies(everything)
        grouper = NearDuplicateGrouper(min(THRESHOLDS))
        for article in articles:
            grouper.add(article)
        by_id = {a.id: a for a in articles}
        for i, j, estimate in grouper.similar_pairs():
            a, b = by_id[grouper.article_id(i)], by_id[grouper.article_id(j)]
            share = precision(name, _decile(a, b))
            for t in THRESHOLDS:
                if estimate >= t:
                    accepted[t].append(share)
    return {t: sum(v) / len(v) for t, v in accepted.items()}


def precision_table(corpora: dict[str, list[Article]]) -> None:
    """Print precision and recall of the grouper's verdicts on the hand-labelled pairs."""
    pairs = json.loads(PAIRS.read_text())
    by_id = {a.id: a for articles in corpora.values() for a in articles}
    weighted = weighted_precision(corpora, stratum_precision(pairs, by_id))
    labelled_same = sum(p["same"] for p in pairs)
    print(
        f"\n{len(pairs)} labelled pairs ({labelled_same} same story), default {DEFAULT_THRESHOLD}"
    )
    print("| threshold | grouped pairs | precision | strict | weighted | recall |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    rows = [(t, MAX_DAYS, f"{t}") for t in THRESHOLDS]
    rows.append((DEFAULT_THRESHOLD, 10**6, f"{DEFAULT_THRESHOLD}, no date window"))
    for t, max_days, label in rows:
        grouped = [p for p in pairs if verdict(by_id[p["a"]], by_id[p["b"]], t, max_days)]
        hits = sum(p["same"] for p in grouped)
        strict = sum(p["same"] and not p["note"].startswith("update") for p in grouped)
        share = f"{weighted[t]:.3f}" if max_days == MAX_DAYS else "-"
        print(
            f"| {label} | {len(grouped)} | {hits / len(grouped):.3f} | {strict / len(grouped):.3f}"
            f" | {share} | {hits / labelled_same:.3f} |"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rebuild", action="store_true", help="also time a Reuters rebuild")
    args = parser.parse_args()
    missing = [name for name in NAMES if not (CORPORA / name).is_dir()]
    if missing:
        sys.exit(f"corpora missing under {CORPORA}: {', '.join(missing)}")
    corpora = {name: load(name) for name in NAMES}
    seconds = cost_table(corpora)
    if args.rebuild:
        rebuild_share(seconds["reuters21578"])
    precision_table(corpora)


if __name__ == "__main__":
    main()
