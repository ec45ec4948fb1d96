"""Index files read in place from the memory map, not copied into each process.

whoosh3 maps a segment's compound file and opens each sub-file (terms, postings, stored fields,
columns) as a ``whoosh.filedb.structfile.BufferFile`` over a ``memoryview`` of the map; its
``__init__`` wraps that view in ``io.BytesIO``, which copies the whole sub-file into the
process's own memory, and ``BufferFile.subset`` (how column files, the stored fields among
them, are opened) copies its range too. Opening a 10x Reuters generation copied ~1 GB that way
(1.5 s of its 4.7 s open, and most of a search worker's resident memory); exporting every
article copied the whole index. ``install()`` makes ``BufferFile`` read through ``ViewReader``
(the same file interface over the view, copying only the bytes each read asks for) and
``subset`` return a view, so the pages stay in the page cache, shared by every worker.
"""

from __future__ import annotations

from typing import Any

from whoosh.filedb.structfile import BufferFile

_SEEK_SET, _SEEK_CUR, _SEEK_END = 0, 1, 2


class ViewReader:
    """A read-only binary file over a memoryview (what ``BytesIO`` offers a ``StructFile``)."""

    __slots__ = ("_view", "_pos", "_size")

    def __init__(self, buf: bytes | bytearray | memoryview) -> None:
        self._view: memoryview | None = buf if isinstance(buf, memoryview) else memoryview(buf)
        self._pos = 0
        self._size = len(self._view)

    def read(self, size: int | None = -1) -> bytes:
        """Return up to ``size`` bytes (all that is left when ``size`` is negative or None)."""
        assert self._view is not None, "read from a closed file"
        start = self._pos
        end = self._size if size is None or size < 0 else min(self._size, start + size)
        self._pos = end
        return self._view[start:end].tobytes()

    def readinto(self, target: Any) -> int:
        """Fill ``target`` from the current position; return how many bytes were read."""
        assert self._view is not None, "read from a closed file"
        count = min(len(target), self._size - self._pos)
        target[:count] = self._view[self._pos : self._pos + count]
        self._pos += count
        return count

    def readline(self, size: int | None = -1) -> bytes:
        """Return the bytes up to and including the next newline."""
        assert self._view is not None, "read from a closed file"
        end = self._size if size is None or size < 0 else min(self._size, self._pos + size)
        start, step = self._pos, 256
        while True:
            stop = min(end, self._pos + step)
            found = self._view[self._pos : stop].tobytes().find(b"\n")
            if found >= 0 or stop == end:
                break
            self._pos, step = stop, step * 2
        self._pos = self._pos + found + 1 if found >= 0 else end
        return self._view[start : self._pos].tobytes()

    def seek(self, offset: int, whence: int = _SEEK_SET) -> int:
        """Move the position; return it."""
        base = {_SEEK_SET: 0, _SEEK_CUR: self._pos, _SEEK_END: self._size}[whence]
        self._pos = max(0, base + offset)
        return self._pos

    def tell(self) -> int:
        """Return the position."""
        return self._pos

    def close(self) -> None:
        """Drop the view (``BufferFile.close`` then releases it)."""
        self._view = None

    @property
    def closed(self) -> bool:
        """Whether ``close`` was called."""
        return self._view is None


def _buffer_file_init(
    self: BufferFile, buf: Any, name: str | None = None, onclose: Any = None
) -> None:
    # BufferFile.__init__ of whoosh3 3.54.0, with ViewReader in place of BytesIO(buf).
    self._buf = buf
    self._name = name
    self.file = ViewReader(buf)  # type: ignore[assignment]
    self.onclose = onclose
    self.is_real = False
    self.is_closed = False


def _buffer_file_subset(
    self: BufferFile, position: int, length: int, name: str | None = None
) -> BufferFile:
    # BufferFile.subset copied the range (bytes(view[...])): a column's whole file, such as
    # the stored fields, on first use. A view of the range reads the same bytes in place.
    view = memoryview(self._buf)[position : position + length]
    return BufferFile(view, name=name or self._name)


def install() -> None:
    """Make whoosh's ``BufferFile`` read in place (idempotent)."""
    BufferFile.__init__ = _buffer_file_init  # type: ignore[method-assign]
    BufferFile.subset = _buffer_file_subset  # type: ignore[method-assign]
