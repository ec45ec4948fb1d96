"""Rebuild benchmark: Reuters-21578 with 1 and 2 workers, at 1x and 10x, against SQLite FTS5.

Each rebuild runs ``newsarchive rebuild`` as a subprocess (the real command, progress off)
while this script samples the memory of its whole process tree (main process, extraction
workers, writer processes) from /proc every 200 ms: PSS (pages shared by forked processes
counted once: the real footprint) and the RSS sum (shared pages counted in every process).
CPU is the user + system time of the tree; the load average shows how busy the machine was.
The same parsed stories are loaded into SQLite FTS5 (``tokenize='porter'``) as a reference.

    .venv/bin/python -m bench.rebuild            # 1x and 10x (10x takes a while)
    .venv/bin/python -m bench.rebuild --quick    # 1x only
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from functools import partial
from pathlib import Path

from bench.corpora import REUTERS
from indexer.article import Article
from indexer.extract_phase import extract_corpus

PROJECT = Path(__file__).resolve().parents[1]


def tree_memory(root: int) -> tuple[int, int]:
    """Return (summed RSS, summed PSS) in bytes of a process and all its descendants.

    RSS counts a page shared by forked processes once per process; PSS splits it among them,
    so the PSS sum is the tree's real footprint.
    """
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as handle:
                    ppid = int(handle.read().rsplit(")", 1)[1].split()[1])
            except OSError:
                continue
            children.setdefault(ppid, []).append(int(entry))
    rss = pss = 0
    stack = [root]
    while stack:
        pid = stack.pop()
        stack.extend(children.get(pid, []))
        try:
            with open(f"/proc/{pid}/smaps_rollup") as handle:
                for line in handle:
                    if line.startswith(("Rss:", "Pss:")):
                        kib = int(line.split()[1]) * 1024
                        rss, pss = (rss + kib, pss) if line[0] == "R" else (rss, pss + kib)
        except OSError:
            continue
    return rss, pss


def run_rebuild(corpus: list[Path], workers: int, index_dir: Path) -> dict:
    """Run one rebuild as a subprocess; return wall time, CPU time, peak tree RSS and report."""
    command = [sys.executable, "-m", "newsarchive", "--index", str(index_dir), "rebuild", "--json"]
    command += [arg for path in corpus for arg in ("--corpus", str(path))]
    command += ["--workers", str(workers)]
    peak = peak_pss = 0
    started = time.perf_counter()
    before = os.times()
    process = subprocess.Popen(
        command, cwd=PROJECT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    )
    done = threading.Event()

    loads: list[float] = []

    def sample() -> None:
        nonlocal peak, peak_pss
        ticks = 0
        while not done.is_set():
            rss, pss = tree_memory(process.pid)
            peak, peak_pss = max(peak, rss), max(peak_pss, pss)
            if ticks % 5 == 0:  # once a second: how busy the machine is meanwhile
                loads.append(os.getloadavg()[0])
            ticks += 1
            time.sleep(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    output, _ = process.communicate()
    done.set()
    sampler.join()
    wall = time.perf_counter() - started
    after = os.times()
    if process.returncode != 0:
        raise SystemExit(f"rebuild failed ({process.returncode}): {output}")
    report = json.loads(output)
    cpu = (after.children_user - before.children_user) + (
        after.children_system - before.children_system
    )
    load = sum(loads) / max(1, len(loads))
    return {
        "wall": wall,
        "cpu": cpu,
        "peak_rss": peak,
        "peak_pss": peak_pss,
        "report": report,
        "load": load,
    }


def load_articles(corpus: list[Path]) -> list[Article]:
    """Parse the corpus with the project's own readers (the stories both engines index)."""
    run = extract_corpus(corpus, workers=1)
    return [item for done in run.results for item in done.items if isinstance(item, Article)]


def fts5_load(articles: list[Article], folder: Path) -> tuple[float, int]:
    """Load articles into an SQLite FTS5 table (porter tokenizer); return seconds and bytes."""
    path = folder / "fts5.sqlite"
    started = time.perf_counter()
    db = sqlite3.connect(path)
    db.execute(
        "CREATE VIRTUAL TABLE articles USING fts5(id UNINDEXED, title, body, tokenize='porter')"
    )
    db.executemany(
        "INSERT INTO articles VALUES (?, ?, ?)", ((a.id, a.title, a.body) for a in articles)
    )
    db.commit()
    db.close()
    return time.perf_counter() - started, path.stat().st_size


