"""The researcher's controls (issue 13): exclusions, normalised coverage, export columns.

Through the real parts: the sample index, Flask's test client and the click command line.
"""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from conftest import SAMPLE_ARTICLES

from cli import cli
from settings import Settings
from web import create_app


@pytest.fixture(scope="module")
def client(sample_settings: Settings):
    return create_app(sample_settings).test_client()


def api(client, query: str) -> dict:
    response = client.get(f"/api/search?{query}")
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()


def cli_json(index, *args: str) -> dict:
    result = CliRunner().invoke(cli, ["--index", str(index), "search", *args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


# Exclusions -------------------------------------------------------------------------------


def test_a_single_valued_facet_splits_the_total_into_value_and_not_value(client):
    everything = api(client, "q=*")["total"]
    for source in ("Reuters", "AP", "BBC"):
        kept = api(client, f"q=*&source={source}")["total"]
        left_out = api(client, f"q=*&not_source={source}")["total"]
        assert kept and left_out
        assert kept + left_out == everything


def test_an_excluded_country_leaves_out_every_article_naming_it(client):
    data = api(client, "q=coffee&not_country=BR")
    assert data["total"] == 0  # both coffee articles name Brazil
    data = api(client, "q=coffee&not_country=co")  # any case, as for filters
    assert [hit["id"] for hit in data["results"]] == ["coffee-brazil"]


def test_exclusions_repeat_and_combine_with_filters(client):
    data = api(client, "q=*&not_source=Reuters&not_source=AP")
    assert {hit["source"] for hit in data["results"]} == {"BBC", "Defence Talks"}
    data = api(client, "q=*&topic=economy-business-finance&not_year=1987")
    assert data["total"] == 0
    facets = api(client, "q=*&not_region=europe")["facets"]
    assert not any(f["value"] == "europe" and f["count"] for f in facets["region"])


def test_a_malformed_exclusion_is_a_400(client):
    response = client.get("/api/search?q=*&not_country=USA")
    assert response.status_code == 400
    assert "country" in response.get_json()["error"]


def test_the_command_line_takes_not_options(sample_index_dir):
    everything = cli_json(sample_index_dir, "*")["total"]
    kept = cli_json(sample_index_dir, "*", "--source", "Reuters")["total"]
    left_out = cli_json(sample_index_dir, "*", "--not-source", "reuters")["total"]
    assert kept + left_out == everything == len(SAMPLE_ARTICLES)
    data = cli_json(sample_index_dir, "oil", "--not-country", "US")
    assert [hit["id"] for hit in data["results"]] == ["oil-opec"]


def test_the_results_page_offers_exclusion_and_shows_it_as_a_chip(client):
    html = client.get("/search?q=oil").get_data(as_text=True)
    assert 'href="/search?q=oil&amp;not_country=US"' in html
    html = client.get("/search?q=oil&not_country=US").get_data(as_text=True)
    assert "not United States" in html
    assert 'aria-label="Remove filter Country: not United States"' in html
    assert '<input type="hidden" name="not_country" value="US">' in html  # kept by the form
    assert "1</strong> article" in html


def test_excluding_a_chosen_value_drops_it_from_the_filters(client):
    html = client.get("/search?q=*&country=US").get_data(as_text=True)
    assert 'href="/search?q=%2A&amp;not_country=US"' in html


# Normalised coverage ----------------------------------------------------------------------


def test_the_histogram_gives_each_period_its_matches_total_and_share(client):
    data = api(client, "q=coffee OR oil&histogram=month")
    assert data["histogram"] == [
        {"period": "1987-02", "count": 1, "total": 1, "share": 1.0},
        {"period": "1987-03", "count": 1, "total": 1, "share": 1.0},
        {"period": "1987-04", "count": 1, "total": 1, "share": 1.0},
        {"period": "1987-06", "count": 1, "total": 1, "share": 1.0},
    ]
    years = api(client, "q=coffee&histogram=year")["histogram"]
    assert years == [{"period": "1987", "count": 2, "total": 4, "share": 0.5}]
    assert "histogram" not in api(client, "q=coffee")


def test_histogram_totals_are_the_archive_and_shares_their_ratio(client):
    everything = api(client, "q=*&histogram=year")["histogram"]
    totals = {row["period"]: row["total"] for row in everything}
    assert all(row["count"] == row["total"] and row["share"] == 1.0 for row in everything)
    dated = sum(1 for a in SAMPLE_ARTICLES if a.date)
    assert sum(totals.values()) == dated
    narrowed = api(client, "q=*&not_source=Reuters&histogram=year")["histogram"]
    for row in narrowed:  # every period of the archive between the first and last match
        assert row["total"] == totals[row["period"]]
        assert row["share"] == pytest.approx(row["count"] / row["total"], rel=1e-2)
    assert sum(row["count"] for row in narrowed) == api(client, "q=*&not_source=Reuters")["total"]


def test_a_bad_histogram_unit_is_a_400(client):
    response = client.get("/api/search?q=*&histogram=week")
    assert response.status_code == 400
    assert "histogram must be year, month or day" in response.get_json()["error"]


def test_the_command_line_prints_the_histogram(sample_index_dir):
    data = cli_json(sample_index_dir, "coffee", "--histogram", "year")
    assert data["histogram"] == [{"period": "1987", "count": 2, "total": 4, "share": 0.5}]
    args = ["--index", str(sample_index_dir), "search", "coffee", "--histogram", "day"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "day          matches  articles     share",
        "1987-03-03         1         1  100.000%",
        "1987-04-10         1         1  100.000%",
    ]


def test_the_results_page_toggles_shares(client):
    html = client.get("/search?q=coffee").get_data(as_text=True)
    assert 'href="/search?q=coffee&amp;normalise=1"' in html
    html = client.get("/search?q=coffee&normalise=1").get_data(as_text=True)
    assert "Share of all articles matching per month, 1987" in html
    assert "<title>March 1987: 1 of 1 articles (100%)</title>" in html
    assert "Show counts" in html
