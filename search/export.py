"""Exports: every match of a search as CSV or JSON Lines rows, streamed in rank order.

The matches are ranked once (``search.pipeline``), then each row's stored fields are read as the
rows are consumed (no snippets), so memory stays flat however many articles match: a 200k-row
export holds one (score, docnum) pair per match and one article at a time. Collapsing never
applies: an export has one row per article, and the ``group`` column lets a researcher collapse
copies later.

Where an export came from (query, filters, index generation) goes into its file name
(``export_name``) and, for the web, HTTP headers (``provenance``); rows stay pure articles.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any, TextIO

from newsarchive.errors import QueryError
from search.budget import budget, checkpoint
from search.engine import Engine
from search.query.parse import means_every_article
from search.results import EXCLUDE_PREFIX, FILTER_FIELDS, SearchRequest
from search.selection import rank, select
from search.snippets import make_snippet

COLUMNS = (
    "id", "date", "title", "source", "url", "countries", "regions", "topics", "score", "group"
)  # fmt: skip
# Columns an export may add with ``fields=`` (``--fields``); the default is ``COLUMNS``.
MORE_COLUMNS = ("author", "path", "body", "snippet")
ALL_COLUMNS = COLUMNS + MORE_COLUMNS
LIST_COLUMNS = ("countries", "regions", "topics")
FORMATS = {"csv": "text/csv; charset=utf-8", "jsonl": "application/x-ndjson; charset=utf-8"}
CHUNK_ROWS = 200  # rows per text chunk handed to a stream (one write / one HTTP chunk)
EXPORT_BATCH = 50  # rows read between two turns of other requests
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")  # what makes a CSV cell a formula
MAX_NAME_QUERY = 60  # characters of the query kept in a file name
_UNSAFE = re.compile(r"[^A-Za-z0-9]+")


def export_request(request: SearchRequest) -> SearchRequest:
    """Return the request to export: ``*`` means every article; paging and collapsing are off."""
    q = "" if means_every_article(request.q) else request.q
    return replace(request, q=q, page=1, collapse=False)


def parse_fields(text: str | None) -> tuple[str, ...]:
    """Return the columns named by ``fields=id,title,body`` (the default columns when empty).

    >>> parse_fields("id, title,body")
    ('id', 'title', 'body')
    """
    names = [name.strip().lower() for name in (text or "").split(",") if name.strip()]
    unknown = [name for name in names if name not in ALL_COLUMNS]
    if unknown:
        raise QueryError(
            f"Unknown export field {unknown[0][:40]!r}; the fields are {', '.join(ALL_COLUMNS)}."
        )
    return tuple(dict.fromkeys(names)) or COLUMNS


def iter_export_rows(
    engine: Engine, request: SearchRequest, columns: Sequence[str] = COLUMNS
) -> Iterator[dict[str, Any]]:
    """Yield one row (column -> value, lists as lists) per matching article, in rank order.

    ``columns`` picks the row's keys, in order; a ``snippet`` is made only when asked for.

    Reads through the calling thread's searcher: a second searcher would hold its own in-memory
    copy of the index's files (whoosh copies each segment's sub-files when it opens them),
    tens of MB per export at 1x. The searcher stays open while the rows are consumed (leased),
    even if a rebuild swaps a new generation in meanwhile: an export is one generation from end
    to end. Choosing the rows has the search time budget; reading them has none.
    """
    request = export_request(request)
    with engine.leased_view() as view:
        with budget():
            chosen = select(view, request, engine.settings)
            ranked = rank(view, chosen, request, 0, len(chosen.final))
        stored_fields = view.searcher.reader().stored_fields
        marks, chars = chosen.compiled.marks, engine.settings.snippet_chars
        for start in range(0, len(ranked), EXPORT_BATCH):
            checkpoint()  # other requests' turn (a long export is many small steps)
            for score, docnum in ranked[start : start + EXPORT_BATCH]:
                row = stored_row(stored_fields(docnum), score)
                if "snippet" in columns:
                    row["snippet"] = make_snippet(row["body"], marks, chars)
                yield {name: row[name] for name in columns}


def stored_row(stored: dict[str, Any], score: float) -> dict[str, Any]:
    """Return the export row of one article's stored fields."""
    return {
        "id": stored["id"],
        "date": stored.get("date"),
        "title": stored.get("title", ""),
        "source": stored.get("source"),
        "url": stored.get("url"),
        "countries": (stored.get("countries") or "").split(),
        "regions": (stored.get("regions") or "").split(),
        "topics": (stored.get("topics") or "").split(),
        "score": round(score, 4),
        "group": stored.get("group"),
        "author": stored.get("author"),
        "path": stored.get("path"),
        "body": stored.get("body", ""),
    }


