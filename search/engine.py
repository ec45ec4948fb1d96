"""Engine: one object per process serving the live index generation to any number of threads.

Whoosh searchers are not safe for concurrent use, so each thread keeps its own searcher, keyed by
the generation it was opened on; the facet columns (``search.facets.Columns``) are read once per
generation and shared. Every call costs one ``readlink`` to notice a rebuild that swapped a new
generation in; a thread then reopens, and the old generation's columns are dropped.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

from whoosh import index as whoosh_index
from whoosh.query import Query
from whoosh.searching import Searcher

from errors import ArticleNotFound, IndexMissing, QueryError
from indexer import store
from indexer.article import Article
from indexer.schema import from_stored
from search import ranking
from search.compile import Compiled, compile_any, compile_query
from search.facets import Columns, facet_counts
from search.matchset import DocSet, match_set
from search.query import And, parse_query
from search.results import Hit, SearchRequest, SearchResults
from search.similar import similar_documents
from search.snippets import highlight_body, make_snippet
from search.suggest import suggest_query
from settings import Settings

SUGGEST_BELOW = 5  # suggest a spelling when a query matches fewer articles than this
FALLBACK_NOTICE = "No article has all of the words; showing articles with any of them."


@dataclass
class View:
    """One thread's searcher over one generation, with that generation's shared columns."""

    generation: str
    searcher: Searcher
    columns: Columns


class Engine:
    """Searches the live index of ``settings.index_dir``; safe to share between threads."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._local = threading.local()
        self._lock = threading.Lock()
        self._columns: dict[str, Columns] = {}
        self._open: set[Searcher] = set()

    @property
    def generation(self) -> str | None:
        """Name of the index generation being served (None when there is no index)."""
        try:
            return self._view().generation
        except IndexMissing:
            return None

    def search(self, request: SearchRequest) -> SearchResults:
        """Run a search request: one page of ranked, highlighted hits with total and facets."""
        started = time.perf_counter()
        if len(request.q) > self.settings.max_query_chars:
            raise QueryError(
                f"The query is longer than {self.settings.max_query_chars} characters."
            )
        view = self._view()
        columns = view.columns
        node = parse_query(request.q)
        if node is None and request.q.strip():
            raise QueryError("The query has no words to search for.")
        compiled = compile_query(node, view.searcher.reader(), columns.sources)
        filters = self._filter_sets(request, columns)
        base = self._matches(view, compiled.query, request)
        final = _intersect(base, filters.values())
        notice = None
        strict_total = len(final)
        if not final and compiled.can_fallback and isinstance(node, And):
            fallback = compile_any(node, view.searcher.reader(), columns.sources)
            fallback_base = self._matches(view, fallback.query, request)
            fallback_final = _intersect(fallback_base, filters.values())
            if fallback_final:
                compiled, base, final = fallback, fallback_base, fallback_final
                notice = FALLBACK_NOTICE
        hits = self._page(
            view, compiled, final, request, by_date=not request.q or request.sort == "date"
        )
        selected = {name: values for name, values in request.filters.items()}
        facets = facet_counts(columns, base, filters, selected, self.settings.facet_limit)
        suggestion = None
        if strict_total < SUGGEST_BELOW and node is not None:
            suggestion = suggest_query(request.q, node, view.searcher.reader(), len(final))
        elapsed = (time.perf_counter() - started) * 1000
        return SearchResults(
            request, len(final), hits, facets, suggestion, elapsed_ms=elapsed, notice=notice
        )

    def get_article(self, article_id: str) -> Article:
        """Return one article by id; raises ArticleNotFound."""
        stored = self._view().searcher.document(id=article_id)
        if stored is None:
            raise ArticleNotFound(f"No article with id {article_id!r}.")
        return from_stored(stored)

    def highlight_article(self, article: Article, q: str) -> str:
        """Return the article body as HTML paragraphs with the query's words in ``<mark>``."""
        view = self._view()
        try:
            compiled = compile_query(
                parse_query(q[: self.settings.max_query_chars]),
                view.searcher.reader(),
                view.columns.sources,
            )
            marks = compiled.marks
        except QueryError:
            marks = compile_query(None, view.searcher.reader(), {}).marks
        return highlight_body(article.body, marks)

    def more_like_this(self, article_id: str, limit: int = 5) -> list[Hit]:
        """Return the articles most similar to one article, exact duplicates excluded."""
        view = self._view()
        docnum = view.searcher.document_number(id=article_id)
        if docnum is None:
            raise ArticleNotFound(f"No article with id {article_id!r}.")
        ranked = similar_documents(view.searcher, docnum, limit, view.columns.rank)
        return [self._hit(view, score, d, None) for score, d in ranked]

    def close(self) -> None:
        """Close every open searcher (threads reopen on their next call)."""
        with self._lock:
            for searcher in self._open:
                searcher.close()
            self._open.clear()
            self._columns.clear()
        self._local = threading.local()

    # -- internals -----------------------------------------------------------------------

    def _view(self) -> View:
        name = store.generation_name(self.settings.index_dir)
        view: View | None = getattr(self._local, "view", None)
        if view is not None and view.generation == name:
            return view
        if name is None:
            raise IndexMissing(
                f"No index at {self.settings.index_dir}. Run `newsarchive rebuild` first."
            )
        searcher = self._open_searcher(name)
        with self._lock:
            if view is not None:
                self._open.discard(view.searcher)
                view.searcher.close()
            self._open.add(searcher)
            columns = self._columns.get(name)
            if columns is None:
                columns = Columns.load(searcher)
                self._columns = {name: columns}  # the old generation's columns go
        self._local.view = View(name, searcher, columns)
        return self._local.view

    def _open_searcher(self, name: str) -> Searcher:
        folder = self.settings.index_dir / name
        if not whoosh_index.exists_in(str(folder)):
            raise IndexMissing(
                f"No index at {self.settings.index_dir}. Run `newsarchive rebuild` first."
            )
        return whoosh_index.open_dir(str(folder)).searcher(weighting=ranking.weighting())

    def _filter_sets(self, request: SearchRequest, columns: Columns) -> dict[str, frozenset[int]]:
        filters = {}
        for name, values in request.filters.items():
            if name == "source":
                values = tuple(columns.sources.get(v.lower(), v) for v in values)
            if values:
                filters[name] = columns.filter_set(name, values)
        return filters

    def _matches(self, view: View, query: Query, request: SearchRequest) -> DocSet:
        docs = match_set(view.searcher, query, view.columns.live)
        if request.date_from or request.date_to:
            docs = docs & view.columns.date_set(request.date_from, request.date_to)
        return docs

    def _page(
        self,
        view: View,
        compiled: Compiled,
        final: frozenset[int] | set[int],
        request: SearchRequest,
        by_date: bool,
    ) -> list[Hit]:
        first = (request.page - 1) * request.per_page
        last = first + request.per_page
        if first >= len(final):
            return []
        rank = view.columns.rank
        if by_date:
            docnums = sorted(final, key=rank.__getitem__)[first:last]
            ranked = [(0.0, d) for d in docnums]
        else:
            ranked = ranking.top_documents(view.searcher, compiled.query, last, rank, final)[first:]
        return [self._hit(view, score, d, compiled) for score, d in ranked]

    def _hit(self, view: View, score: float, docnum: int, compiled: Compiled | None) -> Hit:
        article = from_stored(view.searcher.stored_fields(docnum))
        marks = compiled.marks if compiled is not None else compile_query(None, None, {}).marks  # type: ignore[arg-type]
        snippet = make_snippet(article.body, marks, self.settings.snippet_chars)
        return Hit(article, snippet, score)


def _intersect(base: frozenset[int] | set[int], sets: object) -> frozenset[int] | set[int]:
    result = base
    for docs in sorted(sets, key=len):  # type: ignore[call-overload]
        result = result & docs
    return result
