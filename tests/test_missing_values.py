"""Articles without a date, source or country: the facet value ``none``, its counts and filters,
the "No date" bar, and unknown filter values (400 in the API, a notice on pages, exit 2)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from indexer.article import Article
from indexer.writing.writer import publish_articles
from newsarchive.cli import cli
from newsarchive.settings import Settings
from web import create_app


def _article(n: int, **fields) -> Article:
    base = {"title": f"Harvest report {n}", "body": f"The harvest report number {n} is out."}
    return Article(id=f"a{n}", path=f"a{n}.txt", **(base | fields))


ARTICLES = [
    _article(1, date="1987-03-01", source="Reuters", countries=("BR",), regions=("americas",)),
    _article(2, date="1987-04-02", source="Reuters", countries=("CO",), regions=("americas",)),
    _article(3, date="2005-05-03", source="Reuters"),
    _article(4),  # no date, no source, no country: a BBC text file
    _article(5, countries=("GB",), regions=("europe",)),
]


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    index_dir = tmp_path_factory.mktemp("missing") / "index"
    publish_articles(index_dir, ARTICLES)
    return index_dir


@pytest.fixture(scope="module")
def client(index_dir: Path):
    return create_app(Settings(index_dir=index_dir)).test_client()


def facet(document: dict, name: str) -> dict[str, tuple[str, int]]:
    return {f["value"]: (f["label"], f["count"]) for f in document["facets"][name]}


def api(client, query: str, status: int = 200) -> dict:
    response = client.get(f"/api/search?{query}")
    assert response.status_code == status, response.get_data(as_text=True)
    return response.get_json()


def test_missing_values_are_counted_and_single_valued_facets_add_up(client):
    document = api(client, "q=harvest")
    assert document["total"] == 5
    years, sources = facet(document, "year"), facet(document, "source")
    assert years["none"] == ("No date", 2) and list(years)[-1] == "none"
    assert sources["none"] == ("Unknown source", 2)
    assert facet(document, "country")["none"] == ("No country", 2)
    for name in ("year", "source"):
        assert sum(count for _label, count in facet(document, name).values()) == 5


@pytest.mark.parametrize(
    "query, ids",
    [("year=none", {"a4", "a5"}), ("not_year=none", {"a1", "a2", "a3"}),
     ("source=none", {"a4", "a5"}), ("source=NONE&source=reuters", {"a1", "a2", "a3", "a4", "a5"}),
     ("not_source=none", {"a1", "a2", "a3"}), ("country=none", {"a3", "a4"}),
     ("country=none&year=none", {"a4"}), ("region=none&not_year=none", {"a3"})],
)  # fmt: skip
def test_none_is_selected_and_excluded_like_any_value(client, query, ids):
    document = api(client, f"q=harvest&{query}&per_page=50")
    assert {r["id"] for r in document["results"]} == ids


def test_unknown_values_are_a_400_naming_the_valid_form(client):
    assert "two-letter ISO 3166 code" in api(client, "q=x&country=XX", 400)["error"]
    assert "a slug like politics" in api(client, "q=x&topic=nonsense", 400)["error"]
    assert "its sources: Reuters" in api(client, "q=x&not_source=Nowhere", 400)["error"]
    assert "no region" in api(client, "q=x&region=narnia", 400)["error"]


def test_a_page_leaves_an_unknown_value_out_with_a_notice(client):
    response = client.get("/search?q=harvest&country=XX&topic=nonsense&source=Reuters")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "There is no country &#39;XX&#39;" in html and "There is no topic" in html
    assert "<strong>3</strong> articles" in html  # still filtered by the known source


def test_the_chart_has_a_no_date_bar_linking_to_year_none(client):
    html = client.get("/search?q=harvest").get_data(as_text=True)
    assert re.search(r'aria-label="No date: 2 articles"', html)
    assert "year=none" in html
    only = client.get("/search?q=harvest&year=none").get_data(as_text=True)
    assert "none has a date" in only and 'aria-label="No date: 2 articles"' in only


def test_the_command_line_filters_by_none_and_exits_2_for_unknown_values(index_dir: Path):
    args = ["--index", str(index_dir), "search", "harvest", "--json"]
    result = CliRunner().invoke(cli, [*args, "--not-year", "none", "--source", "none"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["total"] == 0
    result = CliRunner().invoke(cli, [*args, "--year", "none", "--not-source", "none"])
    assert json.loads(result.stdout)["total"] == 0
    result = CliRunner().invoke(cli, [*args, "--year", "none", "--year", "2005"])
    assert json.loads(result.stdout)["total"] == 3
    result = CliRunner().invoke(cli, [*args, "--country", "XX"])
    assert result.exit_code == 2 and result.stderr.startswith("Error: There is no country 'XX'")
    assert "Traceback" not in result.output