def csv_chunks(rows: Iterable[dict[str, Any]], columns: Sequence[str] = COLUMNS) -> Iterator[str]:
    """Yield CSV text (header row first; lists joined with ``;``) a few hundred rows at a time."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    for count, row in enumerate(rows, start=1):
        writer.writerow([_cell(row[name]) for name in columns])
        if count % CHUNK_ROWS == 0:
            yield _drain(buffer)
    yield _drain(buffer)


def jsonl_chunks(rows: Iterable[dict[str, Any]]) -> Iterator[str]:
    """Yield JSON Lines text (one object per article, lists as arrays) in chunks."""
    lines: list[str] = []
    for row in rows:
        lines.append(json.dumps(row, ensure_ascii=False) + "\n")
        if len(lines) == CHUNK_ROWS:
            yield "".join(lines)
            lines.clear()
    yield "".join(lines)


def export_chunks(
    rows: Iterable[dict[str, Any]], fmt: str, columns: Sequence[str] = COLUMNS
) -> Iterator[str]:
    """Yield the rows as text chunks in ``fmt`` (``csv`` or ``jsonl``)."""
    return csv_chunks(rows, columns) if fmt == "csv" else jsonl_chunks(rows)


def write_csv(rows: Iterable[dict[str, Any]], out: TextIO) -> None:
    """Write the rows to ``out`` as CSV with a header row."""
    for chunk in csv_chunks(rows):
        out.write(chunk)


def write_jsonl(rows: Iterable[dict[str, Any]], out: TextIO) -> None:
    """Write the rows to ``out`` as JSON Lines."""
    for chunk in jsonl_chunks(rows):
        out.write(chunk)


def provenance(request: SearchRequest, generation: str | None) -> dict[str, str]:
    """Return what an export came from: query, filters (URL form), index generation, time."""
    filters = [f"{name}={value}" for name, value in _filter_pairs(request)]
    return {
        "query": request.q.strip() or "*",
        "filters": "&".join(filters),
        "generation": generation or "",
        "exported": datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z"),
    }


def export_name(request: SearchRequest, generation: str | None, fmt: str) -> str:
    """Return the file name naming the query, the filters and the index generation.

    >>> export_name(SearchRequest(q="coffee", filters={"country": ("BR",)}),
    ...             "gen-20261125T144819-123", "csv")
    'newsarchive_coffee_country-BR_gen-20261125T144819.csv'
    """
    query = _slug("all" if means_every_article(request.q) else request.q)
    parts = ["newsarchive", query[:MAX_NAME_QUERY].strip("-") or "query"]
    parts += [f"{name}-{_slug(value)}" for name, value in _filter_pairs(request)]
    if generation:
        parts.append("-".join(generation.split("-")[:2]))  # gen-<time>, without the process id
    return "_".join(parts) + "." + fmt


def _filter_pairs(request: SearchRequest) -> list[tuple[str, str]]:
    pairs = [(name, v) for name in FILTER_FIELDS for v in request.filters.get(name, ())]
    pairs += [
        (EXCLUDE_PREFIX + name, v) for name in FILTER_FIELDS for v in request.exclude.get(name, ())
    ]
    pairs += [("from", request.date_from or ""), ("to", request.date_to or "")]
    if request.min_mentions:
        pairs.append(("min_mentions", str(request.min_mentions)))
    return [(name, value) for name, value in pairs if value]


def _slug(text: str) -> str:
    return _UNSAFE.sub("-", text).strip("-")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return _inert(";".join(value))
    return _inert(value) if isinstance(value, str) else str(value)


def _inert(text: str) -> str:
    """Return a text cell a spreadsheet will not run as a formula (OWASP's CSV injection advice:
    a cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a ``'``)."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _drain(buffer: io.StringIO) -> str:
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return text
