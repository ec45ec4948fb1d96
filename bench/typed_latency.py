"""Latency of natural-language queries: what people type, timed through the full search.

The 40 development queries of ``../shared/relevance/reuters-topics`` and the 21 held-out
HuffPost descriptions (``bench/heldout_queries.tsv``), typed as they are (5-16 words each), each
building the full result document (hits, total, snippets, five facets, the tier notice), as
``bench/search.py`` times its 200 keyword queries. Issue #11's target: a query of 12 words or
more at 10x, p95 <= 150 ms. Wall and CPU (``time.thread_time``) milliseconds are printed, all
queries and those of 12+ words apart, after one untimed pass.

Run: ``.venv/bin/python -m bench.typed_latency [--index DIR] [--rounds 3]``. Without
``--index`` the 1x Reuters index of ``bench/search.py`` is used (built once); for 10x pass the
index ``bench/scale.py --scale 10`` built (``/tmp/newsarchive-scale/index-10x``).
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

from bench.relevance import HELDOUT_QUERIES, RELEVANCE, _lines
from bench.search import reuters_index, summary
from newsarchive.settings import Settings
from search import Engine
from search.request import parse_request

LONG_WORDS = 12  # the "natural-language query of 12 words"


def typed_queries() -> list[str]:
    """Return the development and held-out queries as a person typed them."""
    dev = [line.split("\t", 1)[1] for line in _lines(RELEVANCE / "reuters-topics" / "queries.tsv")]
    held_out = [line.split("\t")[2] for line in _lines(HELDOUT_QUERIES)]
    return dev + held_out


def time_typed(engine: Engine, queries: list[str], rounds: int) -> list[tuple[str, float, float]]:
    """Return (query, wall ms, CPU ms) for every timed run of every query."""
    timed = []
    for round_ in range(rounds + 1):
        for text in queries:
            request = parse_request({"q": [text]}, engine.settings)
            started, started_cpu = time.perf_counter(), time.thread_time()
            engine.search(request).to_dict()
            if round_:
                wall = (time.perf_counter() - started) * 1000
                timed.append((text, wall, (time.thread_time() - started_cpu) * 1000))
    return timed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", type=Path, help="index folder (default: Reuters 1x)")
    parser.add_argument("--rounds", type=int, default=3, help="timed passes over the queries")
    args = parser.parse_args()
    engine = Engine(Settings(index_dir=args.index or reuters_index()))
    articles = engine.count(parse_request({}, engine.settings))
    load = os.getloadavg()[0]
    timed = time_typed(engine, typed_queries(), args.rounds)
    print(f"index {engine.settings.index_dir} ({articles:,} articles), {args.rounds} rounds")
    print("| queries | runs | wall p50 / p95 / max ms | CPU p50 / p95 / max ms |")
    print("|---|---|---|---|")
    groups = {
        "all typed (5-16 words)": timed,
        f"{LONG_WORDS}+ words": [t for t in timed if len(t[0].split()) >= LONG_WORDS],
    }
    for name, runs in groups.items():
        wall = summary([t[1] for t in runs])
        cpu = summary([t[2] for t in runs])
        print(
            f"| {name} | {len(runs)} | {wall[0]:.1f} / {wall[1]:.1f} / {wall[2]:.1f} "
            f"| {cpu[0]:.1f} / {cpu[1]:.1f} / {cpu[2]:.1f} |"
        )
    slowest = sorted(timed, key=lambda t: t[2])[-3:]
    print("slowest (CPU): " + "; ".join(f"{t[0][:60]!r} {t[2]:.0f} ms" for t in reversed(slowest)))
    print(f"load average {load:.1f} before, {os.getloadavg()[0]:.1f} after")
    engine.close()


if __name__ == "__main__":
    main()
