"""Posting lists decoded a block at a time.

Whoosh's matchers step through postings one at a time in Python. Here a term's whole posting
list is decoded block by block: whoosh3 stores each block as a pickled ``(ids, weights,
values)`` tuple, the ids delta-encoded, so ``itertools.accumulate`` (C) restores them. Match sets
(``search.matchset``) and BM25 scores (``search.scoring``) both come from these lists.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator
from itertools import accumulate, compress, repeat
from pickle import dumps, loads
from struct import Struct
from typing import Any
from zlib import decompress

import numpy as np
from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.searching import Searcher

from indexer.codec.positions import decode_frequency, iter_positions

__all__ = ["Postings", "decode_frequency", "decode_positions", "iter_positions"]

Posting = tuple[list[int], list[float]]  # docnums, weights (term frequency x field boost)
POSITIONED = ("exact", "author")  # fields whose postings carry word positions (for phrases)
_BLOCK_SIZE = Struct("!i")  # whoosh's ``read_int``: a block's byte size, negative for the last
_HEAD_BYTES = 64  # more than a block's pickled info tuple ever takes
Block = tuple[int, int, int, memoryview]  # postings, last docnum, zlib level, (compressed) data


class Postings:
    """The posting lists one search needs, decoded once each (not thread-safe: one per call)."""

    def __init__(
        self, searcher: Searcher, live: frozenset[int], live_mask: np.ndarray | None = None
    ) -> None:
        self.searcher = searcher
        self.live = live
        self.leaves = [(s.reader(), offset) for s, offset in searcher.leaf_searchers()]
        self.deletions = searcher.reader().has_deletions()
        if self.deletions and live_mask is None:
            live_mask = np.zeros(searcher.reader().doc_count_all(), np.bool_)
            live_mask[np.fromiter(live, np.int64, len(live))] = True
        self.live_mask = live_mask  # docnum -> live (needed only with deletions)
        self._cache: dict[tuple[str, str | bytes], Posting] = {}
        self._arrays: dict[tuple[str, str | bytes], tuple[np.ndarray, np.ndarray]] = {}
        self._values: dict[tuple[str, str | bytes], dict[int, bytes]] = {}
        self._partial: dict[tuple[str, str | bytes], dict[int, bytes]] = {}
        # (field, words) -> docnum -> occurrences, filled as phrases are matched
        self.phrase_counts: dict[tuple[str, tuple[str, ...]], dict[int, int]] = {}

    def get(self, field: str, text: str | bytes) -> Posting:
        """Return the (docnums, weights) of one term; empty lists when it is not indexed."""
        key = (field, text)
        if key not in self._cache:
            ids, weights = self._as_read(key)
            self._cache[key] = (
                (ids.tolist(), weights.tolist()) if isinstance(ids, np.ndarray) else (ids, weights)
            )
        return self._cache[key]

    def arrays(self, field: str, text: str | bytes) -> tuple[np.ndarray, np.ndarray]:
        """Return the (docnums, weights) of one term as numpy arrays (int64, float64)."""
        key = (field, text)
        if key not in self._arrays:
            ids, weights = self._as_read(key)
            self._arrays[key] = np.asarray(ids, np.int64), np.asarray(weights, np.float64)
        return self._arrays[key]

    def _as_read(self, key: tuple[str, str | bytes]) -> tuple[Any, Any]:
        """Return a term's postings as they were read: lists (one segment) or arrays."""
        if key not in self._cache and key not in self._arrays:
            self._read(*key)
        return self._cache.get(key) or self._arrays[key]

    def positions(self, field: str, text: str | bytes) -> dict[int, bytes]:
        """Return docnum -> encoded positions (``decode_positions``) of a positioned field."""
        self.get(field, text)
        return self._values.get((field, text), {})

    def positions_of(self, field: str, text: str | bytes, docs: list[int]) -> dict[int, bytes]:
        """Return docnum -> encoded positions for the given documents only (sorted docnums).

        For a word far more common than the documents asked about (``of`` in ``"bank of
        japan"``), skipping through its postings block by block beats decoding all of them.
        """
        found = self._partial.setdefault((field, text), {})
        for reader, offset in self.leaves:
            if (field, text) not in reader:
                continue
            end = offset + reader.doc_count_all()
            wanted = [d - offset for d in docs if offset <= d < end]
            matcher = reader.postings(field, text)
            matcher = getattr(matcher, "child", matcher)
            if isinstance(matcher, W3LeafMatcher):
                values = _values_in_blocks(matcher, wanted)
            else:
                values = _values_by_skipping(matcher, wanted)
            found.update((d + offset, v) for d, v in values.items())
        return found

    def decoded(self, field: str, text: str | bytes) -> bool:
        """Return True when the term's whole posting list has been read."""
        return (field, text) in self._cache or (field, text) in self._arrays

    def known_positions(self, field: str, text: str | bytes) -> dict[int, bytes] | None:
        """Return the positions read so far for a term (all, or some by ``positions_of``)."""
        key = (field, text)
        return self._values.get(key) if self.decoded(field, text) else self._partial.get(key)

    def frequency(self, field: str, text: str | bytes) -> int:
        """Return how many documents hold the term."""
        return self.searcher.reader().doc_frequency(field, text)

    def _read(self, field: str, text: str | bytes) -> None:
        """Decode a term's posting list into ``_cache`` (lists) or ``_arrays``."""
        key = (field, text)
        leaves = [
            (offset, _decode(reader.postings(field, text)))
            for reader, offset in self.leaves
            if key in reader
        ]
        if len(leaves) == 1 and leaves[0][0] == 0 and not self.deletions:
            ids, weights, values = leaves[0][1]
            self._cache[key] = ids, weights
        else:  # several segments, or deletions: joined and filtered as arrays
            id_array, values = self._joined(key, leaves)
            ids = id_array.tolist() if field in POSITIONED and values else []
        if field in POSITIONED and values and len(values) == len(ids):
            self._values[key] = dict(zip(ids, values, strict=True))

    def _joined(
        self, key: tuple[str, str | bytes], leaves: list[tuple[int, tuple[list, list, list]]]
    ) -> tuple[np.ndarray, list[bytes]]:
        """Keep the postings of several segments as one pair of arrays in ``_arrays``, deleted
        documents left out; return the ids and the values (positions) kept."""
        ids = np.concatenate(
            [np.zeros(0, np.int64)]
            + [np.array(leaf_ids, np.int64) + offset for offset, (leaf_ids, _, _) in leaves]
        )
        weights = np.concatenate(
            [np.zeros(0, np.float64)]
            + [np.array(leaf_weights, np.float64) for _, (_, leaf_weights, _) in leaves]
        )
        values = [value for _, (_, _, leaf_values) in leaves for value in leaf_values]
        if self.deletions and self.live_mask is not None:
            live = self.live_mask[ids]
            ids, weights = ids[live], weights[live]
            values = list(compress(values, live.tolist())) if values else values
        self._arrays[key] = ids, weights
        return ids, values


