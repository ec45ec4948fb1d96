"""Matches per year, month or day, and each period's share of the whole archive.

``Columns.date_keys`` holds every document's date as a number (19870301; 0 for no date), read
in bulk once per generation, so counting a match set of any size is one ``Counter`` (C speed)
over its documents and a walk over the few distinct days found. The archive's own counts per
day (the base of "normalised attention", as Media Cloud calls it) are counted once per
generation (``view.Shared.archive_days``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from search.facets import Columns

# Unit -> the divisor turning a day key (19870301) into the unit's key (1987, 198703, 19870301).
UNITS = {"year": 10_000, "month": 100, "day": 1}
SHARE_DIGITS = 3  # significant digits of a share in the search document


@dataclass(frozen=True)
class Period:
    """One period's matches (``count``) and every article of the archive in it (``total``)."""

    period: str  # "1987", "1987-03" or "1987-03-02"
    count: int
    total: int

    @property
    def share(self) -> float:
        """Return count / total (0.0 for a period without articles)."""
        return self.count / self.total if self.total else 0.0

    def to_dict(self) -> dict[str, Any]:
        share = float(f"{self.share:.{SHARE_DIGITS}g}")
        return {"period": self.period, "count": self.count, "total": self.total, "share": share}


def day_counts(columns: Columns, docs: Iterable[int]) -> Counter[int]:
    """Return the dated documents per day key (undated ones are left out)."""
    counts = Counter(map(columns.date_keys.__getitem__, docs))
    counts.pop(0, None)
    return counts


def fold(days: Mapping[int, int], unit: str) -> Counter[int]:
    """Return per-day counts summed per ``unit`` (keys as in ``UNITS``)."""
    divisor = UNITS[unit]
    folded: Counter[int] = Counter()
    for day, count in days.items():
        folded[day // divisor] += count
    return folded


def period_name(key: int, unit: str) -> str:
    """Return the ISO name of a period key: 1987, 1987-03, 1987-03-02."""
    text = str(key)
    return "-".join(part for part in (text[:4], text[4:6], text[6:8]) if part)


def coverage(matched: Mapping[int, int], archive: Mapping[int, int], unit: str) -> list[Period]:
    """Return every archive period from the first to the last with a match, oldest first.

    Periods between with no match are listed (count 0), so shares can be compared over time;
    periods without any article in the archive are not.
    """
    counts, totals = fold(matched, unit), fold(archive, unit)
    if not counts:
        return []
    first, last = min(counts), max(counts)
    return [
        Period(period_name(key, unit), counts.get(key, 0), totals[key])
        for key in sorted(totals)
        if first <= key <= last
    ]


def month_counts(columns: Columns, docs: Iterable[int]) -> list[tuple[str, int]]:
    """Return ``[("1987-03", 12), ...]``: dated documents per month, oldest first."""
    per_month = fold(day_counts(columns, docs), "month")
    return [(period_name(month, "month"), per_month[month]) for month in sorted(per_month)]
