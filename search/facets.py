"""Facet columns read once per index generation, and disjunctive facet counts.

Whoosh is pure Python, so nothing here touches stored documents: the facet fields are columns
(see ``indexer.schema``), read once per generation. Articles fall into few distinct
*combinations* of facet values (countries, regions, topics, source, year), so every document
gets a combination number, held in a numpy array. Counting a match set is then one
``bincount`` over its documents' combination numbers, and each facet's values are counted
over the combinations found, vectorised too, applying the disjunctive rule: a facet's counts
honour every filter but its own.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Mapping, Sequence, Set
from dataclasses import dataclass

import numpy as np
from whoosh.query import Every
from whoosh.reading import IndexReader
from whoosh.searching import Searcher

from indexer.codec.columns import bytes_column
from indexer.tagging.labels import country_label, region_label, topic_label
from search.results import FACET_NAMES, FILTER_FIELDS, MISSING, MISSING_LABELS, FacetCount

LABELS = {"country": country_label, "region": region_label, "topic": topic_label}
MULTI_VALUED = ("countries", "regions", "topics")
Values = tuple[str, ...]  # one document's values of one facet


@dataclass(frozen=True)
class FacetValues:
    """One facet's values per combination: combination -> value set -> values (CSR arrays)."""

    of_combination: np.ndarray  # combination number -> value set number
    starts: np.ndarray  # value set number -> first entry in ``entries`` (and one past the last)
    entries: np.ndarray  # value numbers, value set after value set
    values: list[str]  # value number -> value
    sets: list[Values]  # value set number -> its values

    @classmethod
    def build(cls, sets: list[Values], of_combination: np.ndarray) -> FacetValues:
        """Number the values of each distinct value set of one facet."""
        numbers: dict[str, int] = {}
        entries = [numbers.setdefault(v, len(numbers)) for values in sets for v in values]
        starts = np.zeros(len(sets) + 1, np.int64)
        np.cumsum([len(values) for values in sets], out=starts[1:])
        return cls(of_combination, starts, np.array(entries, np.int32), list(numbers), sets)

    def expand(self, combinations: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Return (row, value number) of every value of the given combinations (row: index
        into ``combinations``)."""
        sets = self.of_combination[combinations]
        first, sizes = self.starts[sets], self.starts[sets + 1] - self.starts[sets]
        rows = np.repeat(np.arange(len(combinations)), sizes)
        ends = np.cumsum(sizes)
        at = np.arange(int(ends[-1]) if len(ends) else 0) + np.repeat(first - ends + sizes, sizes)
        return rows, self.entries[at]


@dataclass(frozen=True)
class Columns:
    """Per-document facet combinations, the live documents and the (date desc, id) order."""

    combination_of: np.ndarray  # docnum -> combination number
    facets: list[FacetValues]  # in FACET_NAMES order
    date_keys: list[int]  # docnum -> 19870301 (0: no date)
    rank: list[int]  # docnum -> position in newest-first order (ties by id)
    order: list[int]  # live docnums, newest first
    live: frozenset[int]
    live_mask: np.ndarray  # docnum -> live
    sources: dict[str, str]  # lower-cased source -> the stored value

    @classmethod
    def load(cls, searcher: Searcher) -> Columns:
        """Read every facet column of the searcher's index (once per generation)."""
        reader = searcher.reader()
        size = reader.doc_count_all()
        if reader.has_deletions():
            live = frozenset(searcher.docs_for_query(Every()))
        else:
            live = frozenset(range(size))
        columns = [_coded_column(reader, FILTER_FIELDS[name], size) for name in FACET_NAMES]
        combination_of, facets = _combinations(columns)
        dates = _column(reader, "date", size)
        date_keys = list(
            map({v: _date_key(v[0]) if v else 0 for v in set(dates)}.__getitem__, dates)
        )
        ids = bytes_column(reader, "id")  # UTF-8 bytes sort as their text does
        order = sorted(live, key=ids.__getitem__)
        order.sort(key=date_keys.__getitem__, reverse=True)  # stable: ties stay in id order
        rank = [size] * size
        for position, docnum in enumerate(order):
            rank[docnum] = position
        source_sets = facets[FACET_NAMES.index("source")].sets
        sources = {v.lower(): v for values in source_sets for v in values}
        live_mask = np.zeros(size, np.bool_)
        live_mask[np.fromiter(live, np.int64, len(live))] = True
        return cls(combination_of, facets, date_keys, rank, order, live, live_mask, sources)

    def source_of(self) -> np.ndarray:
        """Return each document's source as a number (documents without one share a number)."""
        facet = self.facets[FACET_NAMES.index("source")]
        return facet.of_combination[self.combination_of]

    def date_set(self, low: str | None, high: str | None) -> frozenset[int]:
        """Return the documents dated within [low, high] (inclusive; None is open)."""
        # ``order`` is newest first, so a date range is one slice of it.
        key = self._negated_date
        start = bisect_left(self.order, -_date_key(high or "9999-99-99"), key=key)
        end = bisect_right(self.order, -_date_key(low or "0000-00-00"), key=key)
        return frozenset(self.order[start:end])

    def missing(self, name: str) -> frozenset[int]:
        """Return the documents with no value for a facet (its ``none`` value)."""
        facet = self.facets[FACET_NAMES.index(name)]
        numbers = [n for n, values in enumerate(facet.sets) if values == (MISSING,)]
        if not numbers:
            return frozenset()
        docs = np.flatnonzero(np.isin(facet.of_combination[self.combination_of], numbers))
        return frozenset(docs.tolist()) & self.live

    def _negated_date(self, docnum: int) -> int:
        return -self.date_keys[docnum] if self.date_keys[docnum] else 1


def _coded_column(reader: IndexReader, field: str, size: int) -> tuple[np.ndarray, list[Values]]:
    """Return a facet column as a value set number per document, and the value sets."""
    raw = bytes_column(reader, field)
    numbers = {value: number for number, value in enumerate(dict.fromkeys(raw))}
    codes = np.fromiter(map(numbers.__getitem__, raw), np.int64, size)
    return codes, [_values(value, field, MISSING) for value in numbers]


def _combinations(
    columns: list[tuple[np.ndarray, list[Values]]],
) -> tuple[np.ndarray, list[FacetValues]]:
    """Number the distinct combinations of the facet columns' value sets."""
    key = np.zeros(len(columns[0][0]), np.int64)
    for codes, sets in columns:  # one mixed-radix number a document
        if len(key) and (int(key.max()) + 1) * len(sets) >= 2**62:
            key = np.unique(key, return_inverse=True)[1]  # renumbered densely: stays in int64
        key = key * len(sets) + codes
    _, first, combination_of = np.unique(key, return_index=True, return_inverse=True)
    facets = [FacetValues.build(sets, codes[first]) for codes, sets in columns]
    return combination_of.astype(np.int32), facets


def _date_key(day: str) -> int:
    digits = day.replace("-", "")
    return int(digits) if digits.isdigit() else 0


def _values(value: object, field: str, missing: str | None = None) -> Values:
    text = value.decode("utf-8") if isinstance(value, bytes) else str(value or "")
    values = tuple(text.split()) if field in MULTI_VALUED else ((text,) if text else ())
    return values or ((missing,) if missing else ())


def _column(reader: IndexReader, field: str, size: int, missing: str | None = None) -> list[Values]:
    """Return a field's column as one tuple of values per docnum ('' -> (missing,) or ())."""
    raw = bytes_column(reader, field)
    decoded = {value: _values(value, field, missing) for value in set(raw)}
    return list(map(decoded.__getitem__, raw))


def facet_counts(
    columns: Columns,
    docs: np.ndarray,
    wanted: Mapping[str, Set[str]],
    shown: Mapping[str, Sequence[str]],
    limit: int,
) -> dict[str, list[FacetCount]]:
    """Count every facet over ``docs`` (the matches before facet filters, an array of document
    numbers), each facet with all filters applied but its own.

    ``wanted``: the filter values per facet (stored values); ``shown``: the values chosen by the
    user, listed even when their count is zero.
    """
    per_combination = np.bincount(columns.combination_of[docs], minlength=1)
    found = np.flatnonzero(per_combination)
    counted = per_combination[found]
    expanded = [facet.expand(found) for facet in columns.facets]
    failing = np.zeros(len(found), np.int8)
    passing = {}
    for i, name in enumerate(FACET_NAMES):
        if wanted.get(name):
            rows, values = expanded[i]
            hits = np.isin(columns.facets[i].values, list(wanted[name]))[values]
            passing[i] = np.bincount(rows[hits], minlength=len(found)) > 0
            failing += ~passing[i]
    counts = {}
    for i, name in enumerate(FACET_NAMES):
        keep = failing == 0
        if i in passing:  # a combination failing only this facet's filter counts for it
            keep |= (failing == 1) & ~passing[i]
        rows, values = expanded[i]
        totals = np.bincount(
            values, np.where(keep, counted, 0)[rows], len(columns.facets[i].values)
        )
        names = columns.facets[i].values
        counts[name] = Counter({names[v]: int(totals[v]) for v in np.flatnonzero(totals)})
    return {name: _top(name, counts[name], shown.get(name, ()), limit) for name in FACET_NAMES}


def _top(name: str, counts: Counter[str], selected: Sequence[str], limit: int) -> list[FacetCount]:
    missing = counts.pop(MISSING, 0)
    if name == "year":  # a timeline: every year, newest first
        values = sorted(counts, reverse=True)
    else:
        values = sorted(counts, key=lambda v: (-counts[v], v))[:limit]
    if missing or MISSING in selected:  # "No date" etc. comes last, always shown
        values.append(MISSING)
        counts[MISSING] = missing
    values += [v for v in selected if v not in values]  # a chosen value stays visible
    return [FacetCount(value, facet_label(name, value), counts.get(value, 0)) for value in values]


def facet_label(name: str, value: str) -> str:
    """Return a facet value's display label ("UA" -> "Ukraine", "none" -> "No country")."""
    if value == MISSING:
        return MISSING_LABELS[name]
    return LABELS.get(name, str)(value)
