"""Files on disk -> RawDoc values, one reader per file kind, streaming.

A corpus is walked into ``SourceFile`` records (``sources.find_files``), each file is cut into
``ReadTask`` byte ranges (``plan_tasks``; only multi-article files larger than ``CHUNK_BYTES``
are cut, always at an article boundary) and each task is read into ``RawDoc`` values
(``read_task``). Nothing holds more than one task's bytes, so a 2 GB folder or a 2 GB JSON
Lines file is read in bounded memory, and tasks can be handed to worker processes.

Kinds: ``sgml`` (Reuters-21578 ``.sgm``: many ``<REUTERS>`` stories), ``html`` (``.html``,
``.htm``, and gzipped), ``txt`` (one article), ``jsonl`` (``.jsonl``/``.ndjson``: one article
per line), ``json`` (``.json``: an export's list of articles in one document). A file that
cannot be read becomes a ``Skip`` with a one-line reason.

Every read is bounded where it happens (``open_regular``, ``MAX_ARTICLE_BYTES``), not only by
the size seen when the folder was walked: a file swapped for a link to ``/dev/zero`` (or a
device, a FIFO) afterwards is refused, and a file that grew is read no further than the limit.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import zlib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from indexer.article import Skip
from indexer.reading.encoding import decode_bytes
from indexer.reading.json_document import article_records, as_record
from indexer.reading.sources import (
    SourceFile,
    find_files,
    kind_of,
    open_regular_path,
    os_reason,
    require_paths,
)

__all__ = [
    "RawDoc",
    "ReadTask",
    "SourceFile",
    "find_files",
    "iter_raw_docs",
    "kind_of",
    "plan_tasks",
    "read_task",
    "require_paths",
]

CHUNK_BYTES = 8 * 1024 * 1024  # multi-article files are read in tasks of about this size
MAX_ARTICLE_BYTES = 20 * 1024 * 1024  # one HTML/TXT file, one JSON line or one SGML story
MAX_JSON_BYTES = 100 * 1024 * 1024  # one .json document of many articles, parsed at once
_READ_BLOCK = 1024 * 1024
# The story records of an SGML file: Reuters-21578's, or TREC's <DOC> (AP, WSJ, Gigaword...).
_REUTERS_RECORD = (re.compile(rb"<REUTERS"), b"</REUTERS>", "REUTERS")
_DOC_RECORD = (re.compile(rb"<DOC[\s>]"), b"</DOC>", "DOC")
_SNIFF_BYTES = 256 * 1024


@dataclass(frozen=True)
class ReadTask:
    """A byte range of one file, starting at an article boundary; a unit of parallel work."""

    file: SourceFile
    start: int = 0
    end: int | None = None  # None: to the end of the file
    first_line: int = 1  # line number of ``start``
    part: int = 1
    parts: int = 1


@dataclass(frozen=True)
class RawDoc:
    """The raw material of one article, before extraction.

    ``data`` is the file's bytes (html, txt), the text of one ``<REUTERS>`` story (sgml) or
    one parsed JSON object (jsonl); ``line`` is where the story or JSON line starts.
    """

    kind: str
    path: str
    data: bytes | str | dict[str, Any]
    line: int | None = None


def open_regular(file: SourceFile) -> IO[bytes]:
    """Open a corpus file for reading, refusing what is not (or no longer) a regular file.

    ``O_NOFOLLOW``: a link swapped in since the walk is refused; ``O_NONBLOCK``: a FIFO cannot
    hang the open; the opened file itself is checked to be regular.
    """
    return open_regular_path(file.path, follow_links=False)


def plan_tasks(file: SourceFile, chunk_bytes: int = CHUNK_BYTES) -> list[ReadTask]:
    """Cut a file into tasks: one per file, except big SGML/JSON Lines files, cut per chunk.

    Each cut is made just after a record separator (``</REUTERS>`` or a newline), so no
    record is split and the line numbers of every task are known.
    """
    if file.kind not in ("sgml", "jsonl") or file.size <= chunk_bytes or _is_gzip(file):
        return [ReadTask(file)]  # a gzip stream is read from its start
    separator = _sgml_record(file)[1] if file.kind == "sgml" else b"\n"
    ranges: list[tuple[int, int, int]] = []
    try:
        with open_regular(file) as handle:
            start, line = 0, 1
            while start < file.size:
                block = handle.read(chunk_bytes)
                if not block:
                    break
                extra, extra_lines = _scan_past(handle, separator)
                ranges.append((start, start + len(block) + extra, line))
                start += len(block) + extra
                line += block.count(b"\n") + extra_lines
    except OSError:
        return [ReadTask(file)]  # read_task reports the error as a Skip
    return [
        ReadTask(file, start, end, line, part, len(ranges))
        for part, (start, end, line) in enumerate(ranges, 1)
    ]


def _scan_past(handle: Any, separator: bytes) -> tuple[int, int]:
    """Read on through the next separator; return (bytes read, newlines in them).

    Leaves the handle just after the separator (or at the end of the file).
    """
    read = newlines = 0
    tail = b""
    while True:
        block = handle.read(_READ_BLOCK)
        if not block:
            return read, newlines
        window = tail + block
        found = window.find(separator)
        if found >= 0:
            used = found + len(separator) - len(tail)
            handle.seek(used - len(block), os.SEEK_CUR)
            return read + used, newlines + block.count(b"\n", 0, used)
        read += len(block)
        newlines += block.count(b"\n")
        tail = window[-len(separator) :]


def read_task(task: ReadTask) -> Iterator[RawDoc | Skip]:
    """Read one task into raw documents; I/O and format problems become Skip values."""
    file = task.file
    try:
        if file.kind == "sgml":
            yield from _read_sgml(task)
        elif file.kind == "jsonl":
            yield from _read_jsonl(task)
        elif file.kind == "json":
            yield from _read_json_document(file)
        else:
            yield from _read_whole(file)
    except (EOFError, gzip.BadGzipFile, zlib.error) as error:  # the stories before it are kept
        reason = "truncated" if isinstance(error, EOFError) else "not valid gzip data"
        yield Skip(file.rel_path, f"cannot decompress: {reason}")
    except OSError as error:
        yield Skip(file.rel_path, os_reason(error, file.path))


def iter_raw_docs(paths: Iterable[Path]) -> Iterator[RawDoc | Skip]:
    """Stream every raw document (and every Skip) under the corpus paths, in a stable order."""
    files, skips, _left_out = find_files(paths)
    yield from skips
    for file in files:
        for task in plan_tasks(file):
            yield from read_task(task)


def _read_whole(file: SourceFile) -> Iterator[RawDoc | Skip]:
    if file.size == 0:
        yield Skip(file.rel_path, "empty file")
        return
    if file.size > MAX_ARTICLE_BYTES:
        yield Skip(file.rel_path, f"too large for one article ({_mb(file.size)} > limit)")
        return
    if file.path.name.lower().endswith(".gz"):
        data = _gunzip(file)
        if isinstance(data, Skip):
            yield data
            return
    else:
        with open_regular(file) as handle:
            data = handle.read(MAX_ARTICLE_BYTES + 1)  # the size may have changed since the walk
        if len(data) > MAX_ARTICLE_BYTES:
            yield Skip(file.rel_path, f"too large for one article (over {_mb(MAX_ARTICLE_BYTES)})")
            return
    yield RawDoc(file.kind, file.rel_path, data)


def _gunzip(file: SourceFile) -> bytes | Skip:
    """Decompress with a size cap, so neither a truncated file nor a gzip bomb hurts."""
    try:
        with open_regular(file) as raw, gzip.open(raw, "rb") as handle:
            data = handle.read(MAX_ARTICLE_BYTES + 1)
    except (EOFError, gzip.BadGzipFile, zlib.error) as error:
        reason = "truncated" if isinstance(error, EOFError) else "not valid gzip data"
        return Skip(file.rel_path, f"cannot decompress: {reason}")
    if len(data) > MAX_ARTICLE_BYTES:
        return Skip(file.rel_path, f"too large for one article (over {_mb(MAX_ARTICLE_BYTES)})")
    if not data:
        return Skip(file.rel_path, "empty file")
    return data


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:.0f} MB"


def _is_gzip(file: SourceFile) -> bool:
    return file.path.name.lower().endswith(".gz")


@contextmanager
def _open_stream(file: SourceFile) -> Iterator[IO[bytes] | gzip.GzipFile]:
    """Open a corpus file as a stream of its bytes, decompressed when it is gzipped."""
    with open_regular(file) as raw:
        if _is_gzip(file):
            with gzip.open(raw, "rb") as handle:
                yield handle
        else:
            yield raw


def _read_range(task: ReadTask) -> Iterator[bytes]:
    """Yield the task's bytes in blocks (all of a gzipped file, decompressed)."""
    if _is_gzip(task.file):
        with _open_stream(task.file) as stream:
            while block := stream.read(_READ_BLOCK):
                yield block
        return
    with open_regular(task.file) as handle:
        handle.seek(task.start)
        remaining = (task.end if task.end is not None else task.file.size) - task.start
        while remaining > 0:
            block = handle.read(min(_READ_BLOCK, remaining))
            if not block:
                return
            remaining -= len(block)
            yield block