def _values_in_blocks(matcher: Any, wanted: list[int]) -> dict[int, bytes]:
    # Only blocks whose id range holds a wanted document are unpickled; the others are passed
    # over by their headers (see _blocks).
    found: dict[int, bytes] = {}
    start = 0
    for _count, last, level, data in _blocks(matcher):
        stop = bisect_right(wanted, last, lo=start)
        if stop > start:
            block_ids, _, block_values = loads(decompress(data) if level else data)
            ids = block_ids if matcher._byteids else accumulate(block_ids)
            block = dict(zip(ids, block_values, strict=True))
            found.update((d, block[d]) for d in wanted[start:stop] if d in block)
            start = stop
            if start == len(wanted):
                break
    return found


def _values_by_skipping(matcher: Any, wanted: list[int]) -> dict[int, bytes]:
    found: dict[int, bytes] = {}
    for docnum in wanted:
        if not matcher.is_active():
            break
        matcher.skip_to(docnum)
        if matcher.is_active() and matcher.id() == docnum:
            found[docnum] = matcher.value()
    return found


def decode_positions(value: bytes) -> set[int]:
    """Return the word positions encoded in a posting value (``indexer.codec.positions``)."""
    return set(iter_positions(value))


def _decode(matcher: object) -> tuple[list[int], list[float], list[bytes]]:
    matcher = getattr(matcher, "child", matcher)  # deletions wrap it; Postings filters them
    if isinstance(matcher, W3LeafMatcher):
        return _decode_blocks(matcher)
    ids: list[int] = []
    weights: list[float] = []
    values: list[bytes] = []
    while matcher.is_active():  # type: ignore[attr-defined]
        ids.append(matcher.id())  # type: ignore[attr-defined]
        weights.append(matcher.weight())  # type: ignore[attr-defined]
        values.append(matcher.value())  # type: ignore[attr-defined]
        matcher.next()  # type: ignore[attr-defined]
    return ids, weights, values


def _decode_blocks(matcher: Any) -> tuple[list[int], list[float], list[bytes]]:
    # Reads whoosh3's block layout directly (the release is pinned: see indexer/codec):
    # ids are delta-encoded unless stored as bytes; weights are a tuple, one float for the
    # whole block, or None for all 1.0; values (encoded positions) are a tuple or None
    # (see W3LeafMatcher._read_ids/_read_weights/_read_values).
    ids: list[int] = []
    weights: list[float] = []
    values: list[bytes] = []
    for count, _last, level, data in _blocks(matcher):
        block_ids, block_weights, block_values = loads(decompress(data) if level else data)
        ids.extend(block_ids if matcher._byteids else accumulate(block_ids))
        if block_weights is None or isinstance(block_weights, float):
            weights.extend(repeat(block_weights or 1.0, count))
        else:
            weights.extend(block_weights)
        if isinstance(block_values, tuple | list):
            values.extend(block_values)
    return ids, weights, values


def _blocks(matcher: Any) -> Iterator[Block]:
    """Yield each block of a posting list: (postings, last docnum, zlib level, data).

    Read straight from the memory-mapped postings file when the matcher reads one (whoosh's
    ``_goto`` asks its file for the size, then unpickles the info tuple through a dozen small
    reads a block); ``W3PostingsWriter._write_block`` and ``posting_blocks`` both write the
    info with ``dumps``, so its length is that of the same tuple pickled again with the same
    protocol.
    """
    buf = getattr(matcher._postfile, "_buf", None)
    if buf is None:  # a postings file read through the file system: whoosh's own steps
        yield from _blocks_by_matcher(matcher)
        return
    position = matcher._baseoffset
    while True:
        (size,) = _BLOCK_SIZE.unpack_from(buf, position)
        start = position + 4
        end = start + abs(size)
        info = loads(buf[start : min(end, start + _HEAD_BYTES)])  # trailing bytes are ignored
        protocol = buf[start + 1]  # b"\x80" then the protocol the info was pickled with
        yield info[0], info[1], info[3], buf[start + len(dumps(info, protocol)) : end]
        if size < 0:
            return
        position = end


def _blocks_by_matcher(matcher: Any) -> Iterator[Block]:
    while True:
        data = matcher._postfile.get(matcher._dataoffset, matcher._nextoffset - matcher._dataoffset)
        yield matcher._blocklength, matcher._maxid, matcher._compression, memoryview(data)
        if matcher._lastblock:
            return
        matcher._goto(matcher._nextoffset)
