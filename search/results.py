"""The search request and result records shared by the CLI, the JSON API and the HTML pages.

``SearchResults.to_dict()`` is the contract's search document; the CLI ``--json`` and
``GET /api/search`` both print exactly it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from indexer.article import Article

# URL/CLI filter name -> schema field.
FILTER_FIELDS = {
    "country": "countries",
    "region": "regions",
    "topic": "topics",
    "source": "source",
    "year": "year",
}
FACET_NAMES = tuple(FILTER_FIELDS)
# The facet value of articles that have none (no date, no source, no country found): it can be
# chosen and left out like any value (``year=none``, ``not_source=none``).
MISSING = "none"
MISSING_LABELS = {
    "country": "No country",
    "region": "No region",
    "topic": "No topic",
    "source": "Unknown source",
    "year": "No date",
}
EXCLUDE_PREFIX = "not_"  # ``not_country=US`` in URLs (``--not-country US`` on the CLI)
SORTS = ("relevance", "date")


@dataclass(frozen=True)
class SearchRequest:
    """What the user asked for: query, filters, sort, page."""

    q: str = ""
    filters: dict[str, tuple[str, ...]] = field(default_factory=dict)  # facet name -> values
    exclude: dict[str, tuple[str, ...]] = field(
        default_factory=dict
    )  # facet name -> values left out
    date_from: str | None = None  # YYYY-MM-DD, inclusive
    date_to: str | None = None
    sort: str = "relevance"
    page: int = 1
    per_page: int = 10
    collapse: bool = True  # one representative per near-duplicate group
    min_mentions: int = 0  # keep articles where the query terms occur at least this often
    histogram: str | None = None  # "year", "month" or "day": add matches per period
    normalise: bool = False  # the page's chart shows shares of all articles, not counts
    correct: bool = True  # a misspelled query finding nothing is searched respelled


@dataclass(frozen=True)
class FacetCount:
    """One value of a facet with its display label and its count over the match set."""

    value: str
    label: str
    count: int

    def to_dict(self) -> dict[str, Any]:
        return {"value": self.value, "label": self.label, "count": self.count}


@dataclass(frozen=True)
class Hit:
    """One ranked result: the article (body left out of JSON), its snippet and score."""

    article: Article
    snippet: str
    score: float
    extra: dict[str, Any] = field(default_factory=dict)  # e.g. other versions of the story

    def to_dict(self) -> dict[str, Any]:
        data = self.article.to_dict()
        data.pop("body", None)
        data.update(snippet=self.snippet, score=round(self.score, 4), **self.extra)
        return data


@dataclass(frozen=True)
class SearchResults:
    """A page of hits plus totals, facets and the did-you-mean suggestion."""

    request: SearchRequest
    total: int
    hits: list[Hit]
    facets: dict[str, list[FacetCount]]
    suggestion: str | None = None
    elapsed_ms: float = 0.0
    notice: str | None = None  # what the engine did on its own, e.g. "no article has all words"
    extra: dict[str, Any] = field(default_factory=dict)
    corrected: str | None = None  # the respelled query searched instead of the one typed

    def to_dict(self) -> dict[str, Any]:
        """Return the contract's search document."""
        return {
            "query": self.request.q,
            "total": self.total,
            "page": self.request.page,
            "per_page": self.request.per_page,
            "results": [hit.to_dict() for hit in self.hits],
            "facets": {name: [f.to_dict() for f in values] for name, values in self.facets.items()},
            "suggestion": self.suggestion,
            **({"corrected": self.corrected} if self.corrected else {}),
            **({"notice": self.notice} if self.notice else {}),
            **self.extra,
        }