def _read_jsonl(task: ReadTask) -> Iterator[RawDoc | Skip]:
    rel, line_no, pending, oversized = task.file.rel_path, task.first_line - 1, b"", False
    for block in _read_range(task):
        pending += block
        lines = pending.split(b"\n")
        pending = lines.pop()
        if len(pending) > MAX_ARTICLE_BYTES:
            pending, oversized = b"", True  # keep dropping bytes until this line ends
        for raw in lines:
            line_no += 1
            if oversized:
                oversized = False
                yield Skip(rel, f"line longer than {_mb(MAX_ARTICLE_BYTES)}", line_no)
            elif raw.strip():
                yield _parse_json_line(rel, raw, line_no)
    if oversized:
        yield Skip(rel, f"line longer than {_mb(MAX_ARTICLE_BYTES)}", line_no + 1)
    elif pending.strip():
        yield _parse_json_line(rel, pending, line_no + 1)
    if task.file.size == 0:
        yield Skip(rel, "empty file")


def _read_json_document(file: SourceFile) -> Iterator[RawDoc | Skip]:
    """Read a ``.json`` export: its articles (``json_document``), each as a JSON Lines record
    whose ``line`` is its position; a ``.json`` file of JSON Lines is read as JSON Lines."""
    if file.size == 0:
        yield Skip(file.rel_path, "empty file")
        return
    with _open_stream(file) as stream:
        data = stream.read(MAX_JSON_BYTES + 1)
    if len(data) > MAX_JSON_BYTES:
        limit = _mb(MAX_JSON_BYTES)
        yield Skip(file.rel_path, f"too large for one JSON document (over {limit}): use JSON Lines")
        return
    try:
        document = json.loads(data, parse_constant=_not_a_number)
    except json.JSONDecodeError as error:
        if error.msg == "Extra data" and data.lstrip()[:1] == b"{":  # JSON Lines named .json
            yield from _read_jsonl(ReadTask(file))
            return
        yield Skip(file.rel_path, f"not valid JSON ({error.msg}, line {error.lineno})")
        return
    except (ValueError, RecursionError):
        yield Skip(file.rel_path, "not valid JSON (unreadable)")
        return
    records = article_records(document)
    if records is None:
        yield Skip(file.rel_path, "no articles found (a list of objects with a title and text)")
        return
    stem = file.rel_path.rsplit("/", 1)[-1].split(".", 1)[0]
    for position, item in enumerate(records, 1):
        if sum(len(value) for value in item.values() if isinstance(value, str)) > MAX_ARTICLE_BYTES:
            limit = _mb(MAX_ARTICLE_BYTES)
            yield Skip(file.rel_path, f"too large for one article (over {limit})", position)
            continue  # as a JSON line of that size would be
        yield RawDoc("jsonl", file.rel_path, as_record(item, stem, position), position)


