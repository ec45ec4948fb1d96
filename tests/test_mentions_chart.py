"""The mentions select on the results page and the two-layer coverage chart."""

from __future__ import annotations

import re

import pytest

from newsarchive.settings import Settings
from search import Engine, SearchRequest
from web import create_app


@pytest.fixture(scope="module")
def client(sample_settings: Settings):
    return create_app(sample_settings).test_client()


def html_of(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, response.get_data(as_text=True)[:1000]
    return response.get_data(as_text=True)


def test_min_mentions_keeps_articles_about_the_subject(sample_settings: Settings):
    engine = Engine(sample_settings)
    try:
        every = engine.search(SearchRequest(q="prices", per_page=20))
        about = engine.search(SearchRequest(q="prices", min_mentions=2))
    finally:
        engine.close()
    assert every.total == 3
    assert [hit.article.id for hit in about.hits] == ["coffee-brazil"]  # price x3


def test_page_offers_the_mentions_select_keeping_the_other_parameters(client):
    html = html_of(client, "/search?q=prices&min_mentions=2&sort=date&country=BR")
    form = html[html.index('<form class="mentions-form"') :]
    form = form[: form.index("</form>")]
    assert '<input type="hidden" name="q" value="prices">' in form
    assert '<input type="hidden" name="country" value="BR">' in form
    assert '<input type="hidden" name="sort" value="date">' in form
    assert 'name="min_mentions"' in form and 'type="hidden" name="min_mentions"' not in form
    assert '<option value="2" selected>2 times</option>' in form
    assert "<strong>1</strong> article" in html


def test_no_select_without_a_query(client):
    assert 'class="mentions-form"' not in html_of(client, "/search?country=BR")


def test_chart_draws_every_match_behind_the_mentioned_ones(client):
    html = html_of(client, "/search?q=prices&min_mentions=2")
    backgrounds = re.findall(r'<rect class="coverage__all"[^>]*><title>([^<]+)</title>', html)
    assert "March 1987: 1 of 1 article" in backgrounds
    assert "February 1987: 0 of 1 article" in backgrounds  # heating oil: a passing mention
    assert "dark: ≥ 2 mentions; light: all matches" in html
    plain = html_of(client, "/search?q=prices")
    assert "coverage__all" not in plain and 'class="coverage"' in plain
