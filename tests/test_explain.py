"""Explaining a query (search.explain, ``--explain``, ``explain=1``, the results-page panel)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsarchive.cli import cli
from newsarchive.settings import Settings
from search import Engine, SearchRequest
from search.explain import explain_query, render_explain
from web import create_app


@pytest.fixture(scope="module")
def engine(sample_settings: Settings):
    engine = Engine(sample_settings)
    yield engine
    engine.close()


def test_tree_shows_stems_and_counts_each_clause_alone(engine):
    data = explain_query(engine, SearchRequest(q='prices -heating "crude oil"'))
    assert data["tree"]["op"] == "and" and data["tree"]["matches"] == 1  # oil-opec
    prices, negated, phrase = data["tree"]["items"]
    assert prices == {"clause": "prices", "stemmed": "price", "searches": "title|body:price",
                      "matches": 3}  # fmt: skip
    assert negated["op"] == "not" and negated["item"]["stemmed"] == "heat"
    assert negated["item"]["matches"] == 1
    assert phrase["clause"] == '"crude oil"' and phrase["stemmed"] == "crude oil"
    assert phrase["searches"] == 'exact:"crude oil"' and phrase["matches"] == 1
    assert [c["clause"] for c in data["clauses"]] == ["prices", "heating", '"crude oil"']
    json.dumps(data)  # JSON-serialisable


def test_boosts_proximity_and_exclusive_ranges_read_as_typed(engine):
    data = explain_query(engine, SearchRequest(q='prices^3 "crude oil"~2 date:{1987-03 TO *]'))
    boosted, near, dates = data["tree"]["items"]
    assert boosted["clause"] == "prices^3" and boosted["searches"] == "title|body:price x3"
    assert near["clause"] == '"crude oil"~2' and near["searches"] == 'exact:"crude oil"~2'
    assert dates["clause"] == "date:{1987-03 TO *]" and dates["matches"] == 4  # after March


def test_words_that_say_what_is_asked_for_are_shown_left_out(engine):
    tree = explain_query(engine, SearchRequest(q="news about coffee"))["tree"]
    news, about, coffee = tree["items"]
    assert news["matches"] is None and "asked for" in news["searches"]
    assert "stop word" in about["searches"] and coffee["matches"] == 2


def test_fields_filters_stop_words_and_or(engine):
    request = SearchRequest(q="the coffee OR country:us", filters={"topic": ("weather",)},
                            date_from="1987-01-01", min_mentions=2)  # fmt: skip
    data = explain_query(engine, request)
    tree = data["tree"]
    assert tree["op"] == "or" and tree["matches"] == 3
    the, coffee = tree["items"][0]["items"]
    assert the["matches"] is None and "stop word" in the["searches"]
    assert coffee["matches"] == 2
    assert tree["items"][1] == {"clause": "country:us", "stemmed": "US",
                                "searches": "countries:US", "matches": 1}  # fmt: skip
    assert data["filters"] == {"topic": ["weather"], "from": "1987-01-01", "min_mentions": 2}
    text = render_explain(data)
    assert "country:us  -> US  1 articles" in text and "topic=weather" in text


def test_wildcards_list_their_expansions_and_no_query_has_no_tree(engine):
    data = explain_query(engine, SearchRequest(q="pric*"))
    assert data["tree"]["stemmed"] == "price" and data["tree"]["matches"] == 3
    assert explain_query(engine, SearchRequest(q=""))["tree"] is None


def test_cli_explain_prints_the_tree_then_results(sample_index_dir: Path):
    args = ["--index", str(sample_index_dir), "search", "coffee prices", "--explain"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("How this search was read")
    assert "coffee  -> coffe  2 articles" in result.stdout
    assert "Brazil coffee prices rise after frost" in result.stdout
    as_json = CliRunner().invoke(cli, [*args, "--json"])
    assert json.loads(as_json.stdout)["explain"]["tree"]["matches"] == 1


def test_cli_explain_of_a_bad_query_is_exit_1(sample_index_dir: Path):
    args = ["--index", str(sample_index_dir), "search", "a*", "--explain"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 1 and "wildcard" in result.stderr
    assert "Traceback" not in result.output


def test_api_explain_and_results_panel(sample_settings: Settings):
    client = create_app(sample_settings).test_client()
    data = client.get("/api/search?q=coffee&explain=1").get_json()
    assert data["explain"]["clauses"] == [
        {"clause": "coffee", "stemmed": "coffe", "searches": "title|body:coffe", "matches": 2}
    ]
    assert "explain" not in client.get("/api/search?q=coffee").get_json()
    html = client.get("/search?q=coffee+zebra&country=BR").get_data(as_text=True)
    assert "<summary>How this search was read</summary>" in html
    assert '<code class="explain__clause">zebra</code>' in html
    assert "<code>country=BR</code>" in html
    other = client.get("/search?q=coffee+zebra&country=US&from=1987-01-01").get_data(as_text=True)
    assert "<code>country=US</code>" in other and "<code>country=BR</code>" not in other
    assert "<code>from=1987-01-01</code>" in other
    with_filters = client.get("/api/search?q=coffee&country=US&explain=1").get_json()["explain"]
    assert with_filters["clauses"] == data["explain"]["clauses"]  # counted before the filters
    assert with_filters["filters"] == {"country": ["US"]} and data["explain"]["filters"] == {}
    assert "How this search was read" not in client.get("/search?country=BR").get_data(as_text=True)
