"""Write posting lists and the term table in whoosh3's on-disk format, in bulk.

The layout is that of whoosh's ``W3PostingsWriter`` and ``OrderedHashWriter`` (a test
compares what a reader sees in both), but built per block with list operations into a buffer
whose file offsets are counted, not asked for: whoosh calls ``tell()`` (a system call) and
``write()`` several times per posting list, and with most terms seen in one or two documents
that overhead was a third of a rebuild's write phase.

Two choices make the blocks about half whoosh's size while any whoosh reader (which only
``pickle.loads`` a block) sees the same postings: blocks are pickled with protocol 3, which
stores each posting's value (``exact``'s positions) as raw bytes (protocol 2, whoosh's choice,
writes every ``bytes`` value as a call to ``codecs.encode`` over a latin-1 string, about 20
bytes each), and weights that are all whole numbers (term frequencies) are pickled as ints
(2 bytes each) rather than floats (9 bytes each). Blocks hold ``BLOCK_POSTINGS`` postings.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Iterable
from operator import sub
from pickle import dumps
from typing import Any
from zlib import compress

from whoosh.codec.whoosh3 import COMPRESSION_MIN_SIZE, WHOOSH3_HEADER_MAGIC, W3TermInfo
from whoosh.filedb.filetables import OrderedHashWriter, _lengths
from whoosh.system import pack_int, pack_long
from whoosh.util.numeric import length_to_byte

LengthOf = Callable[[int], Any]  # docnum -> decoded field length, or None / 0 without one
_TERM_INFO = W3TermInfo._struct  # flags, weight, doc freq, min/max length byte, ...
_FLUSH_BYTES = 1 << 20
BLOCK_PROTOCOL = 3  # raw bytes values, and no framing (protocol 4's 9 bytes a block)
# Postings a block (whoosh writes 128; a reader takes each block's count from its header):
# twice as many compress better (body -17%, exact -5% at 10x) and decode in half the calls.
BLOCK_POSTINGS = 256


class PostingsWriter:
    """Append posting lists to a whoosh3 postings file (``.pst``) through a buffer."""

    def __init__(self, postfile: Any, blocklimit: int, compression: int) -> None:
        self._file = postfile
        self._offset = postfile.tell()  # the file offset of the buffer's first byte
        self._buffer = bytearray()
        self._blocklimit = blocklimit
        self._compression = compression

    def write_term(
        self, ids: list[int], weights: list[float], values: Any, lengths: LengthOf
    ) -> bytes:
        """Write one term's postings (ascending ``ids``); return its term info bytes.

        ``values`` is None (the format keeps none), ``bytes`` (fixed-size values, joined) or
        a list with one ``bytes`` a posting.
        """
        buffer = self._buffer
        start = self._offset + len(buffer)
        buffer += WHOOSH3_HEADER_MAGIC
        count = len(ids)
        limit = self._blocklimit
        if count <= limit:  # nearly every term: one block
            total_weight, max_weight, (min_length, max_length) = self._write_block(
                ids, weights, lengths, _block_values(values, 0, count, count), True
            )
        else:
            total_weight = max_weight = max_length = 0
            min_length = None
            for first in range(0, count, limit):
                end = min(first + limit, count)
                block_values = _block_values(values, first, end, count)
                weight, top, (low, high) = self._write_block(
                    ids[first:end], weights[first:end], lengths, block_values, end == count
                )
                total_weight += weight
                max_weight = max(max_weight, top)
                if low is not None:
                    min_length = low if min_length is None else min(min_length, low)
                max_length = max(max_length, high)
        info = _TERM_INFO.pack(
            0,
            total_weight,
            count,
            0 if min_length is None else length_to_byte(min_length),
            length_to_byte(max_length),
            max_weight,
            ids[0],
            ids[-1],
        )
        extent = self._offset + len(buffer) - start
        if len(buffer) > _FLUSH_BYTES:
            self.flush()
        return info + pack_long(start) + pack_int(extent)

    def _write_block(
        self, ids: list[int], weights: list[float], lengths: LengthOf, values: Any, last: bool
    ) -> tuple[float, float, tuple[int | None, int]]:
        """Write one block; return its summed and top weight and its shortest and longest
        field lengths, as ``W3TermInfo.add_block`` takes them."""
        stored = array("f", weights)  # whoosh keeps weights as 32-bit floats
        found = list(filter(None, map(lengths, ids)))
        low, high = (min(found), max(found)) if found else (None, 0)
        top = max(weights)
        top = top if top > 0 else 0
        if len(ids) == 1:
            deltas: tuple[int, ...] | list[int] = (ids[0],)
        else:
            deltas = [ids[0], *map(sub, ids[1:], ids)]
        data = dumps((tuple(deltas), _mini_weights(stored), values), BLOCK_PROTOCOL)
        level = self._compression if len(data) >= COMPRESSION_MIN_SIZE else 0
        if level:
            data = compress(data, level)
        info = dumps((len(ids), ids[-1], top, level, length_to_byte(low), length_to_byte(high)), 2)
        size = len(info) + len(data)
        self._buffer += pack_int(-size if last else size)  # a list's last block: negative
        self._buffer += info
        self._buffer += data
        return sum(stored), top, (low, high)

    def flush(self) -> None:
        """Write the buffered bytes to the file."""
        if self._buffer:
            self._file.write(bytes(self._buffer))
            self._offset += len(self._buffer)
            self._buffer = bytearray()


def add_terms(table: OrderedHashWriter, rows: Iterable[tuple[bytes, bytes]]) -> None:
    """Add (key, value) rows, keys ascending, as ``OrderedHashWriter.add`` would one by one."""
    dbfile = table.dbfile
    position = dbfile.tell()
    buffer = bytearray()
    hash_of = table.hashfn
    buckets = table.buckets
    keep_position = table.index.append
    last = table.lastkey
    for key, value in rows:
        if key <= last:
            raise ValueError(f"Keys must increase: {last!r}..{key!r}")
        last = key
        keep_position(position)
        code = hash_of(key)
        buckets[code & 255].append((code, position))
        record = _lengths.pack(len(key), len(value)) + key + value
        buffer += record
        position += len(record)
        if len(buffer) > _FLUSH_BYTES:
            dbfile.write(bytes(buffer))
            buffer = bytearray()
    dbfile.write(bytes(buffer))
    table.lastkey = last


def _mini_weights(weights: array) -> float | tuple[float, ...] | tuple[int, ...] | None:
    """Return the block's weights as whoosh stores them: None when all are 1, one value when
    all are equal (always a float: readers test for one), else all of them, as ints when all
    are whole numbers (equal to the floats, a quarter of their pickled size)."""
    first = weights[0]
    if weights.count(first) == len(weights):
        return None if first == 1.0 else first
    whole = tuple(map(int, weights))
    if all(map(float.__eq__, weights, whole)):
        return whole
    return tuple(weights)


def _block_values(values: Any, first: int, end: int, count: int) -> Any:
    if values is None:
        return None
    if isinstance(values, bytes):
        size = len(values) // count
        return values[first * size : end * size]
    return tuple(v for v in values[first:end] if v)  # whoosh keeps only non-empty values
