"""THE whoosh schema: the single source of truth for field names, imported by search/ and web/.

Searchable text: ``title`` and ``body`` (stemmed; the title weighs more in BM25F) and ``exact``
(title + body unstemmed, for "phrases"). Filters and facets: ``countries``, ``regions``,
``topics`` (space-separated keywords), ``source``, ``year``, ``date``; each is also a column so
facet counts and sorting read one compact array instead of stored documents.
"""

from __future__ import annotations

import json
from typing import Any

from whoosh.fields import ID, KEYWORD, STORED, TEXT, Schema

from indexer.analysis import exact_analyzer, stemming_analyzer
from indexer.article import Article

TITLE_BOOST = 3.0
FACET_FIELDS = ("countries", "regions", "topics", "source", "year")


def build_schema() -> Schema:
    """Return a fresh schema instance (whoosh schemas hold analyzer state; don't share)."""
    return Schema(
        id=ID(stored=True, unique=True, sortable=True),
        # No positions in title/body: phrases search `exact`, and position-free postings
        # decode several times faster (whoosh unpickles each block of postings).
        title=TEXT(
            analyzer=stemming_analyzer(), stored=True, field_boost=TITLE_BOOST, phrase=False
        ),
        body=TEXT(analyzer=stemming_analyzer(), stored=True, phrase=False),
        exact=TEXT(analyzer=exact_analyzer(), stored=False),
        author=TEXT(analyzer=exact_analyzer(), stored=True),
        url=STORED(),
        path=STORED(),
        date=ID(stored=True, sortable=True),
        year=ID(sortable=True),
        source=ID(stored=True, sortable=True),
        countries=KEYWORD(stored=True, sortable=True),
        regions=KEYWORD(stored=True, sortable=True),
        topics=KEYWORD(stored=True, sortable=True),
        group=ID(stored=True, sortable=True),
        meta=STORED(),
    )


def to_document(article: Article) -> dict[str, Any]:
    """Return the whoosh document (field -> value) for an article."""
    doc: dict[str, Any] = {
        "id": article.id,
        "title": article.title,
        "body": article.body,
        "exact": f"{article.title}\n{article.body}",
        "path": article.path,
        "countries": " ".join(article.countries),
        "regions": " ".join(article.regions),
        "topics": " ".join(article.topics),
        "meta": json.dumps(
            {"provenance": article.provenance, "source_meta": article.source_meta},
            ensure_ascii=False,
        ),
    }
    optional = {
        "url": article.url,
        "date": article.date,
        "year": article.date[:4] if article.date else None,
        "source": article.source,
        "author": article.author,
        "group": article.group,
    }
    doc.update({k: v for k, v in optional.items() if v})
    return doc


def from_stored(stored: dict[str, Any]) -> Article:
    """Rebuild the article from a hit's stored fields."""
    meta = json.loads(stored.get("meta") or "{}")
    return Article(
        id=stored["id"],
        title=stored.get("title", ""),
        body=stored.get("body", ""),
        url=stored.get("url"),
        date=stored.get("date"),
        source=stored.get("source"),
        author=stored.get("author"),
        path=stored.get("path", ""),
        countries=tuple((stored.get("countries") or "").split()),
        regions=tuple((stored.get("regions") or "").split()),
        topics=tuple((stored.get("topics") or "").split()),
        provenance=meta.get("provenance", {}),
        source_meta=meta.get("source_meta", {}),
        group=stored.get("group"),
    )
