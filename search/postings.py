"""Posting lists decoded a block at a time, and per-document field lengths read once.

Whoosh's matchers step through postings one at a time in Python. Here a term's whole posting
list is decoded block by block: whoosh3 stores each block as a pickled ``(ids, weights,
values)`` tuple, the ids delta-encoded, so ``itertools.accumulate`` (C) restores them. Match sets
(``search.matchset``) and BM25 scores (``search.scoring``) both come from these lists.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import accumulate, repeat

from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3LeafMatcher, _lenfield
from whoosh.reading import IndexReader
from whoosh.searching import Searcher
from whoosh.util.numeric import byte_to_length

from search.ranking import SaturationTable, field_b

SCORED_FIELDS = ("title", "body", "exact", "author")
Posting = tuple[list[int], list[float]]  # docnums, weights (term frequency x field boost)


@dataclass
class FieldLengths:
    """Per-document lengths of the scored fields (as whoosh stores them: one byte, quantised)."""

    lengths: dict[str, list[int]]
    saturation: dict[str, SaturationTable]  # shared by all threads; filled as terms are scored

    @classmethod
    def load(cls, searcher: Searcher) -> FieldLengths:
        """Read the length columns of every scored field (once per generation)."""
        lengths: dict[str, list[int]] = {}
        saturation: dict[str, SaturationTable] = {}
        table = [byte_to_length(b) for b in range(256)]
        for field in SCORED_FIELDS:
            column: list[int] = []
            for leaf, _ in searcher.leaf_searchers():
                column.extend(_leaf_lengths(leaf.reader(), field, table))
            lengths[field] = column
            average = searcher.avg_field_length(field) or 1.0
            saturation[field] = SaturationTable(average, field_b(field))
        return cls(lengths, saturation)


def _leaf_lengths(reader: IndexReader, field: str, table: list[int]) -> list[int]:
    size = reader.doc_count_all()
    perdoc = getattr(reader, "_perdoc", None)
    column = None
    if perdoc is not None and hasattr(perdoc, "_cached_reader"):
        column = perdoc._cached_reader(_lenfield(field), LENGTHS_COLUMN)
    if column is None:  # not the whoosh3 layout: ask document by document
        return [reader.doc_field_length(d, field, 0) or 0 for d in range(size)]
    return [table[b] if b else 0 for b in column]


class Postings:
    """The posting lists one search needs, decoded once each (not thread-safe: one per call)."""

    def __init__(self, searcher: Searcher, live: frozenset[int]) -> None:
        self.searcher = searcher
        self.live = live
        self.leaves = [(s.reader(), offset) for s, offset in searcher.leaf_searchers()]
        self.deletions = searcher.reader().has_deletions()
        self._cache: dict[tuple[str, str | bytes], Posting] = {}

    def get(self, field: str, text: str | bytes) -> Posting:
        """Return the (docnums, weights) of one term; empty lists when it is not indexed."""
        key = (field, text)
        posting = self._cache.get(key)
        if posting is None:
            posting = self._cache[key] = self._read(field, text)
        return posting

    def _read(self, field: str, text: str | bytes) -> Posting:
        ids: list[int] = []
        weights: list[float] = []
        for reader, offset in self.leaves:
            if (field, text) not in reader:
                continue
            leaf_ids, leaf_weights = _decode(reader.postings(field, text))
            ids.extend(leaf_ids if offset == 0 else (d + offset for d in leaf_ids))
            weights.extend(leaf_weights)
        if self.deletions:
            live = self.live
            kept = [(d, w) for d, w in zip(ids, weights, strict=True) if d in live]
            ids, weights = [d for d, _ in kept], [w for _, w in kept]
        return ids, weights


def _decode(matcher: object) -> Posting:
    matcher = getattr(matcher, "child", matcher)  # deletions wrap it; Postings filters them
    if isinstance(matcher, W3LeafMatcher):
        return _decode_blocks(matcher)
    ids: list[int] = []
    weights: list[float] = []
    while matcher.is_active():  # type: ignore[attr-defined]
        ids.append(matcher.id())  # type: ignore[attr-defined]
        weights.append(matcher.weight())  # type: ignore[attr-defined]
        matcher.next()  # type: ignore[attr-defined]
    return ids, weights


def _decode_blocks(matcher: W3LeafMatcher) -> Posting:
    # Reads whoosh3's block layout directly (whoosh3 is pinned below 4 in pyproject.toml):
    # ids are delta-encoded unless stored as bytes; weights are a tuple, one float for the
    # whole block, or None for all 1.0 (see W3LeafMatcher._read_ids/_read_weights).
    ids: list[int] = []
    weights: list[float] = []
    while True:
        if matcher._data is None:
            matcher._read_data()
        block_ids, block_weights = matcher._data[0], matcher._data[1]
        ids.extend(block_ids if matcher._byteids else accumulate(block_ids))
        if block_weights is None or isinstance(block_weights, float):
            weights.extend(repeat(block_weights or 1.0, matcher._blocklength))
        else:
            weights.extend(block_weights)
        if matcher._lastblock:
            return ids, weights
        matcher._goto(matcher._nextoffset)
