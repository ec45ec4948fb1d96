"""Engine: one object per process serving the live index generation to any number of threads.

Whoosh searchers are not safe for concurrent use, so each thread keeps its own ``View`` (a
searcher keyed by the generation it was opened on); the facet columns and field lengths are
read once per generation and shared (``view.Shared``). Every call costs one ``readlink`` to
notice a rebuild that swapped a new generation in; the thread then reopens, and the old
generation's shared data is dropped. A thread never reopens while the generation stays.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator

from whoosh import index as whoosh_index
from whoosh.searching import Searcher

from errors import ArticleNotFound, IndexMissing, QueryError
from indexer import store
from indexer.article import Article
from indexer.schema import from_stored
from search import ranking
from search.compile import Marks, compile_query
from search.histogram import month_counts
from search.pipeline import make_hit, rank, run_search, select
from search.query import parse_query
from search.results import Hit, SearchRequest, SearchResults
from search.similar import similar_documents
from search.snippets import highlight_body
from search.view import Shared, View
from settings import Settings


class Engine:
    """Searches the live index of ``settings.index_dir``; safe to share between threads."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._local = threading.local()
        self._lock = threading.Lock()
        self._shared: dict[str, Shared] = {}
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
        return run_search(self._view(), request, self.settings)

    def count(self, request: SearchRequest) -> int:
        """Return how many articles match a request (no ranking, snippets or facets: cheap)."""
        return len(select(self._view(), request, self.settings).final)

    def histogram(self, request: SearchRequest) -> list[tuple[str, int]]:
        """Return the request's matches per month, ``[("1987-03", 12), ...]``, oldest first.

        One match set (no ranking, snippets or facets); undated articles are not counted.
        ``page``, ``per_page`` and ``sort`` make no difference.
        """
        view = self._view()
        return month_counts(view.columns, select(view, request, self.settings).final)

    def iter_matches(self, request: SearchRequest, batch: int = 500) -> Iterator[Hit]:
        """Yield every match of a request in rank order (no snippets), for exports.

        Ranks once, then reads the articles as they are consumed, on a searcher of its own (so a
        long export is neither disturbed by nor disturbs this thread's other searches); ``page``
        and ``per_page`` are ignored.
        """
        name = self._view().generation
        searcher = self._open_searcher(name)
        try:
            view = View(name, searcher, self._view().shared)
            chosen = select(view, request, self.settings)
            ranked = rank(view, chosen, request, 0, len(chosen.final))
            stored = searcher.reader().stored_fields
            for start in range(0, len(ranked), batch):
                for score, docnum in ranked[start : start + batch]:
                    yield Hit(from_stored(stored(docnum)), "", score)
        finally:
            searcher.close()

    def current_view(self) -> View:
        """Return this thread's view of the live generation (for search.explain and friends)."""
        return self._view()

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
            node = parse_query(q[: self.settings.max_query_chars])
            marks = compile_query(node, view.searcher.reader(), view.columns.sources).marks
        except QueryError:
            marks = Marks()
        return highlight_body(article.body, marks)

    def more_like_this(self, article_id: str, limit: int = 5) -> list[Hit]:
        """Return the articles most similar to one article, exact duplicates excluded."""
        view = self._view()
        docnum = view.searcher.document_number(id=article_id)
        if docnum is None:
            raise ArticleNotFound(f"No article with id {article_id!r}.")
        ranked = similar_documents(view, docnum, limit)
        return [make_hit(view, score, d, Marks(), self.settings) for score, d in ranked]

    def close(self) -> None:
        """Close every open searcher (threads reopen on their next call)."""
        with self._lock:
            for searcher in self._open:
                searcher.close()
            self._open.clear()
            self._shared.clear()
        self._local = threading.local()

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
            shared = self._shared.get(name)
            if shared is None:
                shared = Shared.load(searcher)
                self._shared = {name: shared}  # the old generation's data goes
        self._local.view = View(name, searcher, shared)
        return self._local.view

    def _open_searcher(self, name: str) -> Searcher:
        folder = self.settings.index_dir / name
        if not whoosh_index.exists_in(str(folder)):
            raise IndexMissing(
                f"No index at {self.settings.index_dir}. Run `newsarchive rebuild` first."
            )
        return whoosh_index.open_dir(str(folder)).searcher(weighting=ranking.weighting())
