"""A View: one searcher over one index generation, with that generation's shared caches."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field
from typing import Any

from whoosh.searching import Searcher

from indexer.codec.postings import Postings
from search.facets import Columns
from search.field_lengths import FieldLengths
from search.histogram import day_counts
from search.results import FILTER_FIELDS, MISSING
from search.scoring import Scorer

FILTER_CACHE = 512  # filter values whose document sets are kept per generation
SUGGESTION_CACHE = 4096  # query texts whose did-you-mean is kept per generation


@dataclass(frozen=True)
class Shared:
    """What every thread serving a generation shares: read once, then only read."""

    columns: Columns
    lengths: FieldLengths
    _filters: dict[tuple[str, str], frozenset[int]] = field(default_factory=dict)
    _suggestions: dict[tuple[str, int], str | None] = field(default_factory=dict)
    _archive_days: list[Counter[int]] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @classmethod
    def load(cls, searcher: Searcher) -> Shared:
        """Read the facet columns and field lengths of the searcher's index."""
        columns = Columns.load(searcher)
        return cls(columns, FieldLengths.load(searcher, columns.source_of()))

    def filter_docs(self, postings: Postings, name: str, values: Sequence[str]) -> frozenset[int]:
        """Return the documents having any of the values of one facet (cached per value)."""
        sets = []
        for value in values:
            key = (FILTER_FIELDS[name], value)
            docs = self._filters.get(key)
            if docs is None:
                docs = self._docs_having(postings, name, value)
                with self._lock:
                    if len(self._filters) >= FILTER_CACHE:
                        self._filters.pop(next(iter(self._filters)))
                    self._filters[key] = docs
            sets.append(docs)
        return sets[0] if len(sets) == 1 else frozenset().union(*sets)

    def _docs_having(self, postings: Postings, name: str, value: str) -> frozenset[int]:
        if value == MISSING:
            return self.columns.missing(name)
        return frozenset(postings.get(FILTER_FIELDS[name], value)[0])

    def archive_days(self) -> Counter[int]:
        """Return every live dated article per day key, counted once per generation."""
        if not self._archive_days:
            days = day_counts(self.columns, self.columns.live)
            with self._lock:
                self._archive_days[:] = [days]
        return self._archive_days[0]

    def suggestion(self, q: str, respell: Callable[[], str | None], strictness: int) -> str | None:
        """Return the did-you-mean of a query text, made by ``respell`` once per generation.

        A respelling depends only on the words typed and the generation's vocabulary, and
        searching a vocabulary of misspellings is the costliest part of a search that finds
        little (70-145 ms), so the same words with other filters or pages reuse it.
        ``strictness`` (how much commoner a respelling must be) tells apart respellings made
        under other rules.
        """
        key = (q, strictness)
        if key in self._suggestions:
            return self._suggestions[key]
        found = respell()
        with self._lock:
            if len(self._suggestions) >= SUGGESTION_CACHE:
                self._suggestions.pop(next(iter(self._suggestions)))
            self._suggestions[key] = found
        return found


@dataclass(frozen=True)
class View:
    """One thread's searcher over one generation (whoosh searchers are not thread-safe)."""

    generation: str
    searcher: Searcher
    shared: Shared
    # The thread's last (key, match set): a results page asks for its matches twice, for the
    # hits and for the coverage chart; the second ask reuses the first.
    _last: list[tuple[Hashable, Any]] = field(default_factory=list, compare=False, repr=False)

    def recall(self, key: Hashable) -> Any:
        """Return what ``remember`` kept under ``key`` as the thread's last match set, or None."""
        return self._last[0][1] if self._last and self._last[0][0] == key else None

    def remember(self, key: Hashable, value: Any) -> None:
        """Keep one match set (the thread's last) for a repeat of the same request."""
        self._last[:] = [(key, value)]

    @property
    def columns(self) -> Columns:
        return self.shared.columns

    def postings(self) -> Postings:
        """Return a fresh posting-list cache for one search."""
        columns = self.shared.columns
        return Postings(self.searcher, columns.live, columns.live_mask)

    def scorer(self, postings: Postings) -> Scorer:
        """Return a scorer over the given posting lists."""
        return Scorer(postings, self.shared.lengths)
