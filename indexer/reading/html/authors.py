"""The article's authors: JSON-LD, the author meta tags, else the byline in the markup."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from bs4 import BeautifulSoup, Tag

from indexer.reading.bylines import (
    MAX_AUTHOR_CHARS,
    byline_name,
    separate_names,
    strip_by_label,
)
from indexer.reading.html.text import clean_text

_SPACED_COMMA = re.compile(r"\s+,")
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


def find_author(soup: BeautifulSoup, json_ld: dict[str, Any]) -> tuple[str | None, str]:
    """Return the authors (", "-joined) and where they were read, or (None, "")."""
    names = _json_ld_names(json_ld.get("author"))
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
            name = byline_name(clean_text(part.get_text(" ")))
            if name:
                return _join_authors([name]), "dom"
    return None, ""


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
        name = separate_names(strip_by_label(clean_text(name)).strip(" ,;"))
        name = _SPACED_COMMA.sub(",", name)  # "Amir Vera , Tara" where a link ended
        name = "".join(c for c in name if not _is_symbol(c)).strip()  # "Jenny Smith ❤️"
        if name and len(name) <= MAX_AUTHOR_CHARS * 3 and name not in cleaned:
            cleaned.append(name)
    return ", ".join(cleaned) or None


def _is_symbol(char: str) -> bool:
    """Tell an emoji, a symbol or an invisible control (variation selector, joiner) in a name."""
    return unicodedata.category(char)[0] in "SC" or "\ufe00" <= char <= "\ufe0f"
