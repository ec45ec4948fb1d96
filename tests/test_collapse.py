"""Collapsing near-duplicate groups in results: representatives, other versions, stories total."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from indexer.article import Article
from indexer.writing.writer import publish_articles
from newsarchive.cli import cli
from newsarchive.settings import Settings
from search import Engine, SearchRequest
from web import create_app

WIRE = "Frost damaged coffee plantations in Brazil, traders said, and prices rose sharply."


def article(id: str, date: str, source: str, group: str | None, extra: str = "") -> Article:
    return Article(
        id=id, title=f"Coffee prices jump after frost {extra}".strip(), body=f"{WIRE} {extra}",
        date=date, source=source, path=f"{id}.txt", group=group,
    )  # fmt: skip


ARTICLES = [
    article("wire-1", "1987-03-02", "Reuters", "wire-1"),  # the first published
    article("copy-a", "1987-03-03", "Daily A", "wire-1", "coffee coffee coffee"),  # ranks first
    article("copy-b", "1987-03-04", "Daily B", "wire-1"),
    article("alone", "1987-03-05", "Daily C", None, "arabica"),
    article("pair-1", "1987-03-06", "Daily D", "pair-1", "tea"),
    article("pair-2", "1987-03-07", "Daily E", "pair-1", "tea"),
    article("orphan", "1987-03-08", "Daily F", "gone", "cocoa"),  # its copies were removed
]


@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    index_dir = tmp_path_factory.mktemp("groups") / "index"
    publish_articles(index_dir, ARTICLES)
    return Settings(index_dir=index_dir)


@pytest.fixture(scope="module")
def engine(settings: Settings):
    engine = Engine(settings)
    yield engine
    engine.close()


def test_collapsed_results_show_one_article_per_group(engine):
    results = engine.search(SearchRequest(q="coffee"))
    assert results.total == 7
    assert results.extra["stories"] == 4  # wire-1 x3, pair-1 x2, alone, orphan
    shown = [hit.article.id for hit in results.hits]
    assert len(shown) == 4 and shown[0] == "copy-a"  # the best-ranked copy represents
    versions = {hit.article.id: hit.extra["other_versions"] for hit in results.hits}
    differs = ["headline", "source", "date", "text"]  # copy-a adds words to both
    assert versions["copy-a"] == [
        {"id": "wire-1", "title": "Coffee prices jump after frost", "source": "Reuters",
         "date": "1987-03-02", "first": True, "differs": differs},
        {"id": "copy-b", "title": "Coffee prices jump after frost", "source": "Daily B",
         "date": "1987-03-04", "first": False, "differs": differs},
    ]  # fmt: skip
    assert versions["alone"] == [] and versions["orphan"] == []
    assert [v["id"] for v in versions[next(i for i in versions if i.startswith("pair"))]]


def test_no_collapse_lists_every_copy_with_the_same_stories_count(engine):
    results = engine.search(SearchRequest(q="coffee", collapse=False, per_page=20))
    assert len(results.hits) == 7 and results.extra["stories"] == 4
    assert all("other_versions" not in hit.extra for hit in results.hits)
    data = results.to_dict()
    assert data["stories"] == 4 and data["total"] == 7
    assert {r["id"]: r["group"] for r in data["results"]}["copy-b"] == "wire-1"


def test_other_versions_are_only_the_matching_ones(engine):
    results = engine.search(SearchRequest(q="coffee", filters={"source": ("Daily A", "Reuters")}))
    assert results.total == 2 and results.extra["stories"] == 1
    (hit,) = results.hits
    assert [v["id"] for v in hit.extra["other_versions"]] == [
        "wire-1" if hit.article.id == "copy-a" else "copy-a"
    ]


def test_collapsed_pages_never_repeat_a_story(engine):
    seen = []
    for page in (1, 2, 3, 4, 5):
        results = engine.search(SearchRequest(q="coffee", per_page=1, page=page))
        seen += [hit.article.group or hit.article.id for hit in results.hits]
    assert len(seen) == 4 == len(set(seen))


def test_date_sort_collapses_to_the_newest_copy(engine):
    results = engine.search(SearchRequest(q="coffee", sort="date"))
    assert [hit.article.id for hit in results.hits] == ["orphan", "pair-2", "alone", "copy-b"]


def test_api_and_page_show_versions_and_a_switch(settings: Settings):
    client = create_app(settings).test_client()
    data = client.get("/api/search?q=coffee").get_json()
    assert data["total"] == 7 and data["stories"] == 4
    assert "other_versions" in data["results"][0]
    flat = client.get("/api/search?q=coffee&collapse=0&per_page=20").get_json()
    assert len(flat["results"]) == 7 and "other_versions" not in flat["results"][0]
    html = client.get("/search?q=coffee").get_data(as_text=True)
    assert "<summary>2 other versions</summary>" in html
    assert re.search(r'<span class="versions__first">first published</span>', html)
    assert "<strong>4</strong> stories (7 articles)" in html
    assert 'href="/search?q=coffee&amp;collapse=0"' in html  # show every copy
    assert client.get("/search?q=coffee&collapse=maybe").status_code == 400


def test_cli_no_collapse_flag(settings: Settings):
    base = ["--index", str(settings.index_dir), "search", "coffee", "--json"]
    collapsed = CliRunner().invoke(cli, base)
    flat = CliRunner().invoke(cli, [*base, "--no-collapse"])
    assert collapsed.exit_code == 0 and flat.exit_code == 0, collapsed.output + flat.output
    assert '"stories": 4' in collapsed.stdout and collapsed.stdout.count('"id": "') > 4
    assert flat.stdout.count('"other_versions"') == 0


def test_terminal_listing_shows_the_other_versions(settings: Settings):
    result = CliRunner().invoke(cli, ["--index", str(settings.index_dir), "search", "coffee"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].startswith("4 stories (7 articles) match “coffee”")  # the web's words
    at = lines.index("   + 2 other versions:")
    assert lines[1:at].count("   1987-03-03 · Daily A · copy-a") == 1  # the representative
    listed = " ".join(line.strip() for line in lines[at + 1 :])
    assert "1987-03-02 · Reuters (first published) [differs in headline, source," in listed
    assert "1987-03-04 · Daily B [differs in" in listed


def test_a_version_that_differs_in_nothing_is_not_offered(tmp_path: Path):
    same = [article("one", "1987-03-02", "Reuters", "one"),
            article("two", "1987-03-02", "Reuters", "one").with_(body=WIRE.upper() + " "),
            article("three", "1987-03-03", "Reuters", "one")]  # fmt: skip
    publish_articles(tmp_path / "index", same)
    engine = Engine(Settings(index_dir=tmp_path / "index"))
    try:
        (hit,) = engine.search(SearchRequest(q="coffee", sort="date")).hits
        assert hit.article.id == "three"
        (version,) = hit.extra["other_versions"]  # "one" and "two" are copies: one is listed
        assert version["id"] in ("one", "two") and version["differs"] == ["date"]
    finally:
        engine.close()


def test_index_without_groups_collapses_nothing(sample_settings: Settings):
    engine = Engine(sample_settings)
    try:
        results = engine.search(SearchRequest(q="oil"))
        assert results.extra["stories"] == results.total == 2
    finally:
        engine.close()


@pytest.mark.slow
def test_reuters_stories_count_groups_once(reuters_index_dir: Path):
    engine = Engine(Settings(index_dir=reuters_index_dir))
    try:
        every = engine.search(SearchRequest(q="", per_page=100, sort="date"))
        assert every.extra["stories"] < every.total
        shown = [hit.article.group or hit.article.id for hit in every.hits]
        assert len(shown) == len(set(shown)) == 100
    finally:
        engine.close()


def test_a_group_filling_the_first_ranks_still_gives_a_full_page_of_stories(tmp_path: Path):
    # 60 copies rank above the 15 lone stories (their text says "frost" three more times):
    # the first articles ranked hold one story, so more are ranked until a page is full.
    copies = [
        article(f"copy-{n}", "1987-03-02", "Wire", "copy-0", "frost frost frost") for n in range(60)
    ]
    alone = [article(f"alone-{n}", "1987-03-03", f"Daily {n}", None, f"n{n}") for n in range(15)]
    index_dir = tmp_path / "index"
    publish_articles(index_dir, copies + alone)
    engine = Engine(Settings(index_dir=index_dir))
    every = engine.search(SearchRequest(q="frost", per_page=100, collapse=False)).hits
    stories = list(dict.fromkeys(hit.article.group or hit.article.id for hit in every))
    for page in (1, 2):
        hits = engine.search(SearchRequest(q="frost", per_page=10, page=page)).hits
        assert [hit.article.group or hit.article.id for hit in hits] == stories[
            (page - 1) * 10 : page * 10
        ]
    assert stories[0] == "copy-0" and len(stories) == 16
    engine.close()
