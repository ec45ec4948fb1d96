"""Scale benchmark: Reuters-21578 at 1x, 10x and 50x as distinct stories, rebuilt and searched.

The Nx corpus is the 22 ``.sgm`` files (copy 0) plus N-1 rewritten copies of them. In copy c
every story gets a new NEWID, its date moves c years back (1987 -> 1987-c), and its body is
interleaved paragraph by paragraph with the body of another story (a different partner in each
copy), so the copies are distinct stories with realistic wording: not exact duplicates, and not
near-duplicates either (their shingles differ and their dates are years apart, beyond the
grouper's three days). Title-only and unprocessed stories get a "(copy c)" marker instead.

Each scale is rebuilt with the real ``newsarchive rebuild --workers 2`` (as ``bench/rebuild.py``
does: wall, CPU, peak PSS of the process tree), then searched in a child process (a worker's
view: its own peak RSS) that times opening the generation and the 200 ``bench/search.py``
queries (the full result document: hits, snippets, five facets). Growth exponents: the slope of
log(figure) against log(articles) between consecutive scales.

    .venv/bin/python -m bench.scale --scale 1 --scale 10 --scale 50   # corpora under /tmp
    .venv/bin/python -m bench.scale --scale 50 --reuse --add 1000      # search again, then add

Corpora and indexes are written under ``--out`` (default /tmp/newsarchive-scale), never in
the repository.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import re
import resource
import subprocess
import sys
import time
from collections.abc import Iterable
from pathlib import Path

from bench.corpora import REUTERS
from bench.rebuild import PROJECT, run_rebuild

_STORY = re.compile(r"<REUTERS.*?</REUTERS>", re.S)
_NEWID = re.compile(r'NEWID="(\d+)"')
_YEAR = re.compile(r"(<DATE>\s*\d{1,2}-[A-Za-z]{3}-)(\d{4})")
_BODY = re.compile(r"<BODY>(.*?)</BODY>", re.S)
_UNPROC_HEAD = re.compile(r'<TEXT TYPE="UNPROC">[^\n]*\n[^\n]*\n')
_SIGN_OFF = re.compile(r"\s*\bReuter\b\s*(&#3;)?\s*$", re.I)
_PARAGRAPH = re.compile(r"\n(?=\s)")  # an indented line starts a paragraph (as the reader reflows)
PARTNER_STEP = 7919  # a prime: each copy pairs a story with a different partner
ADD_COPY = 90  # the copy number (so the NEWIDs) of the stories `--add` adds


def split_paragraphs(body: str) -> list[str]:
    """Return the paragraphs of a Reuters BODY (SGML text), without the "Reuter" sign-off."""
    return [p for p in _PARAGRAPH.split(_SIGN_OFF.sub("", body)) if p.strip()]


def mix(own: list[str], other: list[str]) -> str:
    """Interleave two stories' paragraphs, the story's own lead first."""
    mixed: list[str] = []
    for index in range(max(len(own), len(other))):
        mixed += own[index : index + 1] + other[index : index + 1]
    return "\n".join(mixed) + "\n Reuter\n&#3;"


def rewrite_story(
    story: str, copy: int, bodies: list[list[str]], number: int, years_back: int | None = None
) -> str:
    """Return copy ``copy`` of one story: new NEWID, date ``copy`` (or ``years_back``) years
    back, mixed body."""
    back = copy if years_back is None else years_back
    story = _NEWID.sub(lambda m: f'NEWID="{int(m[1]) + copy * 100_000}"', story)
    story = _YEAR.sub(lambda m: f"{m[1]}{int(m[2]) - back}", story)
    if "<BODY>" not in story:
        if _UNPROC_HEAD.search(story):
            return _UNPROC_HEAD.sub(rf"\g<0>(copy {copy})\n", story, count=1)
        return story.replace("</TITLE>", f" (copy {copy})</TITLE>", 1)
    partner = bodies[(number + 1 + copy * PARTNER_STEP) % len(bodies)]
    own = split_paragraphs(_BODY.search(story)[1])  # type: ignore[index]
    body = mix(own, partner)
    return _BODY.sub(lambda _m: f"<BODY>{body}</BODY>", story, count=1)


def write_corpus(scale: int, folder: Path) -> Path:
    """Write the ``scale``x corpus into ``folder`` (kept: written once); return it."""
    done = folder / ".complete"
    if done.exists():
        return folder
    folder.mkdir(parents=True, exist_ok=True)
    files = sorted(REUTERS.glob("*.sgm"))
    texts = {path: path.read_text(encoding="latin-1") for path in files}
    bodies = all_bodies(texts.values())
    for path, text in texts.items():
        (folder / path.name).write_text(text, encoding="latin-1")
    for copy in range(1, scale):
        number = 0  # stories are numbered across files, so partners differ from file to file
        for path, text in texts.items():
            parts: list[str] = []
            last = 0
            for match in _STORY.finditer(text):
                parts += [text[last : match.start()], rewrite_story(match[0], copy, bodies, number)]
                last, number = match.end(), number + 1
            parts.append(text[last:])
            target = folder / f"{path.stem}-c{copy:02d}.sgm"
            target.write_text("".join(parts), encoding="latin-1")
    done.touch()
    return folder


def all_bodies(texts: Iterable[str]) -> list[list[str]]:
    """Return the paragraphs of every story's body, in corpus order."""
    return [
        split_paragraphs(match[1])
        for text in texts
        for match in _BODY.finditer(text)
        if match[1].strip()
    ]


