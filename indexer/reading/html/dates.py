"""The publication date of a page: JSON-LD, meta tags, <time>, the url, then the text.

Never a date after today and never a guess: a page without a readable date gets None.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING

from bs4 import BeautifulSoup, Tag

from indexer.reading.dates import make_date, parse_date

if TYPE_CHECKING:
    from indexer.reading.html.meta import PageMeta

_JSON_LD_KEYS = ("datePublished", "dateCreated", "uploadDate")
# Publication-date meta names, most specific first (modified/updated dates are left out on purpose).
_META_KEYS = (
    "article:published_time", "og:article:published_time", "og:published_time",
    "article:published", "datepublished",
    "published_time", "publishdate", "publish-date", "publish_date", "pubdate", "pub_date",
    "publication_date", "sailthru.date", "parsely-pub-date", "dc.date.issued", "dcterms.issued",
    "dc.date.created", "dcterms.created", "dc.date", "dcterms.date", "date", "citation_date",
    "citation_publication_date", "article.published", "original-publish-date",
    "cxenseparse:recs:publishtime", "datecreated", "release_date", "og:pubdate", "dc.issued",
    "dc:issued", "dc:created", "dcterms:created", "created",
)  # fmt: skip
_UTC_RE = re.compile(r"T\d\d:\d\d(?::\d\d(?:\.\d+)?)?(?:Z|[+-]00:?00)$")
_URL_RES = (
    re.compile(r"/((?:19|20)\d{2})/(\d{1,2})/(\d{1,2})(?:/|$)"),
    re.compile(r"[/_-]((?:19|20)\d{2})-(\d{2})-(\d{2})(?:[/_.-]|$)"),
    re.compile(r"/((?:19|20)\d{2})(\d{2})(\d{2})(?:[/_.-]|$)"),
)
_DATE_HINT_RE = re.compile(r"date|time|publish|posted|byline|dateline|meta", re.I)
_DATE_ATTRS = ("datetime", "title", "content")  # where a dated element may hold its date
_TEXT_WINDOW = 1500
_STRINGS_AFTER_H1 = 30
_MIN_YEAR = 1900


def find_date(
    soup: BeautifulSoup,
    meta: PageMeta,
    body: str,
    datelines: list[str] | None = None,
    footer_times: list[str] | None = None,
) -> tuple[str | None, str]:
    """Return the publication date as ``YYYY-MM-DD`` and where it was found, or ``(None, "")``.

    ``datelines`` are short dated lines of the page ("Published 19 Nov 2019 10:13");
    ``footer_times`` the ``<time datetime>`` values of the story's own footer.
    """
    today = datetime.now(UTC).date()
    finders = (
        ("json-ld", lambda: [meta.json_ld.get(key) for key in _JSON_LD_KEYS]),
        ("meta", lambda: [meta.metas.get(key) for key in _META_KEYS]),
        ("time", lambda: [*_time_values(soup), *(footer_times or [])]),
        ("url", lambda: [_date_in_url(meta.url)]),
        ("text", lambda: [*(datelines or []), *_text_values(soup, body)]),
    )
    day_first = _day_first(soup, meta.metas)
    for source, values in finders:
        for value in values():
            found = value if isinstance(value, date) else parse_date(value, day_first)
            if found and _MIN_YEAR <= found.year and found <= today:
                return _local_day(found, value, source, meta.url)
    return None, ""


def _local_day(found: date, value: object, source: str, url: str | None) -> tuple[str, str]:
    """Prefer the url's day over a UTC timestamp's when they are one day apart.

    "2019-11-20T02:59:46Z" is the evening of the 19th where the paper is; its url says so.
    """
    if isinstance(value, str) and _UTC_RE.search(value.strip()):
        local = _date_in_url(url)
        if local and abs((local - found).days) == 1:
            return local.isoformat(), f"{source} (day from url)"
    return found.isoformat(), source


def _day_first(soup: BeautifulSoup, metas: dict[str, str]) -> bool | None:
    """Return how the page language writes 05/10: day first, month first (en-US), or unknown."""
    root = soup.find("html")
    lang = str(root.get("lang") or root.get("xml:lang") or "") if isinstance(root, Tag) else ""
    for key in ("content-language", "og:locale", "language", "dc.language"):
        lang = lang or metas.get(key, "")
    lang = lang.strip().lower().replace("_", "-")
    if not lang:
        return None
    if lang.startswith("en"):
        return False if lang in ("en-us", "en-ph") else (True if "-" in lang else None)
    return True


def _time_values(soup: BeautifulSoup) -> list[str]:
    times = [t for t in soup.find_all("time", limit=50) if isinstance(t, Tag)]

    def rank(tag: Tag) -> int:
        hints = " ".join(str(tag.get(a, "")) for a in ("itemprop", "class", "id", "pubdate"))
        return 0 if tag.has_attr("pubdate") or re.search("publish|created", hints, re.I) else 1

    values: list[str] = []
    for tag in sorted(times, key=rank):
        value = tag.get("datetime")
        if isinstance(value, str) and value.strip():
            values.append(value)
    return values


def _date_in_url(url: str | None) -> date | None:
    if not url:
        return None
    path = url.split("?", 1)[0]
    for regex in _URL_RES:
        match = regex.search(path)
        if match:
            found = make_date(*match.groups())
            if found:
                return found
    return None


def _text_values(soup: BeautifulSoup, body: str) -> list[str]:
    """Return texts that may state the date: dated elements, the lines under the headline,
    then the start of the body."""
    values: list[str] = []
    for tag in soup.find_all(class_=_DATE_HINT_RE, limit=20):
        if isinstance(tag, Tag):  # <abbr class="published" title="2016-11-12">, then the text
            values.extend(v for a in _DATE_ATTRS if isinstance(v := tag.get(a), str))
            values.append(tag.get_text(" ")[:300])
    h1 = soup.find("h1")
    if isinstance(h1, Tag):
        values.append(" ".join(h1.find_all_next(string=True, limit=_STRINGS_AFTER_H1))[:600])
        before = h1.find_all_previous(string=True, limit=_STRINGS_AFTER_H1 // 3)
        values.append(" ".join(reversed(before))[-300:])
    values.append(body[:_TEXT_WINDOW])
    return values
