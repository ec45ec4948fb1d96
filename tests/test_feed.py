"""The Atom feed of a search, parsed back with feedparser and checked for RFC 4287's elements."""

from __future__ import annotations

from xml.etree import ElementTree as ET

import feedparser
import pytest

from newsarchive.settings import Settings
from web import create_app

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def client(sample_settings: Settings):
    return create_app(sample_settings).test_client()


def get_feed(client, url: str):
    response = client.get(url)
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    assert response.mimetype == "application/atom+xml"
    return response.data


def test_feed_has_the_required_atom_elements(client):
    data = get_feed(client, "/feed.atom?q=prices")
    parsed = feedparser.parse(data)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    feed = parsed.feed
    assert feed.id and feed.updated and "prices" in feed.title
    assert feed.author == "newsarchive"
    links = {link.rel: link.href for link in feed.links}
    assert links["self"] == "http://localhost/feed.atom?q=prices"
    assert links["alternate"] == "http://localhost/search?q=prices&sort=date"
    ids = [entry.link.rsplit("/", 1)[1] for entry in parsed.entries]
    assert ids == ["oil-opec", "coffee-brazil", "oil-heating"]  # newest first
    for entry in parsed.entries:
        assert entry.id.startswith("urn:newsarchive:article:")
        assert entry.title and entry.updated and entry.summary
    assert parsed.entries[0].updated == "1987-06-28T00:00:00Z"
    # The summary is the snippet: HTML (feedparser's sanitiser drops <mark>; the XML has it).
    assert "Coffee prices rose" in parsed.entries[1].summary
    assert parsed.entries[1].summary_detail.type == "text/html"
    assert b'<summary type="html">Coffee &lt;mark&gt;prices&lt;/mark&gt; rose' in data


def test_every_entry_has_id_title_updated_link_summary_in_the_raw_xml(client):
    root = ET.fromstring(get_feed(client, "/feed.atom?q=oil"))
    assert root.tag == f"{ATOM}feed"
    for name in ("id", "title", "updated", "author"):
        assert root.find(f"{ATOM}{name}") is not None, name
    entries = root.findall(f"{ATOM}entry")
    assert len(entries) == 2
    for entry in entries:
        for name in ("id", "title", "updated", "link", "summary"):
            assert entry.find(f"{ATOM}{name}") is not None, name
        assert entry.find(f"{ATOM}summary").get("type") == "html"


def test_markup_in_articles_stays_escaped_text(client):
    parsed = feedparser.parse(get_feed(client, "/feed.atom?q=heating"))
    summary = parsed.entries[0].summary
    assert "<script>" not in summary  # feedparser unescapes once: markup stays text
    assert not parsed.bozo


def test_feed_of_filters_without_query_and_of_nothing(client):
    parsed = feedparser.parse(get_feed(client, "/feed.atom?topic=sport"))
    assert [e.title for e in parsed.entries] == ["Late goal wins the cup final"]
    assert "all articles" in parsed.feed.title and "sport" in parsed.feed.title
    empty = feedparser.parse(get_feed(client, "/feed.atom?q=zebra"))
    assert not empty.bozo and empty.entries == [] and empty.feed.updated


def test_bad_feed_parameters_are_400(client):
    assert client.get("/feed.atom?q=coffee&page=0").status_code == 400


def test_feed_revalidation_is_304_until_the_index_changes(client):
    first = client.get("/feed.atom?q=oil")
    assert first.status_code == 200 and first.headers.get("ETag")
    again = client.get("/feed.atom?q=oil", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304


BROWSER = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}


def test_a_browser_gets_the_feed_as_a_page_rendered_by_the_app(client):
    response = client.get("/feed.atom?q=prices", headers=BROWSER)
    assert response.status_code == 200 and response.mimetype == "text/html"
    assert "Accept" in response.headers["Vary"]
    page = response.get_data(as_text=True)
    assert '<h1 class="feed__title">newsarchive: “prices”</h1>' in page
    assert 'href="http://localhost/search?q=prices&amp;sort=date"' in page
    assert 'type="application/atom+xml"' in page and "<mark>" in page
    assert page.count('<li class="hit">') == 3 and "xml-stylesheet" not in page


def test_the_page_and_the_atom_variants_have_their_own_etags(client):
    page = client.get("/feed.atom?q=oil", headers=BROWSER)
    atom = client.get("/feed.atom?q=oil")
    assert page.headers["ETag"] != atom.headers["ETag"]
    again = client.get(
        "/feed.atom?q=oil", headers={**BROWSER, "If-None-Match": atom.headers["ETag"]}
    )
    assert again.status_code == 200 and again.mimetype == "text/html"
