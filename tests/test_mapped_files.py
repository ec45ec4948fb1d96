"""Index sub-files are read in place from the memory map (indexer.codec.mapped_files)."""

from __future__ import annotations

import io
import pickle
from array import array
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.filedb.structfile import BufferFile

import indexer.codec  # noqa: F401  (installs the reader)
from indexer import store
from indexer.codec.mapped_files import ViewReader

DATA = b"first line\nsecond\n" + pickle.dumps({"a": [1, 2, 3]}, protocol=2) + bytes(range(50))


def test_view_reader_reads_as_bytesio_does() -> None:
    ours, theirs = ViewReader(memoryview(DATA)), io.BytesIO(DATA)
    for reader in (ours, theirs):
        assert reader.readline() == b"first line\n"
        assert reader.read(3) == b"sec"
    assert ours.readline() == theirs.readline() == b"ond\n"
    assert pickle.load(ours) == pickle.load(theirs) == {"a": [1, 2, 3]}  # type: ignore[arg-type]
    assert ours.tell() == theirs.tell()
    assert ours.seek(-5, 2) == theirs.seek(-5, 2)
    assert ours.read() == theirs.read() and ours.read(4) == b""
    ours.seek(0)
    target = bytearray(4)
    assert ours.readinto(target) == 4 and bytes(target) == b"firs"
    numbers = array("B")
    ours.seek(len(DATA) - 50)
    numbers.fromfile(ours, 50)  # type: ignore[arg-type]
    assert list(numbers) == list(range(50))
    assert ours.readline() == b""


def test_an_opened_index_reads_its_files_through_the_view(sample_index_dir: Path) -> None:
    generation = store.current_generation(sample_index_dir)
    with whoosh_index.open_dir(str(generation)).searcher() as searcher:
        assert searcher.document(id="coffee-brazil")["title"].startswith("Brazil coffee")
        opened = BufferFile(memoryview(b"abcdef"))
        assert isinstance(opened.file, ViewReader)
        part = opened.subset(2, 3)
        assert isinstance(part._buf, memoryview) and part.read() == b"cde"  # a view, no copy
