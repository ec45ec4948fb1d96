"""Page metadata: headline, author, source and canonical url from meta tags, JSON-LD and the DOM
(the author in ``authors``)."""

from __future__ import annotations

import json
import re
from collections import deque
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from bs4 import BeautifulSoup, Tag

from indexer.reading.html.authors import find_author
from indexer.reading.html.text import clean_text

MAX_JSON_LD_VALUES = 10_000  # values of a page's JSON-LD looked at for its article object
_ARTICLE_TYPE_RE = re.compile(r"article|posting|report|newsarticle", re.I)
_MIN_H1_WORDS = 3  # an <h1> headline beside a <title> that only names the site
_MAX_SITE_NAME_WORDS = 3
_SUFFIX_SEPARATORS = (" | ", " -- ", " - ", " – ", " — ", " :: ", " « ", " » ", " · ")
_LOGO_RE = re.compile(r"logo|brand|masthead|site-?(?:title|name)", re.I)
_DOMAIN_RE = re.compile(r"(?:www\.)?[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}", re.I)


@dataclass
class PageMeta:
    """What the page says about itself, each value with the place it was read from."""

    metas: dict[str, str]
    json_ld: dict[str, Any]
    title: str = ""
    title_source: str = ""
    author: str | None = None
    source: str | None = None
    url: str | None = None
    json_ld_body: str = ""  # raw: may hold HTML markup, escaped or not
    provenance: dict[str, str] = field(default_factory=dict)


def read_meta(soup: BeautifulSoup, json_ld_blocks: list[str]) -> PageMeta:
    """Read title, author, source and url of a parsed page."""
    meta = PageMeta(metas=_collect_metas(soup), json_ld=find_json_ld_article(json_ld_blocks))
    meta.url, url_source = _find_url(soup, meta)
    meta.source, source_source = _find_source(meta)
    meta.author, author_source = find_author(soup, meta.json_ld)
    meta.title, meta.title_source = _find_title(soup, meta)
    body = meta.json_ld.get("articleBody")
    meta.json_ld_body = body if isinstance(body, str) else ""
    for key, where in (("url", url_source), ("source", source_source), ("author", author_source)):
        if where:
            meta.provenance[key] = where
    return meta


def find_json_ld_article(blocks: list[str]) -> dict[str, Any]:
    """Return the richest article-like object among a page's JSON-LD blocks, or {}."""
    best: dict[str, Any] = {}
    for block in blocks:
        for item in _json_ld_items(block):
            kind = item.get("@type")
            kinds = " ".join(kind) if isinstance(kind, list) else str(kind or "")
            if _ARTICLE_TYPE_RE.search(kinds) and len(item) > len(best):
                best = item
    return best


def _json_ld_items(block: str) -> list[dict[str, Any]]:
    try:
        data = json.loads(block.strip().removeprefix("<!--").removesuffix("-->"), strict=False)
    except ValueError:
        return []
    # A queue (deque: popleft is O(1); list.pop(0) made a long JSON-LD array quadratic), with a
    # bound on the values looked at as well as on the objects kept.
    pending = deque(data if isinstance(data, list) else [data])
    items: list[dict[str, Any]] = []
    looked = 0
    while pending and len(items) < 200 and looked < MAX_JSON_LD_VALUES:
        looked += 1
        item = pending.popleft()
        if isinstance(item, list):
            pending.extend(item)
        elif isinstance(item, dict):
            items.append(item)
            graph = item.get("@graph")
            if isinstance(graph, list):
                pending.extend(graph)
            main = item.get("mainEntity")
            if isinstance(main, dict):
                pending.append(main)
    return items


def _collect_metas(soup: BeautifulSoup) -> dict[str, str]:
    metas: dict[str, str] = {}
    for tag in soup.find_all("meta"):
        content = tag.get("content") or tag.get("datetime")  # <meta itemprop=.. datetime=..>
        if not isinstance(content, str) or not content.strip():
            continue
        for attr in ("property", "name", "itemprop", "http-equiv"):
            key = tag.get(attr)
            if isinstance(key, str) and key.strip():
                metas.setdefault(key.strip().lower(), content.strip())
    return metas


def _find_url(soup: BeautifulSoup, meta: PageMeta) -> tuple[str | None, str]:
    link = soup.find("link", rel="canonical")
    href = link.get("href") if isinstance(link, Tag) else None
    if isinstance(href, str) and href.strip().startswith("http"):
        return href.strip(), "canonical"
    og_url = meta.metas.get("og:url", "")
    if og_url.startswith("http"):
        return og_url, "og:url"
    ld_url = meta.json_ld.get("url")
    if isinstance(ld_url, str) and ld_url.startswith("http"):
        return ld_url, "json-ld"
    return None, ""


