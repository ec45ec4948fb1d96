"""Whole columns read in bulk: one file read per column and segment instead of one per document.

Whoosh's column readers fetch each document's value with a separate file read (Python-level),
which costs seconds for a few hundred thousand articles. Its two column layouts used here are
simple: ``VarBytesColumn`` keeps the values back to back with per-document lengths and offsets
(``_lengths``, ``_offsets``), ``NumericColumn("B")`` one byte per document. Other layouts fall
back to whoosh's own iteration.
"""

from __future__ import annotations

from itertools import repeat
from operator import add
from typing import Any

from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
from whoosh.columns import NumericColumn, VarBytesColumn
from whoosh.reading import IndexReader


def bytes_column(reader: IndexReader, field: str) -> list[bytes]:
    """Return a sortable field's raw column values, one per document of every segment."""
    values: list[bytes] = []
    for leaf, _ in reader.leaf_readers():
        size = leaf.doc_count_all()
        if not leaf.has_column(field):
            values.extend(repeat(b"", size))
            continue
        column = leaf.column_reader(field, translate=False)
        if isinstance(column, VarBytesColumn.Reader):
            values.extend(_var_bytes(column))
        else:
            values.extend(column)
    return values


def length_bytes(reader: IndexReader, field: str) -> list[int]:
    """Return each document's one-byte field length code (0 when absent), for every segment."""
    codes: list[int] = []
    for leaf, _ in reader.leaf_readers():
        size = leaf.doc_count_all()
        perdoc = getattr(leaf, "_perdoc", None)
        column = None
        if perdoc is not None and hasattr(perdoc, "_cached_reader"):
            column = perdoc._cached_reader(_lenfield(field), LENGTHS_COLUMN)
        if isinstance(column, NumericColumn.Reader) and column._fixedlen == 1:
            codes.extend(_one_byte(column, size))
        elif column is not None:
            codes.extend(column[d] for d in range(size))
        else:
            codes.extend(repeat(0, size))
    return codes


def _var_bytes(column: Any) -> list[bytes]:
    lengths, offsets = column._lengths, column._offsets
    if not len(lengths):
        return []
    total = offsets[-1] + lengths[-1]
    blob = column._dbfile.get(column._basepos, total) if total else b""
    return list(map(blob.__getitem__, map(slice, offsets, map(add, offsets, lengths))))


def _one_byte(column: Any, size: int) -> list[int]:
    stored = min(column._count, size)
    data = list(column._dbfile.get(column._basepos, stored)) if stored else []
    return data + [column._default] * (size - stored)
