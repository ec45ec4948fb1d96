"""Matches per month: a count over the match set using the generation's date column.

``Columns.date_keys`` holds every document's date as a number (19870301; 0 for no date), read
in bulk once per generation, so counting a match set of any size is one ``Counter`` (C speed)
over its documents and a walk over the few distinct days found.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from search.facets import Columns


def month_counts(columns: Columns, docs: Iterable[int]) -> list[tuple[str, int]]:
    """Return ``[("1987-03", 12), ...]``: dated documents per month, oldest first."""
    per_day = Counter(map(columns.date_keys.__getitem__, docs))
    per_month: Counter[int] = Counter()
    for day, count in per_day.items():
        if day:
            per_month[day // 100] += count
    return [
        (f"{month // 100:04d}-{month % 100:02d}", per_month[month]) for month in sorted(per_month)
    ]
