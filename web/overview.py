"""The archive at a glance (size, span, top facet values), cached per index generation."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from flask import current_app

from indexer import store
from newsarchive.settings import Settings
from search import Engine, FacetCount, SearchRequest
from search.results import MISSING
from web.examples import Examples, archive_examples


@dataclass(frozen=True)
class Overview:
    """What the front page shows before anything is searched."""

    generation: str | None
    articles: int
    built: str | None = None
    facets: dict[str, list[FacetCount]] = field(default_factory=dict)
    first_date: str | None = None  # the date span of the dated articles
    last_date: str | None = None
    undated: int = 0  # articles without a date
    examples: Examples = field(default_factory=Examples)


class OverviewCache:
    """Computes the overview once per index generation; safe to share between threads."""

    def __init__(self, engine: Engine, settings: Settings) -> None:
        self._engine = engine
        self._settings = settings
        self._lock = threading.Lock()
        self._current: Overview | None = None

    def get(self) -> Overview:
        """Return the overview of the live index; raises IndexMissing when there is none."""
        generation = self._engine.generation  # opens (or reopens) the live index
        with self._lock:
            if self._current is not None and self._current.generation == generation:
                return self._current
        overview = self._compute(generation)
        with self._lock:
            self._current = overview
        return overview

    def peek(self) -> Overview | None:
        """Return the last computed overview without touching the index."""
        with self._lock:
            return self._current

    def _compute(self, generation: str | None) -> Overview:
        info = store.read_build_info(self._settings.index_dir)
        # An empty query with no filters matches the whole archive: its facets are the overview.
        everything = self._engine.search(SearchRequest(q="", per_page=1, collapse=False))
        articles = everything.total or int(info.get("articles") or 0)
        facets = everything.facets
        years = {f.value: f.count for f in facets.get("year", [])}
        first, last = self._date_span()
        countries = [f.value for f in facets.get("country", [])]
        sources = [f.value for f in facets.get("source", [])]
        examples = archive_examples(self._engine, countries, sources)
        undated = years.get(MISSING, 0)
        return Overview(
            generation, articles, info.get("built"), facets, first, last, undated, examples
        )

    def _date_span(self) -> tuple[str | None, str | None]:
        keys = [key for key in self._engine.current_view().columns.date_keys if key]
        if not keys:
            return None, None
        return _iso(min(keys)), _iso(max(keys))


def _iso(key: int) -> str:
    text = f"{key:08d}"
    return f"{text[:4]}-{text[4:6]}-{text[6:]}"


def current_examples() -> Examples:
    """Return the served archive's examples (defaults until its overview is computed)."""
    overview = current_app.extensions["overview"].peek()
    return overview.examples if overview is not None else Examples()
