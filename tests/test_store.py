from pathlib import Path

import pytest

from indexer import store
from newsarchive.errors import IndexLocked, IndexMissing
from newsarchive.settings import Settings
from search import Engine, SearchRequest


def test_sample_index_is_live_and_searchable(sample_settings: Settings) -> None:
    engine = Engine(sample_settings)
    results = engine.search(SearchRequest(q="coffee"))
    assert {hit.article.id for hit in results.hits} == {"coffee-brazil", "coffee-colombia"}


def test_missing_index_says_how_to_fix(tmp_path: Path) -> None:
    with pytest.raises(IndexMissing, match="newsarchive rebuild"):
        store.open_live(tmp_path / "nothing")


def test_second_writer_is_refused(tmp_path: Path) -> None:
    with store.writer_lock(tmp_path):
        with pytest.raises(IndexLocked):
            with store.writer_lock(tmp_path):
                pass
