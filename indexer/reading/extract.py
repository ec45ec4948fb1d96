"""RawDoc -> Article | Skip: one extractor per file kind.

- ``sgml``: one Reuters-21578 story (``indexer.reading.reuters``) or one TREC ``<DOC>``
  (``indexer.reading.trec``).
- ``txt``: a page saved as text (``indexer.reading.plaintext``): caption, headline, body, furniture.
- ``jsonl``: one JSON object with ``id``, ``title``, ``body`` (+ ``url``, ``date``, ``source``,
  ``author``; other keys are kept in ``source_meta``).
- ``html``: delegated to ``indexer.reading.html.page.extract_html``.
"""

from __future__ import annotations

from typing import Any

from indexer.article import Article, Skip, make_id
from indexer.reading.dates import is_plausible, parse_date
from indexer.reading.html.page import extract_html
from indexer.reading.plaintext import extract_text
from indexer.reading.readers import RawDoc
from indexer.reading.reuters import extract_reuters
from indexer.reading.trec import extract_trec

_REQUIRED = ("id", "title", "body")
_OPTIONAL = ("url", "date", "source", "author")
# What other exports call the optional fields (NewsAPI, RSS-to-JSON, scrapers, schema.org).
_ALIASES = {
    "url": ("link", "canonical_url"),
    "date": ("publishedAt", "published_at", "published", "pubDate", "datePublished", "pub_date"),
    "source": ("publisher", "site_name", "outlet"),
    "author": ("authors", "byline", "creator"),
}


def extract_article(raw: RawDoc) -> Article | Skip:
    """Extract the article from one raw document; anything unusable becomes a Skip."""
    if raw.kind == "sgml":
        assert isinstance(raw.data, str)
        if raw.data.startswith("<DOC"):
            return extract_trec(raw.data, raw.path, raw.line)
        return extract_reuters(raw.data, raw.path, raw.line)
    if raw.kind == "jsonl":
        assert isinstance(raw.data, dict)
        return extract_json(raw.data, raw.path, raw.line)
    assert isinstance(raw.data, bytes)
    if raw.kind == "txt":
        return extract_text(raw.data, raw.path)
    return extract_html(raw.data, raw.path)


def extract_json(record: dict[str, Any], rel_path: str, line: int | None = None) -> Article | Skip:
    """Build an article from one JSON Lines record.

    >>> extract_json({"id": "a 1", "title": "T", "body": "B", "lang": "en"}, "x.jsonl", 3).id
    'a-1'
    """
    missing = [key for key in _REQUIRED if record.get(key) is None]
    if missing:
        return Skip(rel_path, f"missing required key {', '.join(map(repr, missing))}", line)
    wrong = [key for key in _REQUIRED[1:] if not isinstance(record[key], str)]
    if wrong or isinstance(record["id"], (dict, list, bool)):
        return Skip(rel_path, f"{(wrong or ['id'])[0]!r} must be a string", line)
    title, body = _clean(record["title"]), record["body"].strip()
    if not title and not body:
        return Skip(rel_path, "empty title and body", line)
    optional, used = _optional_fields(record)
    provenance = {}
    day, doubt = json_date(optional["date"])
    if doubt:
        provenance["date"] = doubt
    extra = {k: v for k, v in record.items() if k not in _REQUIRED and k not in used}
    return Article(
        id=make_id(str(record["id"])),
        title=title,
        body=body,
        url=optional["url"],
        date=day,
        source=optional["source"],
        author=optional["author"],
        path=rel_path,
        provenance=provenance,
        source_meta=extra,
    )


def _optional_fields(record: dict[str, Any]) -> tuple[dict[str, str | None], set[str]]:
    """Return the optional fields, each from its own key or else from what other exports call
    it ("publishedAt", "link", "byline"), and the keys read.

    >>> _optional_fields({"source": {"id": None, "name": "BBC News"}, "authors": ["A", "B"]})[0]
    {'url': None, 'date': None, 'source': 'BBC News', 'author': 'A; B'}
    """
    fields: dict[str, str | None] = {}
    used: set[str] = set()
    for name in _OPTIONAL:
        fields[name] = None
        for key in (name, *_ALIASES[name]):
            value = _text_or_none(record.get(key))
            if value is not None:
                fields[name] = value
                used.add(key)
                break
        used.add(name)
    return fields, used


def _clean(text: str) -> str:
    return " ".join(text.split())


def _text_or_none(value: Any) -> str | None:
    """Return a field's text: a string or number as is, an object's "name" (NewsAPI's source
    ``{"id": ..., "name": "BBC News"}``), a list's texts joined by "; " (several authors)."""
    if isinstance(value, dict):
        value = value.get("name")
    if isinstance(value, list):
        texts = [t for t in map(_text_or_none, value[:20]) if t]
        return "; ".join(texts) or None
    if value is None or isinstance(value, (dict, bool)):
        return None
    text = _clean(str(value))
    return text or None


def json_date(value: str | None) -> tuple[str | None, str]:
    """Return a JSON record's date as YYYY-MM-DD, and why a given date was not used.

    ISO 8601 as most exports write it, but also RFC 2822 (RSS ``pubDate``), epoch seconds or
    milliseconds, "2020/01/02" and written dates; a day-month order that cannot be told
    ("02/01/2020") is not guessed. Placeholders before 1600 ("0001-01-01") or after tomorrow
    ("9999-12-31") are not dates.

    >>> json_date("Thu, 02 Jan 2020 10:00:00 GMT"), json_date("1577959200000")
    (('2020-01-02', ''), ('2020-01-02', ''))
    >>> json_date("02/01/2020")
    (None, "unreadable date '02/01/2020' ignored")
    """
    if not value:
        return None, ""
    found = parse_date(value)
    if found is None:
        return None, f"unreadable date {value!r} ignored"
    if not is_plausible(found):
        return None, f"implausible date {value!r} ignored"
    return found.isoformat(), ""
