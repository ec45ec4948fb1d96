"""Page metadata: headline, author, source and canonical url from meta tags, JSON-LD and the DOM."""

from __future__ import annotations

import html
import json
import re
import unicodedata
from collections import deque
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from bs4 import BeautifulSoup, Tag

MAX_JSON_LD_VALUES = 10_000  # values of a page's JSON-LD looked at for its article object
_ARTICLE_TYPE_RE = re.compile(r"article|posting|report|newsarticle", re.I)
_SUFFIX_SEPARATORS = (" | ", " - ", " – ", " — ", " :: ", " « ", " » ", " · ")
# "By", "Written by", "Analysis by", "Von", "Por", "Par" before the names.
_BY_RE = re.compile(r"^\s*(?:[^\W\d]+\s+){0,2}?(?:by|von|por|par)[:\s]+", re.I)
# A label before the names: "Text: Jenny Smith", "Reporting: ...", "Текст: ..."
_LABEL_RE = re.compile(r"^\s*[^\W\d_]{2,15}:\s+")
_DOMAIN_RE = re.compile(r"(?:www\.)?[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}", re.I)
_SPACED_COMMA = re.compile(r"\s+,")
_TAG_RE = re.compile(r"<[^>]{0,500}>")
_SPACE_RE = re.compile(r"\s+")
_MAX_AUTHOR_CHARS = 80
_MAX_BYLINE_CHARS = 300  # text of an element that is a byline (more: a biography, a story)
_AUTHOR_REL = re.compile(r"(?:^|\s)author(?:\s|$)", re.I)
_AUTHOR_METAS = (
    "author", "article:author", "og:author", "byl", "dc.creator", "dcterms.creator",
    "citation_author", "sailthru.author", "parsely-author",
)  # fmt: skip
# class / id / data-* words naming a byline ("author", "article-meta-author", "ArticlePage-
# authorName", "byline", "wrapper--detail__writer"), and those naming something else about the
# author (a photo, a biography, a list of links)
_BYLINE_MARK = re.compile(r"author|byline|writer", re.I)
_NOT_BYLINE = re.compile(
    r"author-?(?:bio|image|img|photo|avatar|pic|desc|about|info|box|card|link|social|follow)"
    r"|about-?author|(?:^|[\s_-])(?:quote|comment)",
    re.I,
)
_ASIDE_MARK = re.compile(r"sidebar|quote|comment|related|promo|figure|caption", re.I)
# Lower-case words of names and lists of names: "Jean de la Fontaine", "Smith and Jones"
_NAME_PARTICLES = frozenset(
    "de la le du des da di del van von der den ten bin al y e and und et".split()
)
_BYLINE_END = re.compile(r"[\d@(]")  # a date, a time, a handle or an e-mail address follows
# Weekday and month names ending a byline before its date: "by Jeff Foust Monday, November"
_DATE_WORDS = re.compile(
    r"(?:[\s,.|-]+(?:on|updated|published|posted|(?:mon|tues|wednes|thurs|fri|satur|sun)day"
    r"|mon|tue|wed|thu|fri|sat|sun|january|february|march|april|may|june|july|august|september"
    r"|october|november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)\.?)+"
    r"[\s,.|-]*$",
    re.I,
)
# What follows the name in a byline: "Jenny Smith | 5 May", "Jenny Smith - The Moon",
# "Jenny Smith for Daily Mail Australia", "Jenny Smith from Trafilatura".
_BYLINE_TAIL = re.compile(r"\s*[|\u2013\u2014]\s*|\s+-\s+|\s+(?:for|from)\s+(?=[A-Z])", re.I)


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
    meta.author, author_source = _find_author(soup, meta)
    meta.title, meta.title_source = _find_title(soup, meta)
    body = meta.json_ld.get("articleBody")
    meta.json_ld_body = body if isinstance(body, str) else ""
    for key, where in (("url", url_source), ("source", source_source), ("author", author_source)):
        if where:
            meta.provenance[key] = where
    return meta


def clean_text(text: str) -> str:
    """Unescape entities, drop tags and squeeze runs of spaces (keeps blank-line breaks)."""
    if "<" in text:
        text = _TAG_RE.sub(" ", text)
    for _ in range(2):  # some publishers escape twice ("&amp;quot;")
        if "&" in text:
            text = html.unescape(text)
    paragraphs = (_SPACE_RE.sub(" ", p).strip() for p in re.split(r"\n\s*\n|\r\n\s*\r\n", text))
    return "\n\n".join(p for p in paragraphs if p)


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


def _find_author(soup: BeautifulSoup, meta: PageMeta) -> tuple[str | None, str]:
    names = _json_ld_names(meta.json_ld.get("author"))
    if names:
        return _join_authors(names), "json-ld"
    for key in _AUTHOR_METAS:
        values = [v for v in _meta_values(soup, key) if not v.startswith(("http", "@"))]
        if values:  # every one: a story by two reporters has two author tags
            return _join_authors(values), "meta"
    for tag in _byline_tags(soup):
        if len(tag.get_text()) > _MAX_BYLINE_CHARS:
            continue  # a container marked "author-x" (the whole story), not a byline
        # the element, else its first parts ("<div class=author><span>Name</span> @handle")
        for part in [tag, *tag.find_all(True, limit=4)]:
            name = _byline_name(clean_text(part.get_text(" ")))
            if name:
                return _join_authors([name]), "dom"
    return None, ""