def measure_add(out: Path, scale: int, count: int) -> dict[str, object]:
    """Time ``newsarchive add`` of ``count`` new stories (dated among the 1986 copies, so the
    grouping has indexed neighbours) to the ``scale``x index; check they are searchable."""
    first = sorted(REUTERS.glob("*.sgm"))[0].read_text(encoding="latin-1")
    stories = _STORY.findall(first)[:count]
    bodies = all_bodies([first])
    batch = out / "add-batch"
    batch.mkdir(exist_ok=True)
    text = "\n".join(
        rewrite_story(story, ADD_COPY, bodies, n, years_back=1) for n, story in enumerate(stories)
    )
    (batch / "reut2-add.sgm").write_text(text, encoding="latin-1")
    index_dir = out / f"index-{scale}x"
    command = [sys.executable, "-m", "newsarchive", "--index", str(index_dir)]
    started, before = time.perf_counter(), os.times()
    added = subprocess.run([*command, "add", str(batch), "--json"], cwd=PROJECT,
                           capture_output=True, text=True, check=True)  # fmt: skip
    seconds, after = time.perf_counter() - started, os.times()
    cpu = after.children_user + after.children_system
    cpu -= before.children_user + before.children_system
    report = json.loads(added.stdout)
    newid = int(_NEWID.search(stories[0])[1]) + ADD_COPY * 100_000  # type: ignore[index]
    return {
        "add_s": seconds,
        "add_cpu_s": cpu,
        "load": os.getloadavg()[0],
        "added": report["indexed"],
        "add_report": report,
        "searchable": _has_article(index_dir, f"reuters21578-{newid}"),
    }


def _has_article(index_dir: Path, article_id: str) -> bool:
    from newsarchive.settings import Settings
    from search import Engine

    engine = Engine(Settings(index_dir=index_dir))
    try:
        return engine.get_article(article_id).id == article_id
    finally:
        engine.close()


def measure_search(index_dir: Path) -> dict[str, object]:
    """In this process (a fresh child): open the generation, time the 200 queries."""
    from bench.search import _slowest, engine_runner, summary, time_queries
    from bench.search_queries import make_queries
    from newsarchive.settings import Settings
    from search import Engine
    from search.request import parse_request

    engine = Engine(Settings(index_dir=index_dir))
    started = time.perf_counter()
    engine.search(parse_request({}, engine.settings))  # opens the searcher, reads the columns
    open_seconds = time.perf_counter() - started
    queries = make_queries(engine)
    wall, cpu = time_queries(engine_runner(engine), queries, rounds=1)
    p50, p95, worst = summary(wall)
    return {
        "open_s": open_seconds,
        "p50": p50,
        "p95": p95,
        "max": worst,
        "cpu_p95": summary(cpu)[1],
        "slowest": _slowest(queries, wall),
        "worker_rss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
        **_memory_now(),
        "load": os.getloadavg()[0],
    }


def _memory_now() -> dict[str, int]:
    """Return this process's resident memory now: anonymous (its own: columns, caches) and
    file-backed (index pages mapped in: shared with the page cache and other workers)."""
    found = {}
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(("RssAnon:", "RssFile:")):
                found["anon" if "Anon" in line else "file"] = int(line.split()[1]) * 1024
    return found


