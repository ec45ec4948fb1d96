"""Facet columns read once per index generation, filter sets, and disjunctive facet counts.

Whoosh is pure Python, so nothing here touches stored documents: the facet fields are columns
(see ``indexer.schema``), read once into Python lists indexed by document number. A filter is
then a set of document numbers and a count is a ``Counter`` over the matched numbers, both of
which run in C inside CPython.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import chain

from whoosh.searching import Searcher

from indexer.labels import country_label, region_label, topic_label
from search.results import FACET_NAMES, FILTER_FIELDS, FacetCount

LABELS = {"country": country_label, "region": region_label, "topic": topic_label}
MULTI_VALUED = ("countries", "regions", "topics")


@dataclass
class Columns:
    """Per-document facet values, the live documents and the (date desc, id) order."""

    values: dict[str, list[tuple[str, ...]]]  # facet name -> per docnum
    by_value: dict[str, dict[str, frozenset[int]]]  # facet name -> value -> docnums
    dates: list[str]
    rank: list[int]  # docnum -> position in newest-first order (ties by id)
    order: list[int]  # live docnums, newest first
    live: frozenset[int]
    sources: dict[str, str]  # lower-cased source -> the stored value

    @classmethod
    def load(cls, searcher: Searcher) -> Columns:
        """Read every facet column of the searcher's index (once per generation)."""
        reader = searcher.reader()
        size = reader.doc_count_all()
        live = frozenset(searcher.docs_for_query(_every()))
        values = {name: _column(reader, field, size) for name, field in FILTER_FIELDS.items()}
        by_value = {name: _invert(column, live) for name, column in values.items()}
        dates = [v[0] if v else "" for v in _column(reader, "date", size)]
        ids = [v[0] if v else "" for v in _column(reader, "id", size)]
        order = sorted(live, key=lambda d: ids[d])
        order.sort(key=lambda d: dates[d], reverse=True)  # stable: ties stay in id order
        rank = [size] * size
        for position, docnum in enumerate(order):
            rank[docnum] = position
        sources = {value.lower(): value for value in by_value["source"]}
        return cls(values, by_value, dates, rank, order, live, sources)

    def filter_set(self, name: str, wanted: Sequence[str]) -> frozenset[int]:
        """Return the documents having any of the wanted values of one facet."""
        index = self.by_value[name]
        sets = [index.get(value, frozenset()) for value in wanted]
        return sets[0] if len(sets) == 1 else frozenset().union(*sets)

    def date_set(self, low: str | None, high: str | None) -> frozenset[int]:
        """Return the documents dated within [low, high] (inclusive; None is open)."""
        # ``order`` is newest first, so a date range is one slice of it.
        start = bisect_left(self.order, -_date_key(high or "9999-99-99"), key=self._neg_date)
        end = bisect_right(self.order, -_date_key(low or "0000-00-00"), key=self._neg_date)
        return frozenset(self.order[start:end])

    def _neg_date(self, docnum: int) -> int:
        return -_date_key(self.dates[docnum]) if self.dates[docnum] else 1


def _date_key(day: str) -> int:
    return int(day.replace("-", ""))


def _every():  # type: ignore[no-untyped-def]
    from whoosh.query import Every

    return Every()


def _column(reader: object, field: str, size: int) -> list[tuple[str, ...]]:
    """Return a field's column as one tuple of values per docnum ('' -> ())."""
    if not reader.has_column(field):  # type: ignore[attr-defined]
        return [()] * size
    column = reader.column_reader(field)  # type: ignore[attr-defined]
    cache: dict[str, tuple[str, ...]] = {}
    out = []
    for raw in column:
        value = cache.get(raw)
        if value is None:
            value = cache[raw] = (
                tuple(raw.split()) if raw and field in MULTI_VALUED else ((raw,) if raw else ())
            )
        out.append(value)
    return out


def _invert(column: list[tuple[str, ...]], live: frozenset[int]) -> dict[str, frozenset[int]]:
    index: dict[str, list[int]] = {}
    for docnum, values in enumerate(column):
        for value in values:
            index.setdefault(value, []).append(docnum)
    return {value: frozenset(docs).intersection(live) for value, docs in index.items()}


def count_values(column: list[tuple[str, ...]], docnums: Iterable[int]) -> Counter[str]:
    """Count the facet values of the given documents."""
    return Counter(chain.from_iterable(map(column.__getitem__, docnums)))


def facet_counts(
    columns: Columns,
    base: frozenset[int] | set[int],
    filters: Mapping[str, frozenset[int]],
    selected: Mapping[str, Sequence[str]],
    limit: int,
) -> dict[str, list[FacetCount]]:
    """Count every facet over the matches, each with all filters applied except its own."""
    facets = {}
    cache: dict[frozenset[str], Counter[str] | set[int]] = {}
    for name in FACET_NAMES:
        others = frozenset(n for n in filters if n != name)
        docs = base
        for other in sorted(others, key=lambda n: len(filters[n])):
            docs = docs & filters[other]
        counts = count_values(columns.values[name], docs)
        facets[name] = _top(name, counts, selected.get(name, ()), limit)
    del cache
    return facets


def _top(name: str, counts: Counter[str], selected: Sequence[str], limit: int) -> list[FacetCount]:
    label = LABELS.get(name, str)
    if name == "year":  # a timeline: every year, newest first
        values = sorted(counts, reverse=True)
    else:
        values = sorted(counts, key=lambda v: (-counts[v], v))[:limit]
        values += [v for v in selected if v not in values]  # a chosen value stays visible
    return [FacetCount(value, label(value), counts.get(value, 0)) for value in values]
