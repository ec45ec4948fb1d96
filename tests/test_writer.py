"""The index writers: the direct writer and the parallel writer produce what whoosh's own does."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import SAMPLE_ARTICLES, varied_articles
from whoosh.query import Term
from whoosh.writing import SegmentWriter

from indexer.article import Article
from indexer.codec import field_postings
from indexer.codec.posting_blocks import BLOCK_POSTINGS
from indexer.codec.segment_writer import DirectSegmentWriter
from indexer.writing.parallel import in_share, write_parallel
from indexer.writing.writer import add_article, create_index, open_writer


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
                for d, w in _weights(reader.postings(field, text))
            }
            found[(field, text)] = (ids, info.min_length(), info.max_length(), info.max_weight())
    return found


def _weights(matcher: Any) -> list[tuple[int, float]]:
    """(docnum, weight) of every posting, as scorers read them (``items_as("weight")`` would
    decode them from values, which ``FrequencyInWeight`` fields do not keep)."""
    found = []
    while matcher.is_active():
        found.append((matcher.id(), matcher.weight()))
        matcher.next()
    return found


def _varied_articles() -> list[Article]:
    return list(SAMPLE_ARTICLES) + varied_articles()


def _everything_a_reader_sees(folder: Path) -> dict[str, Any]:
    """Every term's statistics and postings, every document's stored fields and lengths."""
    from whoosh import index as whoosh_index

    seen: dict[str, Any] = {}
    with whoosh_index.open_dir(str(folder)).reader() as reader:
        for field, text in reader.all_terms():
            info = reader.term_info(field, text)
            matcher = reader.postings(field, text)
            postings = []
            while matcher.is_active():
                postings.append((matcher.id(), matcher.weight(), matcher.value()))
                matcher.next()
            statistics = (info.weight(), info.doc_frequency(), info.min_length())
            statistics += (info.max_length(), info.max_weight(), info.min_id(), info.max_id())
            seen[f"{field}:{text!r}"] = (statistics, postings)
        names = reader.schema.names()
        for docnum in reader.all_doc_ids():
            lengths = [reader.doc_field_length(docnum, name) for name in names]
            seen[f"doc {docnum}"] = (reader.stored_fields(docnum), lengths)
        seen["totals"] = [reader.field_length(name) for name in names]
    return seen


def test_direct_writer_writes_what_whoosh_writer_writes(tmp_path: Path) -> None:
    articles = _varied_articles()
    plain = SegmentWriter(create_index(tmp_path / "plain"))
    direct = open_writer(create_index(tmp_path / "direct"))
    assert isinstance(direct, DirectSegmentWriter)
    for writer in (plain, direct):
        for article in articles:
            add_article(writer, article)
        writer.commit()
    expected = _everything_a_reader_sees(tmp_path / "plain")
    assert any(len(postings) > BLOCK_POSTINGS for _stats, postings in expected.values() if _stats)
    assert _everything_a_reader_sees(tmp_path / "direct") == expected


def test_direct_writer_postings_are_smaller_than_whoosh_writers(tmp_path: Path) -> None:
    # The same postings (test above) in protocol-3 blocks with whole weights as ints.
    articles = _varied_articles()
    plain = SegmentWriter(create_index(tmp_path / "plain"))
    direct = open_writer(create_index(tmp_path / "direct"))
    for writer in (plain, direct):
        for article in articles:
            add_article(writer, article)
        writer.commit()
    plain_bytes, direct_bytes = (
        _postings_bytes(tmp_path / "plain"),
        _postings_bytes(tmp_path / "direct"),
    )
    assert direct_bytes < 0.7 * plain_bytes, (direct_bytes, plain_bytes)


def _postings_bytes(folder: Path) -> int:
    from whoosh.codec.whoosh3 import W3Codec

    index = whoosh_index_at(folder)
    with index.reader() as reader:
        ((leaf, _offset),) = reader.leaf_readers()
        segment = leaf.segment()
        storage = segment.open_compound_file(index.storage)
        return storage.file_length(segment.make_filename(W3Codec.POSTS_EXT))


@pytest.mark.parametrize("chunk_entries", [20_000, 7])
def test_a_writer_out_of_memory_spills_and_still_writes_one_segment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, chunk_entries: int
) -> None:
    # 7 entries: every spilled run is pickled in many small chunks, merged chunk by chunk
    monkeypatch.setattr(field_postings, "_RUN_CHUNK_ENTRIES", chunk_entries)
    articles = _varied_articles()
    expected = _everything_a_reader_sees(_write(tmp_path / "one", articles))
    index = create_index(tmp_path / "small")
    writer = DirectSegmentWriter(index, limitmb=0.02)  # about 450 postings
    for n, article in enumerate(articles, 1):
        add_article(writer, article)
        if n == 256:  # the limit is looked at every 256 documents
            assert writer.held_bytes() == 0  # spilled to a temporary file
    writer.commit()
    with index.reader() as reader:
        assert len(reader.leaf_readers()) == 1
    assert _everything_a_reader_sees(tmp_path / "small") == expected


def test_spilled_runs_are_pickled_in_chunks_of_bounded_size() -> None:
    items = [(f"t{n}", [n] * size) for n, size in enumerate([3, 30_000, 5, 19_995, 4, 1])]
    chunks = list(field_postings._chunks(items))
    assert [t for chunk in chunks for t, _flat in chunk] == [t for t, _flat in items]
    assert [len(chunk) for chunk in chunks] == [2, 2, 2]  # a chunk closes at 20,000 entries


def test_direct_writer_replaces_and_merges_through_whoosh(tmp_path: Path) -> None:
    folder = tmp_path / "index"
    _write(folder, SAMPLE_ARTICLES)
    for optimize in (False, True):  # optimize: whoosh merges the segments through its pool
        writer = open_writer(whoosh_index_at(folder))
        add_article(writer, SAMPLE_ARTICLES[0].with_(title="Replaced title"), replace=True)
        writer.commit(optimize=optimize)
    index = whoosh_index_at(folder)
    assert len(index.reader().leaf_readers()) == 1
    assert index.doc_count() == len(SAMPLE_ARTICLES)
    with index.searcher() as searcher:
        assert searcher.document(id=SAMPLE_ARTICLES[0].id)["title"] == "Replaced title"
        assert len(searcher.search(Term("title", "replac"))) == 1


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
    return _write(folder, SAMPLE_ARTICLES)


def _write(folder: Path, articles: list[Article]) -> Path:
    writer = open_writer(create_index(folder))
    for article in articles:
        add_article(writer, article)
    writer.commit()
    return folder


def whoosh_index_at(folder: Path) -> Any:
    from whoosh import index as whoosh_index

    return whoosh_index.open_dir(str(folder))
