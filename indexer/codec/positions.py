"""Word positions in a posting's value: the compact layout written now, and whoosh's.

whoosh's ``Positions`` format stores a posting's positions as a 4-byte count and a pickled
list of deltas (about 12 bytes for a word seen once); it was half of a 10x index. The compact
layout is a tag byte and the deltas (the first delta is the first position) packed as

- ``1``: one byte each, when every delta is under 256 (nearly every posting);
- ``2``: two bytes each (little-endian), when every delta is under 65,536;
- ``4``: four bytes each (little-endian) otherwise.

so the frequency is the value's length over its width, and decoding is ``accumulate`` over
the bytes (C), faster than unpickling. whoosh's layout starts with the high byte of its count,
always 0 (no text holds 16 million words), so readers tell the layouts apart by the first byte
and indexes written before keep reading. ``indexer.schema.CompactPositions`` is the whoosh
format that writes this layout (for ``exact`` and ``author``).

>>> value = encode_positions([3, 4, 300])
>>> value, decode_frequency(value), list(iter_positions(value))
(b'\\x02\\x03\\x00\\x01\\x00(\\x01', 3, [3, 4, 300])
>>> list(iter_positions(b"\\x00\\x00\\x00\\x02\\x80\\x02]q\\x00(K\\x03K\\x01e."))  # whoosh's
[3, 4]
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import accumulate, chain
from operator import itemgetter, sub
from pickle import loads
from struct import pack, unpack
from typing import Any

import numpy as np

_WIDTH_CODES = {2: "H", 4: "I"}
_WIDTH_DTYPES: dict[int, np.dtype[Any]] = {
    1: np.dtype(np.uint8),
    2: np.dtype("<u2"),
    4: np.dtype("<u4"),
}


def encode_positions(positions: list[int]) -> bytes:
    """Return the compact value of ascending word positions (at least one)."""
    deltas = [positions[0], *map(sub, positions[1:], positions)]
    top = max(deltas)
    if top < 256:
        return b"\x01" + bytes(deltas)
    width = 2 if top < 65536 else 4
    return bytes((width,)) + pack(f"<{len(deltas)}{_WIDTH_CODES[width]}", *deltas)


def iter_positions(value: bytes) -> Iterator[int]:
    """Yield the word positions of a posting value (either layout), in order."""
    width = value[0]
    if width == 1:
        return accumulate(value[1:])
    if width:
        count = (len(value) - 1) // width
        return accumulate(unpack(f"<{count}{_WIDTH_CODES[width]}", value[1:]))
    # whoosh's: a 4-byte count, then pickled deltas; whoosh may leave out the pickle's
    # final STOP (".", byte 46).
    return accumulate(loads(value[4:] if value[-1] == 46 else value[4:] + b"."))


def decode_frequency(value: bytes) -> int:
    """Return how often the word occurs, from a posting value (either layout)."""
    width = value[0]
    if width:
        return (len(value) - 1) // width
    return int.from_bytes(value[:4], "big")


def position_arrays(values: list[bytes]) -> tuple[np.ndarray, np.ndarray]:
    """Return (value number, position) of every position of the values, value after value.

    Values of the compact layout are decoded together with numpy, a width at a time: their
    bytes joined, the tag bytes dropped, the deltas summed within each value; values in
    whoosh's layout one by one.
    """
    tags = np.frombuffer(bytes(map(itemgetter(0), values)), np.uint8)
    if tags.all() and (tags == 1).all():  # nearly always
        return _same_width_positions(values, 1)
    parts = []
    for width in (1, 2, 4):
        chosen = np.flatnonzero(tags == width)
        numbers, positions = _same_width_positions([values[i] for i in chosen.tolist()], width)
        parts.append((chosen[numbers], positions))
    others = np.flatnonzero(~np.isin(tags, (1, 2, 4))).tolist()
    decoded = [list(iter_positions(values[i])) for i in others]
    parts.append(
        (np.repeat(others, list(map(len, decoded))), np.fromiter(chain(*decoded), np.int64))
    )
    numbers = np.concatenate([numbers for numbers, _ in parts]).astype(np.int64)
    positions = np.concatenate([positions for _, positions in parts])
    order = np.lexsort((positions, numbers))
    return numbers[order], positions[order]


def _same_width_positions(values: list[bytes], width: int) -> tuple[np.ndarray, np.ndarray]:
    if not values:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    joined = np.frombuffer(b"".join(values), np.uint8)
    sizes = np.fromiter(map(len, values), np.int64, len(values))
    keep = np.ones(len(joined), np.bool_)
    keep[np.cumsum(sizes) - sizes] = False  # the tag bytes
    deltas = joined[keep].view(_WIDTH_DTYPES[width])
    counts = (sizes - 1) // width
    summed = np.cumsum(deltas, dtype=np.int64)
    before = np.concatenate(([0], summed))[np.cumsum(counts) - counts]
    return np.repeat(np.arange(len(values)), counts), summed - np.repeat(before, counts)
