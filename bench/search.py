"""Search latency: 200 mixed queries over the Reuters-21578 index, against SQLite FTS5.

Each query builds the full result object (hits, total, snippets, all five facets) and is timed
end to end; the same queries run through SQLite FTS5 (bm25 ranking, snippet(), the same facet
counts by GROUP BY) over the same articles in the same run. Then again at 10x: every article
copied ten times under new ids (about 216k articles).

Run: ``.venv/bin/python -m bench.search [--scale 1 --scale 10] [--rounds 3]``. Built indexes are
cached under ``bench/out/`` (git-ignored) and reused; delete the folder to rebuild.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from bench.corpora import CORPORA
from bench.search_fts import FtsIndex
from bench.search_queries import BenchQuery, make_queries
from indexer import store
from indexer.article import Article
from indexer.schema import from_stored
from newsarchive.settings import Settings
from search import Engine
from search.request import parse_request

PROJECT = Path(__file__).resolve().parents[1]

OUT = PROJECT / "bench" / "out"


def reuters_index() -> Path:
    """Return the 1x index folder, built once with the real rebuild pipeline."""
    from indexer.build import build_index

    index_dir = OUT / "reuters-1x"
    if store.generation_name(index_dir) is None:
        print("building the Reuters index (once) ...", file=sys.stderr)
        build_index(Settings(index_dir=index_dir, source_dirs=(CORPORA / "reuters21578",)))
    return index_dir


def stored_articles(index_dir: Path) -> list[Article]:
    """Return every article of an index, in document order."""
    from whoosh import index as whoosh_index

    generation = store.current_generation(index_dir)
    with whoosh_index.open_dir(str(generation)).searcher() as searcher:
        return [from_stored(fields) for fields in searcher.all_stored_fields()]


def scaled_index(base: Path, articles: list[Article], scale: int) -> Path:
    """Return an index holding ``scale`` copies of every article under new ids (cached)."""
    if scale == 1:
        return base
    index_dir = OUT / f"reuters-{scale}x"
    if store.generation_name(index_dir) is not None:
        return index_dir
    print(f"building the {scale}x index (once; this takes a while) ...", file=sys.stderr)
    from indexer.writing.writer import add_article, create_index

    started = time.perf_counter()
    with store.writer_lock(index_dir):
        building = store.start_generation(index_dir)
        # two segments, as `rebuild --workers 2` writes
        writer = create_index(building).writer(procs=2, limitmb=128, multisegment=True)
        for article in copies(articles, scale):
            add_article(writer, article)
        writer.commit()
        store.publish_generation(index_dir, building)
    print(f"  built in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    return index_dir


def copies(articles: list[Article], scale: int) -> Iterator[Article]:
    """Yield every article ``scale`` times, copies under new ids (and new duplicate groups)."""
    for copy in range(scale):
        for article in articles:
            if copy == 0:
                yield article
            else:
                group = f"{article.group}-x{copy}" if article.group else None
                yield article.with_(id=f"{article.id}-x{copy}", group=group)


def time_queries(
    run_one: Callable[[BenchQuery], object], queries: list[BenchQuery], rounds: int
) -> tuple[list[float], list[float]]:
    """Return wall-clock and CPU milliseconds of each query (after one untimed pass).

    CPU time (``time.thread_time``) is reported too because other processes share the machine:
    it shows what a query costs when it is not waiting for a core.
    """
    wall: list[float] = []
    cpu: list[float] = []
    for round_ in range(rounds + 1):
        for query in queries:
            started, started_cpu = time.perf_counter(), time.thread_time()
            run_one(query)
            if round_:
                wall.append((time.perf_counter() - started) * 1000)
                cpu.append((time.thread_time() - started_cpu) * 1000)
    return wall, cpu


def engine_runner(engine: Engine) -> Callable[[BenchQuery], object]:
    """Return a function running one query through the Engine: the full result document."""
    return lambda query: engine.search(parse_request(query.params(), engine.settings)).to_dict()


def _slowest(queries: list[BenchQuery], times: list[float]) -> list[str]:
    worst = sorted(range(len(times)), key=times.__getitem__)[-3:]
    return [f"{queries[i % len(queries)].label} {times[i]:.0f} ms" for i in reversed(worst)]


def throughput(engine: Engine, queries: list[BenchQuery], threads: int) -> float:
    """Return queries per second with ``threads`` threads sharing one Engine."""
    requests = [parse_request(q.params(), engine.settings) for q in queries]

    def work(part: list) -> None:
        for request in part:
            engine.search(request).to_dict()

    work(requests[:threads])  # every thread's first call opens its searcher: not timed
    parts = [requests[i::threads] for i in range(threads)]
    started = time.perf_counter()
    with ThreadPoolExecutor(threads) as pool:
        list(pool.map(work, parts))
    return len(requests) / (time.perf_counter() - started)


def summary(times: list[float]) -> tuple[float, float, float]:
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * len(ordered)) - 1)]
    return statistics.median(ordered), p95, ordered[-1]


def run(scales: list[int], rounds: int) -> list[dict[str, object]]:
    base = reuters_index()
    articles = stored_articles(base)
    rows = []
    for scale in scales:
        index_dir = scaled_index(base, articles, scale)
        engine = Engine(Settings(index_dir=index_dir))
        fts = FtsIndex.build(OUT / f"fts-{scale}x.sqlite", copies(articles, scale))
        warm = time.perf_counter()
        engine.search(parse_request({}, engine.settings))  # opens the searcher, reads columns
        warm_ms = (time.perf_counter() - warm) * 1000
        queries = make_queries(engine)
        load_before = os.getloadavg()[0]
        ours, ours_cpu = time_queries(engine_runner(engine), queries, rounds)
        theirs, theirs_cpu = time_queries(fts.search, queries, rounds)
        per_second = {n: throughput(engine, queries, n) for n in (1, 4)}
        p50, p95, worst = summary(ours)
        f50, f95, fworst = summary(theirs)
        rows.append(
            {
                "scale": scale,
                "articles": engine.count(parse_request({}, engine.settings)),
                "queries": len(queries),
                "first_ms": warm_ms,
                "p50": p50, "p95": p95, "max": worst,
                "fts_p50": f50, "fts_p95": f95, "fts_max": fworst,
                "ratio_p95": p95 / f95 if f95 else float("nan"),
                "cpu": summary(ours_cpu), "fts_cpu": summary(theirs_cpu),
                "slowest": _slowest(queries, ours),
                "qps_1": per_second[1],
                "qps_4": per_second[4],
                "load": (load_before, os.getloadavg()[0]),
            }
        )  # fmt: skip
        engine.close()
        fts.close()
    return rows


def print_table(rows: list[dict[str, object]]) -> None:
    print(
        "| scale | articles | queries | open+columns ms | p50 ms | p95 ms | max ms "
        "| FTS5 p50 | FTS5 p95 | FTS5 max | p95 ratio |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(
            f"| {r['scale']}x | {r['articles']} | {r['queries']} | {r['first_ms']:.0f} "
            f"| {r['p50']:.1f} | {r['p95']:.1f} | {r['max']:.1f} "
            f"| {r['fts_p50']:.1f} | {r['fts_p95']:.1f} | {r['fts_max']:.1f} "
            f"| {r['ratio_p95']:.2f} |"
        )
    print()
    print(
        "| scale | CPU p50 ms | CPU p95 ms | FTS5 CPU p50 | FTS5 CPU p95 | load avg before/after |"
    )
    print("|---|---|---|---|---|---|")
    for r in rows:
        cpu, fts_cpu, load = r["cpu"], r["fts_cpu"], r["load"]
        print(
            f"| {r['scale']}x | {cpu[0]:.1f} | {cpu[1]:.1f} | {fts_cpu[0]:.1f} | {fts_cpu[1]:.1f} "
            f"| {load[0]:.1f} / {load[1]:.1f} |"
        )  # type: ignore[index]
    for r in rows:
        print(f"slowest at {r['scale']}x: {', '.join(r['slowest'])}")  # type: ignore[arg-type]
        print(
            f"throughput at {r['scale']}x: {r['qps_1']:.0f} queries/s on 1 thread, "
            f"{r['qps_4']:.0f} on 4 threads sharing one Engine (a searcher per thread)"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, action="append", help="1 and/or 10 (default both)")
    parser.add_argument("--rounds", type=int, default=1, help="timed passes over the queries")
    parser.add_argument("--json", action="store_true", help="print the rows as JSON too")
    args = parser.parse_args()
    if not (CORPORA / "reuters21578").is_dir():
        sys.exit(f"Reuters-21578 not found under {CORPORA}")
    OUT.mkdir(parents=True, exist_ok=True)
    rows = run(args.scale or [1, 10], args.rounds)
    print(f"{platform.node()} · Python {platform.python_version()} · rounds={args.rounds}")
    print_table(rows)
    if args.json:
        print(json.dumps(rows, indent=1))


if __name__ == "__main__":
    main()
