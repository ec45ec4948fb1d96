"""A per-process LRU of engine answers, keyed by index generation and the whole question.

Popular searches, paging back and forth, toggling a facet on and off and revisiting an article
repeat questions; a worker answers those from memory. Keys carry the generation, so a rebuild's
swap makes every entry unreachable at once (they age out of the LRU): nothing stale is served.
The app keeps two, each bounded by bytes: engine answers (their pickled size, ``answer_bytes``)
and rendered response bodies, since a page or API document depends only on the request and the
generation. (Bounded by count, the answers cache grew to about 1 GB a worker on large pages.)
"""

from __future__ import annotations

import pickle
import threading
import zlib
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import replace
from typing import Any

from search import Engine, SearchRequest, SearchResults


def request_key(request: SearchRequest) -> tuple:
    """Return a hashable key with every field of the request."""
    filters = tuple(sorted((name, tuple(values)) for name, values in request.filters.items()))
    exclude = tuple(sorted((name, tuple(values)) for name, values in request.exclude.items()))
    return (request.q, filters, exclude, request.date_from, request.date_to, request.sort,
            request.page, request.per_page, request.collapse, request.min_mentions,
            request.histogram, request.normalise, request.correct)  # fmt: skip


class GenerationCache:
    """Remembers computed answers per index generation; safe to share between threads."""

    def __init__(
        self, engine: Engine, size: int = 4096, cost: Callable[[Any], int] | None = None
    ) -> None:
        """Keep entries while their summed ``cost`` (1 each by default) stays within ``size``."""
        self.engine = engine
        self._size = size
        self._cost = cost or (lambda value: 1)
        self._used = 0
        self._entries: OrderedDict[tuple, tuple[Any, int]] = OrderedDict()
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
                return self._entries[full_key][0]
            self.misses += 1
        value = compute()
        cost = self._cost(value)
        with self._lock:
            previous = self._entries.pop(full_key, None)
            self._used += cost - (previous[1] if previous else 0)
            self._entries[full_key] = (value, cost)
            while self._used > self._size and self._entries:
                self._used -= self._entries.popitem(last=False)[1][1]
        return value

    def __len__(self) -> int:
        return len(self._entries)

    @property
    def used(self) -> int:
        """Return the summed cost of the entries kept (their number, or bytes for bodies)."""
        return self._used

    def search(self, request: SearchRequest) -> SearchResults:
        """Return ``Engine.search(request)``, from memory when it was asked before."""
        key = ("search", request_key(request))
        return self.get(key, lambda: _lean(self.engine.search(request)))


def answer_bytes(value: Any) -> int:
    """Return about how many bytes an answer holds: its pickled size (in memory, a few times it)."""
    try:
        return len(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
    except (pickle.PicklingError, TypeError, AttributeError):
        return UNPICKLABLE_BYTES


UNPICKLABLE_BYTES = 64 * 1024  # counted for an answer that cannot be measured


def _lean(results: SearchResults) -> SearchResults:
    """Drop the hits' bodies (pages and API show snippets), so an entry stays a few KB."""
    hits = [replace(hit, article=hit.article.with_(body="")) for hit in results.hits]
    return replace(results, hits=hits)


class BodyCache:
    """Rendered response bodies per generation and request, kept zlib-compressed (~6x smaller).

    Bounded by compressed bytes; compressing a 45 KB page at level 1 costs about 0.2 ms and
    inflating it 0.1 ms, against several milliseconds to search and render it again.
    """

    def __init__(self, engine: Engine, max_bytes: int) -> None:
        self.entries = GenerationCache(engine, size=max_bytes, cost=len)

    def get(self, key: Hashable, render: Callable[[], bytes]) -> bytes:
        """Return the body stored under ``key`` for the live generation, rendering it once."""
        return zlib.decompress(self.entries.get(key, lambda: zlib.compress(render(), 1)))
