"""Facet columns read once per index generation, and disjunctive facet counts.

Whoosh is pure Python, so nothing here touches stored documents: the facet fields are columns
(see ``indexer.schema``), read once per generation. Articles fall into few distinct
*combinations* of facet values (countries, regions, topics, source, year), so every document
gets a combination number. Counting a match set is then one ``Counter`` over combination
numbers (C speed) followed by a walk over the distinct combinations found (few), which also
applies the disjunctive rule: a facet's counts honour every filter but its own.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Mapping, Sequence, Set
from dataclasses import dataclass
from itertools import chain

from whoosh.query import Every
from whoosh.reading import IndexReader
from whoosh.searching import Searcher

from indexer.codec.columns import bytes_column
from indexer.tagging.labels import country_label, region_label, topic_label
from search.results import FACET_NAMES, FILTER_FIELDS, MISSING, MISSING_LABELS, FacetCount

LABELS = {"country": country_label, "region": region_label, "topic": topic_label}
MULTI_VALUED = ("countries", "regions", "topics")
# Below this many documents per distinct combination, counting values document by document
# (all in C) beats counting combinations first and walking them in Python.
FLAT_SHARE = 4
Combination = tuple[tuple[str, ...], ...]  # one tuple of values per facet, in FACET_NAMES order


@dataclass(frozen=True)
class Columns:
    """Per-document facet combinations, the live documents and the (date desc, id) order."""

    combination_of: list[int]  # docnum -> combination number
    combinations: list[Combination]
    keys_of: list[tuple[int, ...]]  # docnum -> its (facet, value) keys, numbered as in ``keys``
    keys: list[tuple[int, str]]  # key number -> (facet index, value)
    date_keys: list[int]  # docnum -> 19870301 (0: no date)
    rank: list[int]  # docnum -> position in newest-first order (ties by id)
    order: list[int]  # live docnums, newest first
    live: frozenset[int]
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
        columns = [_column(reader, FILTER_FIELDS[name], size, MISSING) for name in FACET_NAMES]
        rows = list(zip(*columns, strict=True))
        numbers = {c: n for n, c in enumerate(dict.fromkeys(rows))}
        combination_of = list(map(numbers.__getitem__, rows))
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
        source_values = set(columns[FACET_NAMES.index("source")])
        sources = {v.lower(): v for values in source_values for v in values}
        combinations = list(numbers)
        keys, keys_by_combination = _number_keys(combinations)
        keys_of = list(map(keys_by_combination.__getitem__, combination_of))
        return cls(
            combination_of, combinations, keys_of, keys, date_keys, rank, order, live, sources
        )

    def date_set(self, low: str | None, high: str | None) -> frozenset[int]:
        """Return the documents dated within [low, high] (inclusive; None is open)."""
        # ``order`` is newest first, so a date range is one slice of it.
        key = self._negated_date
        start = bisect_left(self.order, -_date_key(high or "9999-99-99"), key=key)
        end = bisect_right(self.order, -_date_key(low or "0000-00-00"), key=key)
        return frozenset(self.order[start:end])

    def missing(self, name: str) -> frozenset[int]:
        """Return the documents with no value for a facet (its ``none`` value)."""
        index = FACET_NAMES.index(name)
        numbers = {n for n, c in enumerate(self.combinations) if c[index] == (MISSING,)}
        if not numbers:
            return frozenset()
        docs = (d for d, n in enumerate(self.combination_of) if n in numbers)
        return frozenset(docs) & self.live

    def _negated_date(self, docnum: int) -> int:
        return -self.date_keys[docnum] if self.date_keys[docnum] else 1


def _number_keys(
    combinations: list[Combination],
) -> tuple[list[tuple[int, str]], list[tuple[int, ...]]]:
    numbers: dict[tuple[int, str], int] = {}
    per_combination = [
        tuple(numbers.setdefault((i, v), len(numbers)) for i, vs in enumerate(c) for v in vs)
        for c in combinations
    ]
    return list(numbers), per_combination


def _date_key(day: str) -> int:
    digits = day.replace("-", "")
    return int(digits) if digits.isdigit() else 0


def _column(
    reader: IndexReader, field: str, size: int, missing: str | None = None
) -> list[tuple[str, ...]]:
    """Return a field's column as one tuple of values per docnum ('' -> (missing,) or ())."""
    raw = bytes_column(reader, field)
    split = field in MULTI_VALUED
    decoded = {}
    for value in set(raw):  # each distinct value is decoded once
        text = value.decode("utf-8") if isinstance(value, bytes) else str(value or "")
        values = tuple(text.split()) if split else ((text,) if text else ())
        decoded[value] = values or ((missing,) if missing else ())
    return list(map(decoded.__getitem__, raw))


def facet_counts(
    columns: Columns,
    base: Set[int],
    wanted: Mapping[str, Set[str]],
    shown: Mapping[str, Sequence[str]],
    limit: int,
) -> dict[str, list[FacetCount]]:
    """Count every facet over ``base``, each facet with all filters applied but its own.

    ``wanted``: the filter values per facet (stored values); ``shown``: the values chosen by the
    user, listed even when their count is zero.
    """
    filtered = [(i, wanted[name]) for i, name in enumerate(FACET_NAMES) if wanted.get(name)]
    if not filtered and len(base) <= FLAT_SHARE * len(columns.combinations):
        counts = _count_keys(columns, base)
    else:
        counts = _count_combinations(columns, base, filtered)
    return {name: _top(name, counts[name], shown.get(name, ()), limit) for name in FACET_NAMES}


def _count_keys(columns: Columns, base: Set[int]) -> dict[str, Counter[str]]:
    """Count each document's facet values directly (C speed; best for small match sets)."""
    per_key = Counter(chain.from_iterable(map(columns.keys_of.__getitem__, base)))
    counts: dict[str, Counter[str]] = {name: Counter() for name in FACET_NAMES}
    for key, count in per_key.items():
        index, value = columns.keys[key]
        counts[FACET_NAMES[index]][value] = count
    return counts


def _count_combinations(
    columns: Columns, base: Set[int], filtered: list[tuple[int, Set[str]]]
) -> dict[str, Counter[str]]:
    """Count combinations, then their values; a facet's own filter is not applied to it."""
    per_combination = Counter(map(columns.combination_of.__getitem__, base))
    counts: dict[str, Counter[str]] = {name: Counter() for name in FACET_NAMES}
    for number, count in per_combination.items():
        combination = columns.combinations[number]
        failing = [i for i, values in filtered if values.isdisjoint(combination[i])]
        if len(failing) > 1:
            continue  # outside every facet's view
        for i in failing or range(len(FACET_NAMES)):
            facet = counts[FACET_NAMES[i]]
            for value in combination[i]:
                facet[value] += count
    return counts


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
