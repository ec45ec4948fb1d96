"""Create a whoosh index in a folder, add articles to it, commit."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
from whoosh.index import Index
from whoosh.util.numeric import byte_to_length
from whoosh.writing import IndexWriter, SegmentWriter

from indexer import store
from indexer.article import Article
from indexer.schema import build_schema, to_document

WRITER_MEMORY_MB = 256  # whoosh buffers postings up to this before flushing a run to disk


def create_index(folder: Path) -> Index:
    """Create an empty index with THE schema in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    return whoosh_index.create_in(str(folder), build_schema())


class BulkSegmentWriter(SegmentWriter):
    """whoosh's SegmentWriter, minus a per-posting file read when the segment is flushed.

    Writing the postings, whoosh looks up each posting's document length in the length column
    it has just written, one small file read per posting (about a tenth of the commit). Here
    each field's lengths are read once into a list; the values are the same.
    """

    def _flush_segment(self) -> None:
        self.perdocwriter.close()
        lengths = self.per_document_reader() if self.codec.length_stats else None
        table = _LengthTable(lengths) if lengths is not None else None
        self.fieldwriter.add_postings(self.schema, table, self.pool.iter_postings())
        self.fieldwriter.close()
        if lengths is not None:
            lengths.close()


_DECODED_LENGTHS = [byte_to_length(code) for code in range(256)]  # a length byte's value


class _LengthTable:
    """The ``doc_field_length_reader`` interface of a per-document reader, from whole columns."""

    def __init__(self, reader: Any) -> None:
        self._reader = reader

    def doc_field_length_reader(self, fieldname: str, default: int = 0) -> Callable[[int], Any]:
        column = self._reader._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
        if column is None:
            return lambda _docnum: default
        table = [_DECODED_LENGTHS[code] if code else None for code in column]
        return table.__getitem__


def open_writer(index: Index) -> IndexWriter:
    """Return a writer tuned for bulk loads (see ``indexer.parallel_write`` for several)."""
    return BulkSegmentWriter(index, limitmb=WRITER_MEMORY_MB)


def add_article(writer: IndexWriter, article: Article, replace: bool = False) -> None:
    """Add one article; with ``replace`` an article with the same id is replaced."""
    document = to_document(article)
    if replace:
        writer.update_document(**document)
    else:
        writer.add_document(**document)


def write_articles(folder: Path, articles: Iterable[Article]) -> int:
    """Create an index in ``folder`` holding ``articles`` (for tests and benchmarks)."""
    index = create_index(folder)
    writer = open_writer(index)
    count = 0
    for article in articles:
        add_article(writer, article)
        count += 1
    writer.commit()
    return count


def publish_articles(index_dir: Path, articles: Iterable[Article]) -> str:
    """Make ``articles`` the live generation of ``index_dir``; return its name (tests, bench)."""
    with store.writer_lock(index_dir):
        building = store.start_generation(index_dir)
        count = write_articles(building, articles)
        store.write_build_info(building, {"articles": count})
        return store.publish_generation(index_dir, building).name
