"""The index writers: the bulk writer and the parallel writer produce what whoosh's own does."""

from __future__ import annotations

from pathlib import Path

from conftest import SAMPLE_ARTICLES
from whoosh.writing import SegmentWriter

from indexer.parallel_write import in_share, write_parallel
from indexer.writer import add_article, create_index, open_writer


def _postings_and_lengths(folder: Path) -> dict[tuple[str, bytes], tuple]:
    """Every term's postings and the length statistics whoosh keeps with it."""
    from whoosh import index as whoosh_index

    found = {}
    with whoosh_index.open_dir(str(folder)).searcher() as searcher:
        reader = searcher.reader()
        for field, text in reader.all_terms():
            info = reader.term_info(field, text)
            ids = {
                searcher.stored_fields(d)["id"]: w
                for d, w in reader.postings(field, text).items_as("weight")
            }
            found[(field, text)] = (ids, info.min_length(), info.max_length(), info.max_weight())
    return found


def test_bulk_writer_writes_the_same_postings_and_length_statistics(tmp_path: Path) -> None:
    plain = create_index(tmp_path / "plain")
    writer = SegmentWriter(plain)
    for article in SAMPLE_ARTICLES:
        add_article(writer, article)
    writer.commit()
    bulk = open_writer(create_index(tmp_path / "bulk"))
    for article in SAMPLE_ARTICLES:
        add_article(bulk, article)
    bulk.commit()
    expected = _postings_and_lengths(tmp_path / "plain")
    assert expected and _postings_and_lengths(tmp_path / "bulk") == expected


def test_parallel_writer_indexes_every_share_once(tmp_path: Path) -> None:
    expected = _postings_and_lengths(_single(tmp_path / "one"))
    index = create_index(tmp_path / "parts")
    seen: list[tuple[int, bool]] = []

    def share(part: int, parts: int):
        chosen = (a for n, a in enumerate(SAMPLE_ARTICLES) if in_share(n * 300, part, parts))
        return chosen, lambda: {"part": part}

    done = write_parallel(
        index, share, 3, lambda written, committing: seen.append((written, committing))
    )
    assert [part.counts for part in done] == [{"part": 0}, {"part": 1}, {"part": 2}]
    assert sum(part.indexed for part in done) == len(SAMPLE_ARTICLES)
    assert index.doc_count() == len(SAMPLE_ARTICLES)
    with index.reader() as reader:
        assert len(reader.leaf_readers()) == 3  # a segment a process
    assert seen[-1] == (len(SAMPLE_ARTICLES), True)
    assert _postings_and_lengths(tmp_path / "parts") == expected


def _single(folder: Path) -> Path:
    writer = open_writer(create_index(folder))
    for article in SAMPLE_ARTICLES:
        add_article(writer, article)
    writer.commit()
    return folder