def run_scale(scale: int, out: Path, reuse: bool, workers: int) -> dict[str, object]:
    """Build (or reuse) the corpus and index of one scale; return its figures."""
    index_dir = out / f"index-{scale}x"
    row: dict[str, object] = {"scale": scale}
    result_file = out / f"rebuild-{scale}x.json"
    if not (reuse and result_file.exists()):
        corpus = write_corpus(scale, out / f"corpus-{scale}x")
        result = run_rebuild([corpus], workers, index_dir)
        result_file.write_text(json.dumps(result))
    result = json.loads(result_file.read_text())
    report = result["report"]
    row.update(
        articles=report["indexed"],
        rebuild_s=result["wall"],
        cpu_s=result["cpu"],
        pss=result["peak_pss"],
        index_bytes=report["index_bytes"],
        rebuild_load=result["load"],
    )
    child = subprocess.run(
        [sys.executable, "-m", "bench.scale", "--measure-search", str(index_dir)],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        check=True,
    )
    row.update(json.loads(child.stdout))
    return row


FIGURES = (  # (key, column title, format of one value)
    ("rebuild_s", "rebuild s", "{:,.0f}"),
    ("cpu_s", "CPU s", "{:,.0f}"),
    ("pss", "peak PSS MiB", "{:,.0f}"),
    ("index_bytes", "index MB", "{:,.0f}"),
    ("open_s", "open s", "{:.1f}"),
    ("p50", "p50 ms", "{:.1f}"),
    ("p95", "p95 ms", "{:.1f}"),
    ("max", "max ms", "{:.0f}"),
    ("worker_rss", "worker RSS MiB", "{:,.0f}"),
    ("anon", "of it anon MiB", "{:,.0f}"),
)
_UNIT = {"pss": 2**20, "index_bytes": 1e6, "worker_rss": 2**20, "anon": 2**20}


def growth(rows: list[dict[str, object]], key: str) -> str:
    """Return the exponents k of figure ~ articles^k between consecutive scales."""
    parts = []
    for small, big in zip(rows, rows[1:], strict=False):
        ratio = float(big[key]) / max(float(small[key]), 1e-9)  # type: ignore[arg-type]
        size = float(big["articles"]) / float(small["articles"])  # type: ignore[arg-type]
        parts.append(f"{math.log(ratio) / math.log(size):.2f}")
    return " / ".join(parts)


def print_table(rows: list[dict[str, object]]) -> None:
    python = platform.python_version()
    print(f"Machine: {os.cpu_count()} cores, {platform.machine()}, Python {python}")
    print()
    print("| scale | articles | " + " | ".join(title for _k, title, _f in FIGURES) + " |")
    print("| --- " * (len(FIGURES) + 2) + "|")
    for row in rows:
        cells = [
            fmt.format(float(row[key]) / _UNIT.get(key, 1))  # type: ignore[arg-type]
            for key, _title, fmt in FIGURES
        ]
        print(f"| {row['scale']}x | {row['articles']:,} | " + " | ".join(cells) + " |")
    if len(rows) > 1:
        cells = [growth(rows, key) for key, _title, _fmt in FIGURES]
        print("| growth exponent | | " + " | ".join(cells) + " |")
    print()
    for row in rows:
        print(
            f"{row['scale']}x: slowest {', '.join(row['slowest'])}; CPU p95 "  # type: ignore[arg-type]
            f"{row['cpu_p95']:.1f} ms; load during rebuild {row['rebuild_load']:.1f}, "
            f"after search {row['load']:.1f}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, action="append", help="1, 10, 50 (repeatable)")
    parser.add_argument("--out", type=Path, default=Path("/tmp/newsarchive-scale"))
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--reuse", action="store_true", help="search the indexes built before")
    parser.add_argument("--add", type=int, default=0, help="then time adding N stories")
    parser.add_argument("--measure-search", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure_search:
        print(json.dumps(measure_search(args.measure_search)))
        return
    if not REUTERS.is_dir():
        raise SystemExit(f"Reuters-21578 not found at {REUTERS}")
    args.out.mkdir(parents=True, exist_ok=True)
    rows = []
    for scale in args.scale or [1, 10, 50]:
        rows.append(run_scale(scale, args.out, args.reuse, args.workers))
        print(json.dumps(rows[-1]), file=sys.stderr, flush=True)
    print_table(rows)
    if args.add:
        print(json.dumps(measure_add(args.out, rows[-1]["scale"], args.add)))  # type: ignore[arg-type]


if __name__ == "__main__":
    main()