def _not_a_number(name: str) -> None:
    """NaN and Infinity, which Python reads but JSON has not: kept as null, so that what the
    index gives back (``extract --json``, the API, exports) is JSON any reader accepts."""
    return None


def _parse_json_line(rel: str, raw: bytes, line_no: int) -> RawDoc | Skip:
    try:
        value = json.loads(raw, parse_constant=_not_a_number)
    except (ValueError, RecursionError) as error:
        reason = error.msg if isinstance(error, json.JSONDecodeError) else "unreadable"
        return Skip(rel, f"not valid JSON ({reason})", line_no)
    if not isinstance(value, dict):
        return Skip(rel, "not a JSON object", line_no)
    return RawDoc("jsonl", rel, value, line_no)


def _sgml_record(file: SourceFile) -> tuple[re.Pattern[bytes], bytes, str]:
    """Return how the file's stories start and end (to cut a big file into tasks)."""
    try:
        with _open_stream(file) as handle:
            return _record_in(handle.read(_SNIFF_BYTES))
    except (OSError, EOFError, zlib.error):
        return _REUTERS_RECORD  # reading the stories reports the problem


def _record_in(head: bytes) -> tuple[re.Pattern[bytes], bytes, str]:
    """Return the stories' record in SGML that starts so: ``<REUTERS`` (the default) or
    ``<DOC>``."""
    if b"<REUTERS" not in head and _DOC_RECORD[0].search(head):
        return _DOC_RECORD
    return _REUTERS_RECORD


