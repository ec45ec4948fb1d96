"""A per-process LRU of engine answers, keyed by index generation and the whole question.

Popular searches, paging back and forth, toggling a facet on and off and revisiting an article
repeat questions; a worker answers those from memory. Keys carry the generation, so a rebuild's
swap makes every entry unreachable at once (they age out of the LRU): nothing stale is served.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import replace
from typing import Any

from search import Engine, SearchRequest, SearchResults


def request_key(request: SearchRequest) -> tuple:
    """Return a hashable key with every field of the request."""
    filters = tuple(sorted((name, tuple(values)) for name, values in request.filters.items()))
    return (request.q, filters, request.date_from, request.date_to, request.sort, request.page,
            request.per_page, request.collapse, request.min_mentions)  # fmt: skip


class GenerationCache:
    """Remembers computed answers per index generation; safe to share between threads."""

    def __init__(self, engine: Engine, size: int = 4096) -> None:
        self.engine = engine
        self._size = size
        self._entries: OrderedDict[tuple, Any] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    def get(self, key: Hashable, compute: Callable[[], Any]) -> Any:
        """Return the answer stored under ``key`` for the live generation, computing it once."""
        # Read the generation before computing: if a swap lands in between, the entry is filed
        # under the old name and simply never found again.
        full_key = (self.engine.generation, key)
        with self._lock:
            if full_key in self._entries:
                self._entries.move_to_end(full_key)
                self.hits += 1
                return self._entries[full_key]
            self.misses += 1
        value = compute()
        with self._lock:
            self._entries[full_key] = value
            while len(self._entries) > self._size:
                self._entries.popitem(last=False)
        return value

    def search(self, request: SearchRequest) -> SearchResults:
        """Return ``Engine.search(request)``, from memory when it was asked before."""
        key = ("search", request_key(request))
        return self.get(key, lambda: _lean(self.engine.search(request)))


def _lean(results: SearchResults) -> SearchResults:
    """Drop the hits' bodies (pages and API show snippets), so an entry stays a few KB."""
    hits = [replace(hit, article=hit.article.with_(body="")) for hit in results.hits]
    return replace(results, hits=hits)
