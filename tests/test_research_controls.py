"""The researcher's controls (issue 13): exclusions, normalised coverage, export columns.

Through the real parts: the sample index, Flask's test client and the click command line.
"""

from __future__ import annotations

import csv
import io
import json
import re
from xml.etree import ElementTree

import pytest
from click.testing import CliRunner
from conftest import SAMPLE_ARTICLES

from newsarchive.cli import cli
from newsarchive.settings import Settings
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


# Dates ------------------------------------------------------------------------------------


def test_the_results_page_has_date_fields_holding_the_span(client):
    html = client.get("/search?q=oil&from=1987-02-01&to=1987-06-30").get_data(as_text=True)
    assert 'type="date" name="from" id="date-from" value="1987-02-01"' in html
    assert 'type="date" name="to" id="date-to" value="1987-06-30"' in html
    form = html[html.index('id="filters"') :]
    assert '<input type="hidden" name="from"' not in form  # the date fields carry them
    assert 'aria-label="Remove filter Dates: 1 February 1987 – 30 June 1987"' in html


def test_a_bad_date_is_a_400_page_saying_what_is_wrong(client):
    response = client.get("/search?q=oil&from=1987-13-01")
    assert response.status_code == 400
    assert "from must be a date like 1987-03-01, not &#39;1987-13-01&#39;" in response.get_data(
        as_text=True
    )
    response = client.get("/search?q=oil&from=1987-06-01&to=1987-02-01")
    assert "The date range starts after it ends" in response.get_data(as_text=True)


def test_empty_date_fields_from_the_form_are_no_bound(client):
    html = client.get("/search?q=oil&from=&to=").get_data(as_text=True)
    assert "2</strong> articles" in html


def test_the_chart_drills_down_to_days(client):
    html = client.get("/search?q=coffee&from=1987-03-01&to=1987-03-31").get_data(as_text=True)
    assert "Matching articles per day, March 1987" in html
    assert 'href="/search?q=coffee&amp;from=1987-03-03&amp;to=1987-03-03"' in html


# Export columns and provenance --------------------------------------------------------------


def test_exports_keep_their_columns_unless_fields_are_chosen(client):
    rows = client.get("/export.csv?q=coffee").get_data(as_text=True).splitlines()
    assert rows[0] == "id,date,title,source,url,countries,regions,topics,score,group"
    response = client.get("/export.csv?q=coffee&fields=id,title,body,snippet&sort=date")
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert rows[0] == ["id", "title", "body", "snippet"]
    assert rows[1][0] == "coffee-colombia" and rows[1][2].startswith("Colombia's coffee exports")
    assert "<mark>coffee</mark>" in rows[1][3]
    lines = client.get("/export.jsonl?q=oil&fields=id,author").get_data(as_text=True).splitlines()
    assert {tuple(json.loads(line)) for line in lines} == {("id", "author")}


def test_an_unknown_export_field_is_a_400(client):
    response = client.get("/export.csv?q=coffee&fields=id,nope")
    assert response.status_code == 400
    assert "Unknown export field &#39;nope&#39;" in response.get_data(as_text=True)


def test_an_export_says_where_it_came_from(client):
    response = client.get("/export.csv?q=coffee&not_country=CO&from=1987-01-01")
    headers = response.headers
    assert headers["X-Newsarchive-Query"] == "coffee"
    assert headers["X-Newsarchive-Filters"] == "not_country=CO&from=1987-01-01"
    assert headers["X-Newsarchive-Generation"].startswith("gen-")
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", headers["X-Newsarchive-Exported"])
    assert "not_country-CO" in headers["Content-Disposition"]


def test_the_command_line_exports_chosen_fields_and_says_where_they_came_from(sample_index_dir):
    args = ["--index", str(sample_index_dir), "search", "coffee", "--format", "csv"]
    result = CliRunner().invoke(cli, [*args, "--fields", "id,snippet", "--not-country", "CO"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "id,snippet" and len(lines) == 2
    assert lines[1].startswith("coffee-brazil,<mark>Coffee</mark> prices rose sharply")
    assert "query: coffee  filters: not_country=CO  generation: gen-" in result.stderr
    assert "exported: " in result.stderr
    result = CliRunner().invoke(cli, [*args, "--fields", "id,bogus"])
    assert result.exit_code == 2
    assert "Unknown export field 'bogus'" in result.output


# Mentions, feed -----------------------------------------------------------------------------


def test_the_mentions_control_says_what_it_does_and_hides_without_matches(client):
    html = client.get("/search?q=coffee").get_data(as_text=True)
    assert "Only articles that mention it at least" in html
    assert "once (every match)" in html
    html = client.get("/search?q=nosuchwordanywhere").get_data(as_text=True)
    assert "Only articles that mention it" not in html
    html = client.get("/search?q=coffee&min_mentions=5").get_data(as_text=True)
    assert "Only articles that mention it" in html  # still there to be undone


def test_the_feed_names_its_stylesheet_and_stays_atom_for_readers(client):
    response = client.get("/feed.atom?q=coffee", headers={"Accept": "application/atom+xml"})
    assert response.content_type == "application/atom+xml; charset=utf-8"
    text = response.get_data(as_text=True)
    assert re.search(r'<\?xml-stylesheet type="text/xsl" href="/static/feed.xsl\?v=\w+"\?>', text)
    root = ElementTree.fromstring(response.get_data())
    assert root.tag == "{http://www.w3.org/2005/Atom}feed"
    assert "Accept" in response.headers["Vary"]
    browser = client.get("/feed.atom?q=coffee", headers={"Accept": "text/html,*/*;q=0.8"})
    assert browser.content_type == "text/html; charset=utf-8"  # the page (tests/test_feed.py)
    with client.get(re.search(r'href="(/static/feed.xsl[^"]*)"', text).group(1)) as xsl:
        assert xsl.status_code == 200
        ElementTree.fromstring(xsl.get_data())  # well-formed


def test_the_feed_title_names_exclusions(client):
    response = client.get("/feed.atom?q=oil&country=SA&not_source=AP")
    title = ElementTree.fromstring(response.get_data()).findtext(
        "{http://www.w3.org/2005/Atom}title"
    )
    assert title == "newsarchive: “oil” (SA, not AP)"
