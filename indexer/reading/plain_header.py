"""The lines of a plain-text story that are about it rather than of it: a block of fields
("Title: ...", "Date: ...", "Author: ..."), or a byline and a date line under the headline
("By Jane Doe", "October 29, 2024").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from indexer.reading.bylines import byline_name
from indexer.reading.dates import is_plausible, parse_date

_FIELD = re.compile(
    r"^(title|headline|date|published|publication\s+date|pubdate|author|authors|byline|"
    r"writer|source|publisher|url|link)\s*:\s*(\S.*)$",
    re.I,
)
_KEYS = {
    "title": "title", "headline": "title", "date": "date", "published": "date",
    "publication date": "date", "pubdate": "date", "author": "author", "authors": "author",
    "byline": "author", "writer": "author", "source": "source", "publisher": "source",
    "url": "url", "link": "url",
}  # fmt: skip
_FRONT_MATTER = "---"
_BY = re.compile(r"^(?:by|written\s+by)\s", re.I)
_MAX_DATE_LINE_CHARS = 60
_YEAR = re.compile(r"(?<!\d)(?:1[6-9]|20)\d\d(?!\d)")


@dataclass
class Header:
    """What the lines about the story say, and where each value was read."""

    title: str | None = None
    author: str | None = None
    date: str | None = None
    source: str | None = None
    url: str | None = None
    found: dict[str, str] = field(default_factory=dict)

    def set(self, name: str, value: str | None, where: str) -> None:
        """Keep the first value found for a field."""
        if value and getattr(self, name) is None:
            setattr(self, name, value)
            self.found[name] = where


def read_fields(paragraphs: list[str], header: Header) -> list[str]:
    """Read a leading block of "Key: value" lines (two or more, or a title), perhaps between
    "---" lines; return the paragraphs after it.

    >>> h = Header(); read_fields(["Title: Rates held\\nDate: 2024-05-02", "Text."], h)
    ['Text.']
    >>> h.title, h.date
    ('Rates held', '2024-05-02')
    """
    lines = paragraphs[0].split("\n") if paragraphs else []
    if lines and lines[0] == _FRONT_MATTER:
        lines = lines[1:]
    fields = []
    for line in lines:
        match = _FIELD.match(line)
        if not match:
            break
        fields.append((_KEYS[" ".join(match.group(1).lower().split())], match.group(2).strip()))
    names = [name for name, _ in fields]
    rest = lines[len(fields) :]
    if rest == [_FRONT_MATTER]:
        rest = []
    if rest or not fields or (len(fields) < 2 and "title" not in names):
        return paragraphs
    for name, value in fields:
        if name == "date":
            header.set("date", date_of(value), "txt: 'Date:' field")
        elif name == "author":
            header.set("author", byline_name(value) or value, "txt: 'Author:' field")
        else:
            header.set(name, value, f"txt: '{name.title()}:' field")
    return paragraphs[1:]


def read_about_lines(lines: list[str], header: Header) -> list[str]:
    """Read a byline and a date among short lines under the headline ("By Jane Doe", "October
    29, 2024"); return the lines that are neither.

    >>> h = Header(); read_about_lines(["By Maria Lopez", "October 29, 2024"], h), h.author, h.date
    ([], 'Maria Lopez', '2024-10-29')
    """
    kept = []
    for line in lines:
        if header.author is None and _BY.match(line) and (name := byline_name(line)):
            header.set("author", name, "txt: 'By' line")
        elif header.date is None and (day := date_line(line)):
            header.set("date", day, "txt: date line")
        else:
            kept.append(line)
    return kept


def date_line(line: str) -> str | None:
    """Return the date of a line that is only a date ("Published 29 Oct 2024 10:00 GMT")."""
    if len(line) > _MAX_DATE_LINE_CHARS or not _YEAR.search(line):
        return None
    return date_of(line)


def date_of(text: str) -> str | None:
    """Return a written date as YYYY-MM-DD, None if unreadable or implausible."""
    found = parse_date(text)
    return found.isoformat() if found is not None and is_plausible(found) else None
