"""Create a whoosh index in a folder, add articles to it, commit."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.index import Index
from whoosh.writing import IndexWriter

from indexer import store
from indexer.article import Article
from indexer.codec.segment_writer import DirectSegmentWriter
from indexer.schema import build_schema, to_document

WRITER_MEMORY_MB = 512  # postings a writer (process) holds before it spills them to disk


def create_index(folder: Path) -> Index:
    """Create an empty index with THE schema in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    return whoosh_index.create_in(str(folder), build_schema())


def open_writer(index: Index) -> IndexWriter:
    """Return a writer tuned for bulk loads (see ``indexer.writing.parallel`` for several)."""
    return DirectSegmentWriter(index, limitmb=WRITER_MEMORY_MB)


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
