"""Engine: one object per process that owns a reused searcher over the live index.

PLACEHOLDER implementation (minimal, correct shapes) — the search issue replaces the internals.
"""

from __future__ import annotations

import threading
import time

from whoosh.qparser import MultifieldParser
from whoosh.searching import Searcher

from errors import ArticleNotFound, QueryError
from indexer import store
from indexer.article import Article
from indexer.schema import from_stored
from search.results import Hit, SearchRequest, SearchResults
from settings import Settings


class Engine:
    """Searches the live index of ``settings.index_dir``; safe to share between threads."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._lock = threading.Lock()
        self._generation: str | None = None
        self._searcher: Searcher | None = None

    @property
    def generation(self) -> str | None:
        """Name of the index generation being served."""
        self._current_searcher()
        return self._generation

    def _current_searcher(self) -> Searcher:
        name = store.generation_name(self.settings.index_dir)
        with self._lock:
            if self._searcher is None or name != self._generation:
                index = store.open_live(self.settings.index_dir)
                self._searcher = index.searcher()
                self._generation = name
            return self._searcher

    def search(self, request: SearchRequest) -> SearchResults:
        """Run a search request and return one page of results with facets."""
        started = time.perf_counter()
        searcher = self._current_searcher()
        parser = MultifieldParser(["title", "body"], searcher.schema)
        try:
            query = parser.parse(request.q)
        except Exception as error:  # placeholder
            raise QueryError(f"Cannot read the query: {error}") from None
        page = searcher.search_page(query, request.page, pagelen=request.per_page)
        hits = [Hit(from_stored(dict(hit.fields())), "", hit.score or 0.0) for hit in page]
        return SearchResults(
            request, len(page.results), hits, {}, elapsed_ms=(time.perf_counter() - started) * 1000
        )

    def get_article(self, article_id: str) -> Article:
        """Return one article by id; raises ArticleNotFound."""
        stored = self._current_searcher().document(id=article_id)
        if stored is None:
            raise ArticleNotFound(f"No article with id {article_id!r}.")
        return from_stored(stored)

    def more_like_this(self, article_id: str, limit: int = 5) -> list[Hit]:
        """Return the articles most similar to one article, exact duplicates excluded."""
        return []

    def close(self) -> None:
        """Close the open searcher."""
        with self._lock:
            if self._searcher is not None:
                self._searcher.close()
                self._searcher = None