def _byline_name(text: str) -> str:
    """Return the names a byline's text starts with, or "" when it does not read as names.

    A byline often carries more: keep its first line up to a "|", a dash, "for" or "from"
    ("Jenny Smith | 5 May", "Jenny Smith for Daily Mail"). Names are mostly capitalised words
    without digits ("The Russian and Syrian defense ministries" is not a byline).
    """
    line = text.split("\n", 1)[0]
    end = _BYLINE_END.search(line)  # "Jenny Smith 11:57", "Jenny Smith @handle"
    if end:
        line = line[: end.start()]
        line = _DATE_WORDS.sub("", line) if end.group().isdigit() else line  # "..., May 5"
    text = _BYLINE_TAIL.split(line.replace("_", " "), maxsplit=1)[0]
    text = _LABEL_RE.sub("", _BY_RE.sub("", text)).strip(" ,;:")
    words = text.split()
    limit = _MAX_AUTHOR_CHARS * (3 if "," in text else 1)  # a list of names may be longer
    if not words or len(text) > limit:
        return ""
    named = [word for word in words if word.lower() not in _NAME_PARTICLES]
    capitalised = sum(word[:1].isupper() for word in named)
    # one word is a label more often than a name ("Print", "Submitted", "Share")
    return text if len(named) > 1 and capitalised * 3 >= len(named) * 2 else ""


def _meta_values(soup: BeautifulSoup, key: str) -> list[str]:
    """Return the contents of every <meta> named ``key`` (name, property or itemprop)."""
    values: list[str] = []
    for attr in ("name", "property", "itemprop"):
        for tag in soup.find_all("meta", attrs={attr: re.compile(f"^{re.escape(key)}$", re.I)}):
            content = tag.get("content")
            if isinstance(content, str) and content.strip() and content.strip() not in values:
                values.append(content.strip())
        if values:
            break
    return values


def _byline_tags(soup: BeautifulSoup) -> list[Tag]:
    """Return the elements that name the author, most explicit first: rel="author",
    itemprop="author", then a class, id or data attribute saying "author", "byline" or
    "writer" (<author>, <address class="author">), outside figures, quotes and sidebars."""
    explicit = soup.find_all(True, attrs={"rel": _AUTHOR_REL}, limit=3) + soup.find_all(
        True, attrs={"itemprop": re.compile(r"^author\b", re.I)}, limit=3
    )
    marked = soup.find_all(_names_byline, limit=20)
    return [tag for tag in explicit + marked if not tag.find_parent(_aside)]


def _names_byline(tag: Tag) -> bool:
    if tag.name in ("author", "meta", "script", "style", "link", "img"):
        return tag.name == "author"
    attrs = tag.attrs
    marks = " ".join(
        " ".join(value) if isinstance(value, list) else str(value)
        for name, value in attrs.items()
        if name in ("class", "id", "data-component", "data-testid")
    )
    return bool(_BYLINE_MARK.search(marks)) and not _NOT_BYLINE.search(marks)


def _aside(tag: Tag) -> bool:
    if tag.name in ("figure", "blockquote", "aside", "footer"):
        return True
    classes = tag.get("class")
    marks = " ".join(classes) if isinstance(classes, list) else str(classes or "")
    return bool(_ASIDE_MARK.search(marks))


def _json_ld_names(value: Any) -> list[str]:
    values = value if isinstance(value, list) else [value]
    names: list[str] = []
    for item in values:
        name = item.get("name") if isinstance(item, dict) else item
        if isinstance(name, str) and name.strip() and not name.startswith("http"):
            names.append(name)
    return names


def _join_authors(names: list[str]) -> str | None:
    cleaned: list[str] = []
    for name in names:
        name = _LABEL_RE.sub("", _BY_RE.sub("", clean_text(name))).strip(" ,;")
        name = _SPACED_COMMA.sub(",", name)  # "Amir Vera , Tara" where a link ended
        name = "".join(c for c in name if not _is_symbol(c)).strip()  # "Jenny Smith ❤️"
        if name and len(name) <= _MAX_AUTHOR_CHARS * 3 and name not in cleaned:
            cleaned.append(name)
    return ", ".join(cleaned) or None


def _is_symbol(char: str) -> bool:
    """Tell an emoji, a symbol or an invisible control (variation selector, joiner) in a name."""
    return unicodedata.category(char)[0] in "SC" or "\ufe00" <= char <= "\ufe0f"


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
    """Return the first <h1> text unless it is the site's logo rather than the headline.

    When the page has a <title>, a headline h1 reads as part of it; a logo h1 does not
    (or is only the " - Site" suffix).
    """
    found = (clean_text(h1.get_text(" ")) for h1 in soup.find_all("h1", limit=5))
    text = next(filter(None, found), "")  # the first with words: some pages have empty ones
    if not text or not page_title:
        return text
    key, page_key = _compact(text), _compact(page_title)
    is_suffix = page_key.endswith(key) and page_key != key
    return text if key and key in page_key and not is_suffix else ""


def strip_site_suffix(title: str, site: str | None, url: str | None) -> str:
    """Remove a trailing " | Site" / " - Site" from a headline.

    A pipe suffix of a few words always goes; a dash suffix only when it names the site.

    >>> strip_site_suffix("Storm hits coast - BBC News", None, "https://www.bbc.co.uk/x")
    'Storm hits coast'
    >>> strip_site_suffix("Brexit - what happens next", "The Times", None)
    'Brexit - what happens next'
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
