"""Research tools: exporting every Reuters story (``*``) as CSV / JSON Lines, and collapsing cost.

Export: each (scale, format) runs in a fresh child process (so peak memory is its own): the
engine opens the index and warms its per-generation caches, then ``search/export.py`` streams
every article of ``*`` into a sink that only counts characters. Reported: rows, rows/s, the
child's peak RSS (``ru_maxrss``), how much the export added to the RSS the warm engine already
had (mostly the index file's pages, mapped in as stored fields are read) and the Python heap's
peak during a second, traced export (``tracemalloc``): what the export itself holds.

Collapse: the same searches with collapsing on (default) and off, median of ``--rounds`` runs
after one warm-up, to show that folding near-duplicate groups costs little.

Run: ``.venv/bin/python -m bench.export [--scale 1 --scale 10] [--rounds 15]``. Indexes are
the ones ``bench/search.py`` caches under ``bench/out/`` (built once when missing).
"""

from __future__ import annotations

import argparse
import io
import json
import resource
import statistics
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

from newsarchive.settings import Settings
from search import Engine, SearchRequest
from search.export import export_chunks, iter_export_rows

PROJECT = Path(__file__).resolve().parents[1]

COLLAPSE_QUERIES = ("", "said", "oil", "fed reserves", "coffee", "dividend", "bank of england")


class CountingSink(io.TextIOBase):
    """A text stream that keeps only the number of characters written."""

    chars = 0

    def write(self, text: str) -> int:
        self.chars += len(text)
        return len(text)


def rss_mb() -> float:
    """Return this process's peak resident set size so far, in MB (Linux: KB units)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def export_all(engine: Engine, fmt: str) -> tuple[int, int]:
    """Export ``*`` into a counting sink; return (rows, characters)."""
    sink = CountingSink()
    rows = 0

    def counted():
        nonlocal rows
        for row in iter_export_rows(engine, SearchRequest(q="*")):
            rows += 1
            yield row

    for chunk in export_chunks(counted(), fmt):
        sink.write(chunk)
    return rows, sink.chars


def export_once(index_dir: Path, fmt: str) -> dict:
    """Export ``*`` from ``index_dir`` in ``fmt``; return rows, seconds and memory (child side).

    A second, traced export measures the Python heap's peak (``tracemalloc``), which unlike RSS
    leaves out the index file's pages the operating system maps in as the rows are read.
    """
    engine = Engine(Settings(index_dir=index_dir))
    engine.search(SearchRequest(q="", per_page=1))  # per-generation caches, as a server has
    before = rss_mb()
    started = time.perf_counter()
    rows, chars = export_all(engine, fmt)
    seconds = time.perf_counter() - started
    peak = rss_mb()
    tracemalloc.start()
    export_all(engine, fmt)
    heap = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return {"rows": rows, "seconds": seconds, "mb": chars / 1e6, "rss_before": before,
            "rss_peak": peak, "heap_peak": heap}  # fmt: skip


def run_child(index_dir: Path, fmt: str) -> dict:
    """Run ``export_once`` in a fresh Python process and return its answer."""
    command = [sys.executable, __file__, "--child", str(index_dir), fmt]
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def time_collapse(index_dir: Path, rounds: int) -> list[dict]:
    """Return the median search time of each query with collapsing on and off."""
    engine = Engine(Settings(index_dir=index_dir))
    out = []
    for q in COLLAPSE_QUERIES:
        times: dict[bool, list[float]] = {True: [], False: []}
        for round_ in range(rounds + 1):
            for collapse in (True, False) if round_ % 2 else (False, True):  # alternate order
                started = time.perf_counter()
                results = engine.search(SearchRequest(q=q, collapse=collapse))
                if round_:
                    times[collapse].append((time.perf_counter() - started) * 1000)
        on, off = statistics.median(times[True]), statistics.median(times[False])
        stories = results.extra.get("stories")
        out.append({"q": q or "(all)", "total": results.total, "stories": stories, "on": on,
                    "off": off})  # fmt: skip
    engine.close()
    return out


def index_for(scale: int) -> Path:
    """Return the cached Reuters index at ``scale`` (bench/search.py builds it when missing)."""
    from bench.search import reuters_index, scaled_index, stored_articles

    base = reuters_index()
    return base if scale == 1 else scaled_index(base, stored_articles(base), scale)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, action="append", help="1 and/or 10 (default: 1)")
    parser.add_argument("--rounds", type=int, default=15, help="timed runs per collapse query")
    parser.add_argument("--index", type=Path, help="measure this index instead (as scale 1)")
    parser.add_argument("--child", nargs=2, metavar=("INDEX", "FORMAT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(export_once(Path(args.child[0]), args.child[1])))
        return
    print("| scale | format | rows | seconds | rows/s | MB written | peak RSS MB | RSS added MB "
          "| heap peak MB |")  # fmt: skip
    print("| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    scales = args.scale or [1]
    for scale in scales:
        index_dir = args.index if args.index and scale == 1 else index_for(scale)
        for fmt in ("csv", "jsonl"):
            r = run_child(index_dir, fmt)
            print(
                f"| {scale}x | {fmt} | {r['rows']:,} | {r['seconds']:.1f} | "
                f"{r['rows'] / r['seconds']:,.0f} | {r['mb']:.1f} | {r['rss_peak']:.0f} | "
                f"{r['rss_peak'] - r['rss_before']:.0f} | {r['heap_peak']:.1f} |",
                flush=True,
            )
    print()
    print("| scale | query | total | stories | collapsed ms | not collapsed ms |")
    print("| ---: | --- | ---: | ---: | ---: | ---: |")
    for scale in scales:
        index_dir = args.index if args.index and scale == 1 else index_for(scale)
        for r in time_collapse(index_dir, args.rounds):
            print(f"| {scale}x | {r['q']} | {r['total']:,} | {r['stories']:,} | {r['on']:.1f} | "
                  f"{r['off']:.1f} |", flush=True)  # fmt: skip


if __name__ == "__main__":
    main()
