"""Engine: one object per process serving the live index generation to any number of threads.

Whoosh searchers are not safe for concurrent use, so each thread keeps its own ``View`` (a
searcher keyed by the generation it was opened on); the facet columns and field lengths are
read once per generation and shared (``view.Shared``). Every call costs one ``readlink`` to
notice a rebuild that swapped a new generation in. Reading a large generation's columns takes
most of a second, so with ``warm_in_background`` (the web app) a background thread reads them
while requests are still answered from the previous generation (a rebuild keeps it on disk,
``store.KEEP_OLD_GENERATIONS``); once it is warm, every thread switches. The first generation,
a small one, or one whose predecessor was deleted is loaded at once by the asking thread.
"""

from __future__ import annotations

import logging
import threading
import weakref
from collections.abc import Iterator
from contextlib import contextmanager

from whoosh import index as whoosh_index
from whoosh.searching import Searcher

from indexer import store
from indexer.article import Article
from indexer.schema import from_stored
from newsarchive.errors import ArticleNotFound, IndexMissing, QueryError
from newsarchive.settings import Settings
from search import ranking
from search.histogram import Period, coverage, day_counts, month_counts
from search.pipeline import make_hit, run_search
from search.query.compile import Marks, compile_query
from search.query.parse import parse_query
from search.results import Hit, SearchRequest, SearchResults
from search.selection import rank, select
from search.similar import similar_documents
from search.snippets import highlight_body
from search.view import Shared, View

logger = logging.getLogger(__name__)
# Below this many bytes on disk a generation loads in a few milliseconds: switch at once.
SMALL_GENERATION_BYTES = 4_000_000


