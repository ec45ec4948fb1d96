"""An Atom 1.0 feed of a search: its newest matches, so a query can be followed in a feed reader.

Built with ``xml.etree.ElementTree``, which escapes text and attributes; a snippet (HTML in which
only ``<mark>`` is markup) goes into ``<summary type="html">`` as escaped text, as RFC 4287 asks.
Entry ids are ``urn:newsarchive:article:<id>``: article ids are stable across rebuilds, so a feed
reader never shows the same article twice.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from xml.etree import ElementTree as ET
from xml.sax.saxutils import escape

from search import SearchResults

ATOM = "http://www.w3.org/2005/Atom"
FEED_SIZE = 50  # newest matches in a feed
CONTENT_TYPE = "application/atom+xml; charset=utf-8"
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


@dataclass(frozen=True)
class FeedLinks:
    """Absolute URLs a feed needs: itself, the results page, and each article's page."""

    self_url: str
    page_url: str
    article_url: Callable[[str], str]


def feed_title(results: SearchResults) -> str:
    """Return the feed's title, naming the query (and that filters apply)."""
    request = results.request
    what = f"“{request.q}”" if request.q else "all articles"
    filters = ", ".join(
        [v for values in request.filters.values() for v in values]
        + [f"not {v}" for values in request.exclude.values() for v in values]
    )
    return f"newsarchive: {what}" + (f" ({filters})" if filters else "")


def build_feed(
    results: SearchResults, links: FeedLinks, built: str | None, stylesheet: str | None = None
) -> bytes:
    """Return the Atom document (UTF-8 bytes) for date-sorted search results.

    ``built``: the index generation's build time (ISO 8601), the ``updated`` of undated entries
    and of a feed without entries. ``stylesheet``: the URL of an XSLT stylesheet that shows the
    feed as a page in a browser (an ``xml-stylesheet`` instruction; feed readers ignore it).
    """
    fallback = _timestamp(built, "1970-01-01T00:00:00Z")
    feed = ET.Element("feed", xmlns=ATOM)
    _text(feed, "id", links.self_url)
    _text(feed, "title", feed_title(results))
    newest = max((_entry_time(hit.article.date, fallback) for hit in results.hits), default=None)
    _text(feed, "updated", newest or fallback)
    ET.SubElement(feed, "link", rel="self", type="application/atom+xml", href=links.self_url)
    ET.SubElement(feed, "link", rel="alternate", type="text/html", href=links.page_url)
    author = ET.SubElement(feed, "author")
    _text(author, "name", "newsarchive")
    _text(feed, "generator", "newsarchive")
    for hit in results.hits:
        article = hit.article
        entry = ET.SubElement(feed, "entry")
        _text(entry, "id", f"urn:newsarchive:article:{article.id}")
        _text(entry, "title", article.title or "(untitled)")
        _text(entry, "updated", _entry_time(article.date, fallback))
        if article.date:
            _text(entry, "published", _entry_time(article.date, fallback))
        ET.SubElement(entry, "link", rel="alternate", type="text/html",
                      href=xml_safe(links.article_url(article.id)))  # fmt: skip
        if article.author:
            _text(ET.SubElement(entry, "author"), "name", article.author)
        if article.source:
            source = xml_safe(article.source)
            ET.SubElement(entry, "category", term=source, label=source)
        summary = _text(entry, "summary", hit.snippet or article.title or "")
        summary.set("type", "html")
    ET.indent(feed)
    document = ET.tostring(feed, encoding="unicode")
    head = '<?xml version="1.0" encoding="utf-8"?>\n'
    if stylesheet:
        head += f'<?xml-stylesheet type="text/xsl" href="{escape(stylesheet)}"?>\n'
    return (head + document).encode("utf-8")


def _text(parent: ET.Element, tag: str, text: str) -> ET.Element:
    element = ET.SubElement(parent, tag)
    element.text = xml_safe(text)
    return element


def xml_safe(text: str) -> str:
    """Return ``text`` without the characters XML 1.0 forbids (most C0 controls, surrogates,
    U+FFFE/U+FFFF): one of them in one article's title would make the whole feed ill-formed."""
    return _NOT_XML.sub("", text)


def _entry_time(day: str | None, fallback: str) -> str:
    """Return an article date as an RFC 3339 time (midnight UTC), else ``fallback``."""
    return f"{day}T00:00:00Z" if day and len(day) == 10 else fallback


def _timestamp(iso: str | None, default: str) -> str:
    """Return an ISO time as RFC 3339 (``+00:00`` may stay; Atom accepts any offset)."""
    if not iso or "T" not in iso:
        return default
    return iso.replace("+00:00", "Z")