_NEWID = re.compile(r'NEWID="(\d+)"')
_UNPROC_HEAD = re.compile(r'<TEXT TYPE="UNPROC">[^\n]*\n[^\n]*\n')


def _new_id(match: re.Match[str], offset: int) -> str:
    return f'NEWID="{int(match[1]) + offset}"'


def write_replicated(sgm: list[Path], copies: int, folder: Path) -> None:
    """Write ``copies`` copies of the Reuters .sgm files into ``folder``: every story under a
    new NEWID (so a new article id) and with "(copy n)" opening its text, so no copy is an
    exact duplicate of another. The same reader as at 1x, so only the scale differs."""
    folder.mkdir(parents=True, exist_ok=True)
    for copy in range(copies):
        offset = (copy + 1) * 100_000
        for path in sgm:
            text = path.read_text(encoding="latin-1")
            text = _NEWID.sub(partial(_new_id, offset=offset), text)
            text = text.replace("<BODY>", f"<BODY>(copy {copy}) ")
            text = _UNPROC_HEAD.sub(rf"\g<0>(copy {copy})\n", text)  # its 1st line: title
            target = folder / f"{path.stem}-x{copy}.sgm"
            target.write_text(text, encoding="latin-1")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="1x only")
    parser.add_argument("--workers", default="1,2", help="comma-separated worker counts")
    parser.add_argument("--workers-10x", default="2", help="worker counts for the 10x run")
    args = parser.parse_args()
    if not REUTERS.is_dir():
        raise SystemExit(f"Reuters-21578 not found at {REUTERS}")
    sgm = sorted(REUTERS.glob("*.sgm"))
    workers = [int(w) for w in args.workers.split(",")]
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-rebuild-") as tmp:
        folder = Path(tmp)
        articles = load_articles(sgm)
        fts_seconds, fts_bytes = fts5_load(articles, folder)
        scales = [("1x", sgm, len(articles), workers)]
        if not args.quick:
            big = folder / "reuters-10x"
            write_replicated(sgm, 10, big)
            big_workers = [int(w) for w in args.workers_10x.split(",")]
            scales.append(("10x", [big], len(articles) * 10, big_workers))
        for label, corpus, count, counts in scales:
            for n in counts:
                result = run_rebuild(corpus, n, folder / f"index-{label}-{n}")
                rows.append((label, n, count, result))
                print(_row(label, n, result, fts_seconds if label == "1x" else None), flush=True)
    print()
    print(_table(rows, fts_seconds, fts_bytes, len(articles)))


def _row(label: str, workers: int, result: dict, fts_seconds: float | None) -> str:
    report = result["report"]
    return (
        f"{label} workers={workers}: {result['wall']:.1f} s wall, {result['cpu']:.1f} s CPU, "
        f"{report['indexed']} indexed, peak memory {result['peak_pss'] / 2**20:.0f} MiB "
        f"(RSS sum {result['peak_rss'] / 2**20:.0f} MiB), "
        f"load average {result['load']:.1f}"
    )


def _table(rows: list, fts_seconds: float, fts_bytes: int, stories: int) -> str:
    lines = [
        f"Machine: {os.cpu_count()} cores, {platform.processor() or platform.machine()}, "
        f"Python {platform.python_version()}",
        "",
        "| corpus | workers | articles indexed | wall s | CPU s | articles/s | peak PSS (RSS) MiB "
        "| index MB | compared | load avg during run |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    base = {n: r["wall"] for label, n, _c, r in rows if label == "1x"}
    for label, n, _count, result in rows:
        report = result["report"]
        ratio = (
            f"{result['wall'] / fts_seconds:.0f}x FTS5's time"
            if label == "1x"
            else (f"{result['wall'] / base[n]:.1f}x the 1x time" if n in base else "")
        )
        lines.append(
            f"| Reuters {label} | {n} | {report['indexed']:,} | {result['wall']:.1f} "
            f"| {result['cpu']:.1f} | {report['indexed'] / result['wall']:,.0f} "
            f"| {result['peak_pss'] / 2**20:,.0f} ({result['peak_rss'] / 2**20:,.0f}) "
            f"| {report['index_bytes'] / 1e6:,.1f} | {ratio} "
            f"| {result['load']:.1f} |"
        )
    lines.append(
        f"| SQLite FTS5 (porter), Reuters 1x | 1 | {stories:,} | {fts_seconds:.1f} | | "
        f"{stories / fts_seconds:,.0f} | | {fts_bytes / 1e6:,.1f} | 1x | |"
    )
    return "\n".join(lines)


if __name__ == "__main__":
    main()