class Engine:
    """Searches the live index of ``settings.index_dir``; safe to share between threads."""

    def __init__(self, settings: Settings, *, warm_in_background: bool = False) -> None:
        self.settings = settings
        self.warm_in_background = warm_in_background
        self.small_generation_bytes = SMALL_GENERATION_BYTES
        self._local = threading.local()
        self._lock = threading.Lock()  # guards the fields below; held briefly
        self._load_lock = threading.Lock()  # one generation is read at a time
        self._serving: tuple[str, Shared] | None = None  # the generation new views open on
        self._warming: set[str] = set()
        self._sizes: dict[str, int] = {}
        # Weak: a thread that ends drops its view, and its searcher (with the generation's
        # mapped files) goes with it instead of staying open here.
        self._open: weakref.WeakSet[Searcher] = weakref.WeakSet()
        self._leases: dict[Searcher, int] = {}  # searchers a stream still reads: not closed

    @property
    def generation(self) -> str | None:
        """Name of the index generation being served (None when there is no index)."""
        try:
            return self._view().generation
        except IndexMissing:
            return None

    @property
    def open_searchers(self) -> int:
        """How many searchers are open: one per thread with a view (a thread's ends with it)."""
        with self._lock:
            return len(self._open)

    def search(self, request: SearchRequest) -> SearchResults:
        """Run a search request: one page of ranked, highlighted hits with total and facets."""
        with self.leased_view() as view:
            return run_search(view, request, self.settings)

    def count(self, request: SearchRequest) -> int:
        """Return how many articles match a request (no ranking, snippets or facets: cheap)."""
        with self.leased_view() as view:
            return len(select(view, request, self.settings).final)

    def histogram(self, request: SearchRequest) -> list[tuple[str, int]]:
        """Return the request's matches per month, ``[("1987-03", 12), ...]``, oldest first.

        One match set (no ranking, snippets or facets); undated articles are not counted.
        ``page``, ``per_page`` and ``sort`` make no difference.
        """
        with self.leased_view() as view:
            return month_counts(view.columns, select(view, request, self.settings).final)

    def coverage(self, request: SearchRequest, unit: str) -> list[Period]:
        """Return the request's matches per ``unit`` (year, month, day) with the archive's.

        Every archive period from the first to the last with a match, oldest first (see
        ``search.histogram.coverage``); one match set, reused by the thread when repeated.
        """
        with self.leased_view() as view:
            matched = day_counts(view.columns, select(view, request, self.settings).final)
            return coverage(matched, view.shared.archive_days(), unit)

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

    @contextmanager
    def leased_view(self) -> Iterator[View]:
        """Yield this thread's view, its searcher kept open until the block ends.

        A search that yields to other connections at its budget checkpoints, or a streamed
        export reading its rows between other requests, shares this thread with them (the web
        worker serves many connections on one thread); one of them may switch the thread to a
        new generation meanwhile, which closes the old searcher unless it is leased. Every
        read of the engine holds a lease for as long as it reads.
        """
        view = self._view()
        searcher = view.searcher
        with self._lock:
            self._leases[searcher] = self._leases.get(searcher, 0) + 1
        try:
            yield view
        finally:
            with self._lock:
                left = self._leases.pop(searcher) - 1
                if left:
                    self._leases[searcher] = left
                replaced = not left and searcher not in self._open
            if replaced:
                searcher.close()

    def get_article(self, article_id: str) -> Article:
        """Return one article by id; raises ArticleNotFound."""
        with self.leased_view() as view:
            stored = view.searcher.document(id=article_id)
        if stored is None:
            raise ArticleNotFound(f"No article with id {article_id!r}.")
        return from_stored(stored)

    def highlight_article(self, article: Article, q: str) -> str:
        """Return the article body as HTML paragraphs with the query's words in ``<mark>``."""
        try:
            node = parse_query(q[: self.settings.max_query_chars])
            with self.leased_view() as view:
                reader = view.searcher.reader()
                marks = compile_query(node, reader, view.columns.sources).marks
        except QueryError:
            marks = Marks()
        return highlight_body(article.body, marks)

    def more_like_this(self, article_id: str, limit: int = 5) -> list[Hit]:
        """Return the articles most similar to one article, exact duplicates excluded."""
        with self.leased_view() as view:
            docnum = view.searcher.document_number(id=article_id)
            if docnum is None:
                raise ArticleNotFound(f"No article with id {article_id!r}.")
            ranked = similar_documents(view, docnum, limit)
            return [make_hit(view, score, d, Marks(), self.settings) for score, d in ranked]

    def close(self) -> None:
        """Close every open searcher (threads reopen on their next call)."""
        with self._lock:
            for searcher in list(self._open):
                searcher.close()
            self._open.clear()
            self._serving = None
        self._local = threading.local()

    def refresh(self) -> str | None:
        """Load the published generation in the calling thread unless it is served already.

        Returns its name (None when there is no index). The web app's warm-up thread calls this
        after a swap, so that requests keep being answered from the previous generation.
        """
        name = store.generation_name(self.settings.index_dir)
        if name is not None:
            self._load(name)
        return name

    def _view(self) -> View:
        published = store.generation_name(self.settings.index_dir)
        if published is None:
            raise store.index_missing(self.settings.index_dir)
        with self._lock:
            serving = self._serving
        shared: Shared | None = None
        if serving is not None and serving[0] != published and self._may_defer(published):
            self._start_warming(published)
            name, shared = serving
        else:
            name = published
            if serving is not None and serving[0] == published:
                shared = serving[1]
        view: View | None = getattr(self._local, "view", None)
        if view is not None and view.generation == name:
            return view
        searcher = self._open_searcher(name)
        if shared is None:
            shared = self._load(name, searcher)
        with self._lock:
            if view is not None:
                self._open.discard(view.searcher)
                if view.searcher not in self._leases:
                    view.searcher.close()
            self._open.add(searcher)
        self._local.view = View(name, searcher, shared)
        return self._local.view

    def _may_defer(self, published: str) -> bool:
        """Tell whether to keep serving the current generation while ``published`` warms."""
        serving = self._serving
        if not self.warm_in_background or serving is None:
            return False
        if not (self.settings.index_dir / serving[0]).is_dir():
            return False  # the old generation is gone: never serve a deleted index
        size = self._sizes.get(published)
        if size is None:
            size = self._sizes[published] = store.folder_bytes(self.settings.index_dir / published)
        return size >= self.small_generation_bytes

    def _start_warming(self, name: str) -> None:
        with self._lock:
            if name in self._warming:
                return
            self._warming.add(name)
        threading.Thread(target=self._warm, args=(name,), name=f"warm-{name}", daemon=True).start()

    def _warm(self, name: str) -> None:
        try:
            if store.generation_name(self.settings.index_dir) == name:  # not replaced meanwhile
                self._load(name)
        except Exception:  # a half-written or vanished generation: the next request retries
            logger.exception("could not load index generation %s", name)
        finally:
            with self._lock:
                self._warming.discard(name)

    def _load(self, name: str, searcher: Searcher | None = None) -> Shared:
        """Return the shared data of generation ``name``, reading it unless it is served."""
        with self._load_lock:
            with self._lock:
                if self._serving is not None and self._serving[0] == name:
                    return self._serving[1]
            own = searcher is None
            searcher = searcher or self._open_searcher(name)
            try:
                shared = Shared.load(searcher)
            finally:
                if own:
                    searcher.close()
            with self._lock:
                self._serving = (name, shared)  # the old generation's data goes with its views
            logger.info("index generation %s loaded", name)
            return shared

    def _open_searcher(self, name: str) -> Searcher:
        folder = self.settings.index_dir / name
        if not whoosh_index.exists_in(str(folder)):
            raise store.index_missing(self.settings.index_dir)
        return whoosh_index.open_dir(str(folder)).searcher(weighting=ranking.weighting())
