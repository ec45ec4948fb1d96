"""The article record: what every reader produces, the taggers fill and the writer indexes."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field, replace
from typing import Any

_ID_UNSAFE = re.compile(r"[^A-Za-z0-9._~-]+")


@dataclass(frozen=True)
class Article:
    """One news article. ``to_dict()`` is the contract's article object."""

    id: str
    title: str
    body: str
    url: str | None = None
    date: str | None = None  # YYYY-MM-DD
    source: str | None = None
    author: str | None = None
    path: str = ""
    countries: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    # How each field was found, e.g. {"date": "json-ld"}: explains a wrong value.
    provenance: dict[str, str] = field(default_factory=dict)
    # Metadata the source itself carries (Reuters PLACES/TOPICS, a JSON line's extra keys).
    source_meta: dict[str, Any] = field(default_factory=dict)
    # Near-duplicate group (syndicated copies of one story share it); None until grouped.
    group: str | None = None

    def with_(self, **changes: Any) -> Article:
        """Return a copy with some fields changed."""
        return replace(self, **changes)

    def to_dict(self) -> dict[str, Any]:
        """Return the contract's JSON object for this article."""
        # Field by field, not ``dataclasses.asdict``: its deep copies cost about 1 ms an
        # article on a page of results. The dicts are copied one level deep.
        data = {name: getattr(self, name) for name in self.__dataclass_fields__}
        for key in ("countries", "regions", "topics"):
            data[key] = list(data[key])
        data["provenance"] = dict(self.provenance)
        data["source_meta"] = dict(self.source_meta)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Article:
        """Rebuild an article from ``to_dict()`` output (or a stored index document)."""
        known = {f for f in cls.__dataclass_fields__}
        values = {k: v for k, v in data.items() if k in known}
        for key in ("countries", "regions", "topics"):
            values[key] = tuple(values.get(key) or ())
        return cls(**values)


@dataclass(frozen=True)
class Skip:
    """A file (or one record of it) that was not indexed, and why."""

    path: str
    reason: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.reason}"


def make_id(text: str) -> str:
    """Return a stable, URL-safe id from a file name or external id.

    >>> make_id("news/Taiwan envoy (2024).html.gz")
    'news-Taiwan-envoy-2024'
    >>> make_id("новости/статья.txt")
    'article-945d2a86d3'
    """
    original = text
    decomposed = unicodedata.normalize("NFKD", text)
    text = decomposed.encode("ascii", "ignore").decode()
    for suffix in (".gz", ".html", ".htm", ".txt", ".jsonl", ".ndjson", ".sgm"):
        if text.lower().endswith(suffix):
            text = text[: -len(suffix)]
    text = text.replace("/", "-").replace("\\", "-")
    slug = _ID_UNSAFE.sub("-", text).strip("-._")
    if any(ord(c) > 127 and not unicodedata.combining(c) for c in decomposed):
        # Letters with no ASCII form (Cyrillic, Chinese, Greek, Arabic ...) would all vanish
        # and many names share one id: a digest of the name as given keeps them apart, stably.
        digest = hashlib.sha1(unicodedata.normalize("NFC", original).encode()).hexdigest()[:10]
        return f"{slug or 'article'}-{digest}"
    return slug or "article"