def _read_sgml(task: ReadTask) -> Iterator[RawDoc | Skip]:
    """Split SGML into stories: the bytes from ``<REUTERS`` through ``</REUTERS>`` (or from
    ``<DOC>`` through ``</DOC>``, told by the task's first block: a task starts at a story)."""
    opening, closing, name = _REUTERS_RECORD
    rel, line_no, pending, found = task.file.rel_path, task.first_line, b"", False
    for number, block in enumerate(_read_range(task)):
        if number == 0:
            opening, closing, name = _record_in(block)
        pending += block
        pos = 0  # consumed up to here; ``line_no`` is the line at ``pos``
        while True:
            start = _find(opening, pending, pos)
            end = pending.find(closing, start + 1) if start >= 0 else -1
            if end < 0:
                break
            line_no += pending.count(b"\n", pos, start)
            nested = _find(opening, pending, start + 1, end)
            if nested >= 0:
                yield Skip(rel, _unclosed(name), line_no)
                line_no += pending.count(b"\n", start, nested)
                pos = nested
                continue
            pos = end + len(closing)
            found = True
            yield RawDoc("sgml", rel, decode_bytes(pending[start:pos])[0], line_no)
            line_no += pending.count(b"\n", start, pos)
        # keep an unfinished story, or a tag cut in half at the block's end
        start = _find(opening, pending, pos)
        keep = start if start >= 0 else max(pos, len(pending) - len(closing) + 1)
        line_no += pending.count(b"\n", pos, keep)
        pending = pending[keep:]
        if len(pending) > MAX_ARTICLE_BYTES:  # drop the story, look for the next one
            yield Skip(rel, f"malformed SGML: no </{name}> within {_mb(MAX_ARTICLE_BYTES)}")
            line_no += pending.count(b"\n")
            pending = pending[-len(closing) + 1 :]
            line_no -= pending.count(b"\n")
    start = _find(opening, pending, 0)
    if start >= 0:
        line_no += pending.count(b"\n", 0, start)
        yield Skip(rel, _unclosed(name), line_no)
    elif not found and task.parts == 1:
        yield Skip(rel, "no <REUTERS> or <DOC> stories found" if task.file.size else "empty file")


def _unclosed(name: str) -> str:
    return f"malformed SGML: <{name}> story without </{name}>"


def _find(pattern: re.Pattern[bytes], data: bytes, start: int, end: int | None = None) -> int:
    match = pattern.search(data, start, len(data) if end is None else end)
    return match.start() if match else -1
