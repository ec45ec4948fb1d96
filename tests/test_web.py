"""The HTML pages through Flask's test client, on the real sample index."""

from __future__ import annotations

import re

import pytest

from newsarchive.settings import Settings
from web import create_app


@pytest.fixture(scope="module")
def client(sample_settings: Settings):
    return create_app(sample_settings).test_client()


def page(client, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, response.get_data(as_text=True)[:2000]
    assert response.mimetype == "text/html"
    return response.get_data(as_text=True)


def hit_ids(html: str) -> list[str]:
    return re.findall(r'<article aria-labelledby="hit-([^"]+)"', html)


def test_home_shows_the_form_and_the_archive_size(client):
    html = page(client, "/")
    assert 'role="search"' in html and 'name="q"' in html
    assert "6 articles" in html
    assert 'id="syntax"' in html


def test_search_page_lists_ranked_results_linking_to_articles(client):
    html = page(client, "/search?q=coffee")
    assert sorted(hit_ids(html)) == ["coffee-brazil", "coffee-colombia"]
    assert 'href="/article/coffee-brazil?q=coffee"' in html
    assert "<strong>2</strong> articles" in html
    assert 'value="coffee"' in html  # the box keeps the query
    assert re.search(r"\d+ ms", html)


def test_root_with_a_query_shows_results_too(client):
    assert sorted(hit_ids(page(client, "/?q=coffee"))) == ["coffee-brazil", "coffee-colombia"]


def test_snippets_mark_the_matched_words(client):
    html = page(client, "/search?q=frost")
    snippet = re.search(r'<p class="hit__snippet">(.*?)</p>', html, re.S)
    assert snippet and "<mark>frost</mark>" in snippet.group(1).lower()


def test_user_input_is_escaped_everywhere(client):
    html = page(client, "/search?q=%3Cscript%3Ealert(1)%3C/script%3E&source=%3Cb%3Ex")
    assert "<script>alert(1)" not in html and "<b>x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_corpus_text_is_escaped_in_snippets_and_article(client):
    for url in ("/search?q=heating+oil", "/article/oil-heating?q=heating"):
        html = page(client, url)
        assert "<script>alert" not in html
    assert "&lt;script&gt;alert(" in page(client, "/article/oil-heating")


def test_facet_sidebar_offers_checkboxes_with_counts_and_toggle_links(client):
    html = page(client, "/search?q=coffee")
    assert re.search(r'type="checkbox" id="[^"]+" name="country" value="BR"', html)
    assert 'href="/search?q=coffee&amp;country=CO"' in html
    for facet in ("country", "region", "topic", "source", "year"):
        assert f'id="facet-{facet}"' in html
    brazil = re.search(r'value="BR">.*?facet__count">.*?(\d+)<', html, re.S)
    assert brazil and brazil.group(1) == "2"


def test_a_country_filter_narrows_and_shows_a_removable_chip(client):
    html = page(client, "/search?q=coffee&country=CO")
    assert hit_ids(html) == ["coffee-colombia"]
    assert re.search(r'name="country" value="CO" checked', html)
    chip = re.search(r'"chip" href="([^"]+)"[^>]*>\s*<span class="chip__title">Country:', html)
    assert chip and chip.group(1) == "/search?q=coffee"
    assert '<a class="chips__clear" href="/search?q=coffee">Clear all</a>' in html


def test_a_second_country_widens(client):
    one = hit_ids(page(client, "/search?q=prices&country=BR"))
    two = hit_ids(page(client, "/search?q=prices&country=BR&country=US"))
    assert one == ["coffee-brazil"]
    assert sorted(two) == ["coffee-brazil", "oil-heating"]


def test_filters_alone_browse_the_archive(client):
    html = page(client, "/search?country=BR")
    assert sorted(hit_ids(html)) == ["coffee-brazil", "coffee-colombia"]
    assert "Browsing the archive" in html


def test_sort_by_date_puts_the_newest_first(client):
    html = page(client, "/search?q=oil&sort=date")
    assert hit_ids(html) == ["oil-opec", "oil-heating"]
    assert re.search(r'sort=date" aria-current="true">Newest first', html)


def test_pagination_links_pages_and_keeps_the_search(client):
    first = page(client, "/search?q=oil&per_page=1")
    assert len(hit_ids(first)) == 1
    assert 'href="/search?q=oil&amp;per_page=1&amp;page=2" rel="next"' in first
    second = page(client, "/search?q=oil&per_page=1&page=2")
    assert hit_ids(second) != hit_ids(first)
    assert 'rel="prev"' in second and 'rel="next"' not in second


def test_a_page_past_the_end_says_so(client):
    html = page(client, "/search?q=oil&page=50")
    assert "past the last result" in html


def test_a_corrected_query_links_both_spellings(client):
    html = page(client, "/search?q=cofee")
    assert re.search(
        r'Showing results for <a href="/search\?q=coffee"><strong>coffee</strong>', html
    )
    assert 'Search instead for <a href="/search?q=cofee&amp;correct=0">cofee</a>' in html
    assert "coffee-brazil" in html


def test_did_you_mean_links_the_suggestion(client):
    html = page(client, "/search?q=cofee&correct=0")
    assert re.search(r'Did you mean <a href="/search\?q=coffee&amp;correct=0"><strong>coffee', html)


def test_empty_results_explain_how_to_widen(client):
    html = page(client, "/search?q=zebra")
    assert "No articles match <q>zebra</q>" in html and 'id="syntax"' in html
    filtered = page(client, "/search?q=coffee&country=GB")
    assert 'href="/search?q=coffee">search for <q>coffee</q> without any filter' in filtered


def test_coverage_chart_has_month_bars_within_one_year(client):
    html = page(client, "/search?q=oil")
    svg = re.search(r"<svg class=\"coverage__svg\".*?</svg>", html, re.S).group(0)
    assert 'href="/search?q=oil&amp;from=1987-02-01&amp;to=1987-02-28"' in svg
    assert "<title>June 1987: 1 article</title>" in svg
    assert "Matching articles per month, 1987" in html


def test_coverage_chart_has_year_bars_across_years(client):
    html = page(client, "/search?q=coffee+OR+taiwan")
    assert "Matching articles per year, 1987–2024" in html
    assert 'href="/search?q=coffee+OR+taiwan&amp;from=2024-01-01&amp;to=2024-12-31"' in html
    assert "<title>2024: 1 article</title>" in html
    assert '<th scope="row">2000</th>' in html  # empty years stay visible as gaps


def test_a_period_filter_shows_as_a_chip(client):
    html = page(client, "/search?q=oil&from=1987-06-01&to=1987-06-30")
    assert hit_ids(html) == ["oil-opec"]
    assert "Dates:</span> June 1987" in html


def test_article_page_shows_metadata_tags_body_and_related(client):
    html = page(client, "/article/coffee-brazil")
    assert '<h1 id="article-title" class="article__title">Brazil coffee prices rise' in html
    assert "Ana Souza" in html and "3 March 1987" in html
    assert 'href="https://example.com/coffee-brazil"' in html
    assert 'href="/search?country=BR">Brazil</a>' in html
    assert 'href="/search?topic=economy-business-finance"' in html
    assert html.count("<p>") >= 2  # paragraphs kept
    related = re.search(r'<aside class="related".*?</aside>', html, re.S).group(0)
    assert "/article/coffee-colombia" in related


def test_article_page_highlights_the_query(client):
    html = page(client, "/article/coffee-brazil?q=frost")
    body = re.search(r'<div class="article__body">(.*?)</div>', html, re.S).group(1)
    assert "<mark>frost</mark>" in body.lower()
    assert 'href="/search?q=frost"' in html


def test_unknown_article_is_a_real_404_page(client):
    html = page(client, "/article/no-such-article", 404)
    assert "No article with id" in html


def test_unknown_url_is_a_404_page(client):
    assert "There is no page at this address" in page(client, "/nowhere", 404)


@pytest.mark.parametrize(
    "url",
    ["/search?q=" + "a" * 1001, "/search?q=oil&page=1001", "/search?q=oil&page=abc",
     "/search?q=oil&per_page=10000", "/search?q=oil&country=brazil"],
)  # fmt: skip
def test_bad_parameters_are_400_pages_keeping_the_query(client, url):
    html = page(client, url, 400)
    assert "Cannot run this search" in html
    assert "Traceback" not in html
    if "q=oil" in url:
        assert 'value="oil"' in html


def test_pages_have_landmarks_skip_link_and_no_inline_code(client):
    for url in ("/", "/search?q=oil", "/article/oil-opec?q=oil", "/nowhere"):
        html = client.get(url).get_data(as_text=True)
        assert 'href="#main"' in html and '<main id="main"' in html
        assert not re.search(r"<script(?![^>]*\bsrc=)", html), url
        assert not re.search(r"\sstyle=|\son[a-z]+=", html), url
        assert '<html lang="en">' in html


def test_links_use_normalised_filter_values(client):
    html = page(client, "/search?q=coffee&country=co")
    assert hit_ids(html) == ["coffee-colombia"]
    assert re.search(r'name="country" value="CO" checked', html)
    assert 'href="/search?q=coffee&amp;country=CO&amp;sort=date"' in html


def test_wrong_method_is_a_405_page(client):
    response = client.post("/search?q=oil")
    assert response.status_code == 405
    assert "Method not allowed" in response.get_data(as_text=True)


def test_an_article_id_with_markup_is_escaped_on_the_404_page(client):
    html = page(client, "/article/%3Cb%3Ex", 404)
    assert "<b>x" not in html and "&#39;&lt;b&gt;x&#39;" in html


def test_matched_words_are_marked_in_the_headline(client):
    html = page(client, "/search?q=frost+colombia")
    headline = r'<a href="[^"]*"><mark>Colombia</mark> expects record coffee exports</a>'
    assert re.search(headline, html)
