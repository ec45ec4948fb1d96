"""A per-process LRU of search results, keyed by index generation and the whole request.

Popular searches, paging back and forth and toggling a facet on and off repeat requests; a
worker answers those from memory. Keys carry the generation, so a rebuild's swap makes every
entry unreachable at once (they age out of the LRU) and stale results are never served.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

from search import Engine, SearchRequest, SearchResults

Key = tuple


def request_key(request: SearchRequest) -> Key:
    """Return a hashable key with every field of the request."""
    filters = tuple(sorted((name, tuple(values)) for name, values in request.filters.items()))
    return (request.q, filters, request.date_from, request.date_to, request.sort, request.page,
            request.per_page, request.collapse, request.min_mentions)  # fmt: skip


class CachedSearch:
    """``Engine.search`` behind an LRU; safe to share between threads."""

    def __init__(self, engine: Engine, size: int = 256) -> None:
        self.engine = engine
        self._size = size
        self._entries: OrderedDict[Key, SearchResults] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    def search(self, request: SearchRequest) -> SearchResults:
        """Return the results of ``request`` on the live generation, from memory if known."""
        # Read the generation before searching: if a swap lands in between, the entry is filed
        # under the old name and simply never found again.
        key = (self.engine.generation, request_key(request))
        with self._lock:
            cached = self._entries.get(key)
            if cached is not None:
                self._entries.move_to_end(key)
                self.hits += 1
                return cached
            self.misses += 1
        results = self.engine.search(request)
        with self._lock:
            self._entries[key] = results
            while len(self._entries) > self._size:
                self._entries.popitem(last=False)
        return results
