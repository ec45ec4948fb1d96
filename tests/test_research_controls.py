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
