"""A ``.json`` export: many articles in one JSON document, as exports and APIs write them.

The articles are the document itself when it is a list of objects, the first list of objects
under a key that names them (``articles``, as NewsAPI writes, ``items``, ``data``, ``results``,
``docs``, ``posts``, ``entries``, ``stories``, ``news``), or the document when it is one
article. A ``.json`` file that holds JSON Lines (one object a line, as the News Category
Dataset ships) is read as JSON Lines by the caller. Each article object is read as a JSON
Lines record (``extract.extract_json``, with its field names and aliases); what an export
names otherwise is filled in first: ``title`` from ``headline``, ``body`` from ``text``,
``content``, ``description`` or ``summary``, and an ``id`` from the ``url`` or else from the
file's name and the article's position, so that re-reading the same file gives the same ids.

>>> records = article_records({"status": "ok", "articles": [{"title": "T", "content": "B"}]})
>>> [(r["id"], r["title"], r["body"]) for r in (as_record(r, "feed", 1) for r in records)]
[('feed-1', 'T', 'B')]
"""

from __future__ import annotations

from typing import Any

LIST_KEYS = (
    "articles", "items", "data", "results", "docs", "documents", "posts", "entries", "stories",
    "news", "records",
)  # fmt: skip
TITLE_ALIASES = ("headline",)
BODY_ALIASES = ("text", "content", "article", "description", "summary", "abstract")


def article_records(document: Any) -> list[dict[str, Any]] | None:
    """Return the article objects of a parsed JSON document, or None when it holds none."""
    if isinstance(document, list):
        found = [item for item in document if isinstance(item, dict)]
        return found or None
    if not isinstance(document, dict):
        return None
    if _looks_like_article(document):
        return [document]
    for key in LIST_KEYS:
        value = document.get(key)
        if isinstance(value, dict):  # {"data": {"articles": [...]}}
            inner = article_records(value)
            if inner:
                return inner
        elif isinstance(value, list) and any(isinstance(item, dict) for item in value):
            return [item for item in value if isinstance(item, dict)]
    return None


def as_record(item: dict[str, Any], stem: str, position: int) -> dict[str, Any]:
    """Return an article object with the JSON Lines keys filled in from an export's names.

    >>> as_record({"headline": "H", "text": "B", "link": "https://x.org/a"}, "feed", 3)["id"]
    'https://x.org/a'
    >>> as_record({"title": "H", "body": "B"}, "feed", 3)["id"]
    'feed-3'
    """
    record = dict(item)
    if record.get("title") is None:
        record["title"] = _take(record, TITLE_ALIASES)  # moved, not copied: stored once
    if record.get("body") is None:
        record["body"] = _take(record, BODY_ALIASES)
    if record.get("id") is None:
        record["id"] = _first(item, ("url", "link", "guid", "uuid")) or f"{stem}-{position}"
    return record


def _looks_like_article(document: dict[str, Any]) -> bool:
    has_title = any(isinstance(document.get(k), str) for k in ("title", *TITLE_ALIASES))
    return has_title and any(isinstance(document.get(k), str) for k in ("body", *BODY_ALIASES))


def _first(item: dict[str, Any], keys: tuple[str, ...]) -> str | None:
    return next((item[k] for k in keys if isinstance(item.get(k), str) and item[k].strip()), None)


def _take(record: dict[str, Any], keys: tuple[str, ...]) -> str | None:
    key = next((k for k in keys if isinstance(record.get(k), str) and record[k].strip()), None)
    return None if key is None else record.pop(key)
