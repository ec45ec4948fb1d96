"""BBC + Reuters-21578 in one index, as shipped (whole folders, documentation included): every
Reuters story accounted for and no documentation file indexed; the BBC's undated articles in the
year facet and the chart as "No date", and the single-valued facets adding up to the total."""

from __future__ import annotations

from pathlib import Path

import pytest

from indexer.build import build_index
from indexer.reading.sources import DOCUMENTATION
from newsarchive.settings import Settings
from web import create_app

pytestmark = pytest.mark.slow
REUTERS_STORIES = 21_578


@pytest.fixture(scope="module")
def built(corpora: Path, tmp_path_factory: pytest.TempPathFactory):
    index_dir = tmp_path_factory.mktemp("bbc-reuters") / "index"
    sources = (corpora / "reuters21578", corpora / "bbc")
    settings = Settings(index_dir=index_dir, source_dirs=sources, workers=2)
    return settings, build_index(settings)


@pytest.fixture(scope="module")
def client(built):
    return create_app(built[0]).test_client()


def counts(document: dict, facet: str) -> dict[str, int]:
    return {f["value"]: f["count"] for f in document["facets"][facet]}


def test_every_reuters_story_is_accounted_for_and_no_documentation_is_indexed(built, client):
    _settings, report = built
    stories = [s for s in report.skipped if s.path.endswith(".sgm")]
    assert len(stories) == 1 and "12793" in stories[0].reason  # empty: no title, no text
    reuters = client.get("/api/search?q=*&source=Reuters&per_page=1&collapse=0").get_json()
    duplicates_of_reuters = report.read - report.indexed - report.duplicate_ids  # same text
    assert (
        reuters["total"] + len(stories)
        <= REUTERS_STORIES
        <= (reuters["total"] + len(stories) + duplicates_of_reuters)
    )
    assert report.left_out[DOCUMENTATION] >= 2  # README.txt, cat-descriptions_120396.txt
    described = client.get("/api/search?q=%22Some+notes+on+the+Reuters+Categories%22").get_json()
    assert described["total"] == 0
    indexed_paths = client.get("/api/search?q=categories+ORGS+EXCHANGES&per_page=50").get_json()
    assert not [r for r in indexed_paths["results"] if not r["path"].endswith((".sgm", ".txt"))]
    assert not [r for r in indexed_paths["results"] if "descriptions" in r["path"]]


def test_single_valued_facets_add_up_and_no_date_is_the_bbc(client):
    everything = client.get("/api/search?q=*&per_page=1&collapse=0").get_json()
    total = everything["total"]
    years, sources = counts(everything, "year"), counts(everything, "source")
    assert sum(years.values()) == total and sum(sources.values()) == total
    assert years["none"] >= 2000 and sources["bbc"] == years["none"]  # the folder's name
    undated = client.get("/api/search?q=*&year=none&per_page=50&collapse=0").get_json()
    assert undated["total"] == years["none"]
    assert {r["source"] for r in undated["results"]} == {"bbc"}
    assert {r["path"].split("/")[0] for r in undated["results"]} <= {
        "business", "entertainment", "politics", "sport", "tech"}  # fmt: skip
    dated = client.get("/api/search?q=*&not_year=none&per_page=1").get_json()
    assert dated["total"] + undated["total"] == total


def test_the_chart_shows_the_undated_articles(client):
    html = client.get("/search?q=*&collapse=0").get_data(as_text=True)
    assert "Matching articles per month, 1987, and without a date" in html
    assert 'aria-label="No date: ' in html and "year=none" in html