def _find_source(meta: PageMeta) -> tuple[str | None, str]:
    site = clean_text(meta.metas.get("og:site_name", ""))
    if site.startswith(("http://", "https://")):
        site = domain_of(site) or ""
    if site:
        return site, "og:site_name"
    publisher = meta.json_ld.get("publisher")
    if isinstance(publisher, list) and publisher:
        publisher = publisher[0]
    name = publisher.get("name") if isinstance(publisher, dict) else None
    if isinstance(name, str) and clean_text(name):
        return clean_text(name), "json-ld publisher"
    domain = domain_of(meta.url)
    return (domain, "url domain") if domain else (None, "")


def domain_of(url: str | None) -> str | None:
    """Return the host of a url without ``www.``.

    >>> domain_of("https://www.bbc.co.uk/news/x")
    'bbc.co.uk'
    """
    if not url:
        return None
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return None
    return host.removeprefix("www.") or None


def _find_title(soup: BeautifulSoup, meta: PageMeta) -> tuple[str, str]:
    headline = meta.json_ld.get("headline")
    title_tag = soup.find("title")
    page_title = title_tag.get_text(" ") if isinstance(title_tag, Tag) else ""
    if _DOMAIN_RE.fullmatch(page_title.strip()):  # "example.com": the site, not a headline
        page_title = ""
    candidates = (
        (meta.metas.get("og:title", ""), "og:title"),
        (headline if isinstance(headline, str) else "", "json-ld headline"),
        (_headline_h1(soup, page_title), "h1"),
        (page_title, "title"),
    )
    for text, where in candidates:
        title = strip_site_suffix(clean_text(text), meta.source, meta.url)
        if title and not _DOMAIN_RE.fullmatch(title):  # "example.com" names the site
            return title, where
    return "", ""


def _headline_h1(soup: BeautifulSoup, page_title: str) -> str:
    """Return the first <h1> that reads as the headline rather than the site's logo.

    When the page has a <title>, a headline h1 reads as part of it; a logo h1 does not, or
    only as the site's part of it (" | Prachatai Prachatai.com"), or says "logo" in its class.
    """
    texts = [
        clean_text(h1.get_text(" "))
        for h1 in soup.find_all("h1", limit=5)
        if not _LOGO_RE.search(" ".join(str(h1.get(a, "")) for a in ("class", "id")))
    ]
    texts = [text for text in texts if text]  # some pages have empty ones
    if not page_title:
        return texts[0] if texts else ""
    page_key = _compact(page_title)
    site_key = _compact(_site_part(page_title))
    for text in texts:
        key = _compact(text)
        if key and key in page_key and not (site_key and key in site_key):
            return text
    if _names_only_the_site(page_title):  # <title>The Daily Planet</title>, <h1>Floods hit ...
        return next((t for t in texts if len(t.split()) >= _MIN_H1_WORDS), "")
    return ""


def _names_only_the_site(page_title: str) -> bool:
    """Tell a <title> that can only be a site's name ("The Daily Planet", "News | Planet"):
    every part between separators has at most three words."""
    parts = re.split("|".join(map(re.escape, _SUFFIX_SEPARATORS)), page_title)
    return all(len(part.split()) <= _MAX_SITE_NAME_WORDS for part in parts)


def _site_part(page_title: str) -> str:
    """Return what follows the last site separator of a <title> ("... | Site"), or ""."""
    cut = max((page_title.rfind(sep) for sep in _SUFFIX_SEPARATORS), default=-1)
    return page_title[cut:] if cut > 0 else ""


def strip_site_suffix(title: str, site: str | None, url: str | None) -> str:
    """Remove a trailing " | Site" / " - Site" from a headline.

    A pipe suffix of a few words always goes; a dash suffix only when it names the site.

    >>> strip_site_suffix("Storm hits coast - BBC News", None, "https://www.bbc.co.uk/x")
    'Storm hits coast'
    >>> strip_site_suffix("Brexit - what happens next", "The Times", None)
    'Brexit - what happens next'
    >>> strip_site_suffix("Assange files released -- Sott.net", None, "https://www.sott.net/a")
    'Assange files released'
    """
    site_keys = {_compact(site or "")}
    domain = domain_of(url) or ""
    site_keys.add(domain.split(".")[0] if domain else "")
    site_keys.discard("")
    for sep in _SUFFIX_SEPARATORS:
        head, found, tail = title.rpartition(sep)
        if not found or len(head) < 10:
            continue
        tail_key = _compact(tail)
        names_site = any(key in tail_key or tail_key in key for key in site_keys if tail_key)
        if names_site or (sep.strip() in "|·::»«" and len(tail.split()) <= 4):
            return strip_site_suffix(head.strip(), site, url)
    return title


def _compact(text: str) -> str:
    return re.sub(r"[\W_]+", "", text.lower())
