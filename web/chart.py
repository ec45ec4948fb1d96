"""Coverage over time: matching articles per year (per month within one year) as SVG bars.

Yearly counts come free with the results (the ``year`` facet). When every match falls in one
year the chart switches to months, counted by ``MonthCounter`` with ``Engine.histogram`` over
the page's own match set (the thread reuses it: no second search). The counts are cached per
index generation and search, so paging and re-sorting never recount.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from search import Engine, SearchRequest, SearchResults
from web.dates import MONTHS, month_bounds
from web.params import Params, to_query_string
from web.results_cache import GenerationCache, request_key

# Horizontal positions are percentages of the chart's width and vertical ones pixels, so the
# SVG stretches to any column width without a viewBox distorting its text.
HEIGHT = 112.0
PLOT_TOP, PLOT_BOTTOM = 16.0, 90.0  # bars grow up from PLOT_BOTTOM; axis labels below it
MAX_SLOT = 7.0  # percent: a few bars stay slim instead of filling the whole width
MAX_YEAR_TICKS = 8  # year labels shown, at round years; every month is labelled
TICK_STEPS = (1, 2, 5, 10, 20, 50, 100)
MAX_FILLED_SPAN = 150  # beyond this many years, empty years are not drawn as gaps

# (request, year, matches in that year) -> 12 monthly counts
MonthCounts = Callable[[SearchRequest, int, int], list[int]]


@dataclass(frozen=True)
class Bar:
    """One period's bar: x and widths in percent, y and heights in pixels; link and tooltip."""

    label: str
    title: str
    count: int
    qs: str
    active: bool
    x: float
    y: float
    width: float
    height: float
    slot_x: float
    slot_width: float
    tick: str


@dataclass(frozen=True)
class Chart:
    """A ready-to-draw coverage chart."""

    unit: str  # "year" or "month"
    caption: str
    bars: list[Bar]
    max_count: int
    height: float = HEIGHT
    plot_top: float = PLOT_TOP
    plot_bottom: float = PLOT_BOTTOM


def coverage_chart(
    results: SearchResults, params: Params, month_counts: MonthCounts | None = None
) -> Chart | None:
    """Return the chart for these results, or None when no match has a date."""
    years = {int(f.value): f.count for f in results.facets.get("year", []) if f.value.isdigit()}
    years = {year: count for year, count in years.items() if count > 0}
    if not years:
        return None
    if len(years) == 1 and month_counts is not None:
        (year,) = years
        monthly = _months_on_page(results, year) or month_counts(results.request, year, years[year])
        periods = [
            (MONTHS[m - 1][:3], f"{MONTHS[m - 1]} {year}", *month_bounds(year, m), monthly[m - 1])
            for m in range(1, 13)
        ]
        periods = _trim_empty(periods)
        return _layout("month", f"Matching articles per month, {year}", periods, params)
    first, last = min(years), max(years)
    span = range(first, last + 1) if last - first <= MAX_FILLED_SPAN else sorted(years)
    periods = [(str(y), str(y), f"{y}-01-01", f"{y}-12-31", years.get(y, 0)) for y in span]
    caption = f"Matching articles per year, {first}–{last}" if last > first else str(first)
    return _layout("year", caption, periods, params)


def _months_on_page(results: SearchResults, year: int) -> list[int] | None:
    """Count months from the hits themselves when this page holds every match."""
    if results.request.page != 1 or len(results.hits) != results.total:
        return None
    counts = [0] * 12
    for hit in results.hits:
        date = hit.article.date or ""
        if date[:4] == str(year) and date[5:7].isdigit():
            counts[int(date[5:7]) - 1] += 1
    return counts


def _trim_empty(periods: list[tuple]) -> list[tuple]:
    """Drop empty periods at both ends (keeping one when all are empty)."""
    counts = [p[-1] for p in periods]
    nonzero = [i for i, c in enumerate(counts) if c]
    if not nonzero:
        return periods[:1]
    return periods[nonzero[0] : nonzero[-1] + 1]


def _layout(unit: str, caption: str, periods: list[tuple], params: Params) -> Chart:
    top = max(p[-1] for p in periods) or 1
    slot = min(MAX_SLOT, 100 / len(periods))
    left = (100 - slot * len(periods)) / 2
    step = next((s for s in TICK_STEPS if len(periods) / s <= MAX_YEAR_TICKS), TICK_STEPS[-1])
    selected = (params.get("from", [""])[0], params.get("to", [""])[0])
    bars = []
    for i, (label, long_label, start, end, count) in enumerate(periods):
        height = 0.0 if not count else max(2.0, count / top * (PLOT_BOTTOM - PLOT_TOP))
        width = slot * 0.72
        noun = "article" if count == 1 else "articles"
        bars.append(
            Bar(
                label=long_label,
                title=f"{long_label}: {count:,} {noun}",
                count=count,
                qs=to_query_string(params, from_=start, to=end, page=""),
                active=selected == (start, end),
                x=round(left + i * slot + (slot - width) / 2, 3),
                y=round(PLOT_BOTTOM - height, 2),
                width=round(width, 3),
                height=round(height, 2),
                slot_x=round(left + i * slot, 3),
                slot_width=round(slot, 3),
                tick=label if unit == "month" or int(label) % step == 0 else "",
            )
        )
    return Chart(unit, caption, bars, top)


class MonthCounter:
    """Counts matches per month of one year with ``Engine.histogram``; cached."""

    def __init__(self, engine: Engine, cache: GenerationCache) -> None:
        self._engine = engine
        self._cache = cache

    def __call__(self, request: SearchRequest, year: int, year_total: int) -> list[int]:
        """Return 12 counts: the request's matches in each month of ``year``."""
        whole_set = replace(request, sort="relevance", page=1, per_page=1)  # same counts
        key = ("months", request_key(whole_set))
        per_month = dict(self._cache.get(key, lambda: self._engine.histogram(whole_set)))
        return [per_month.get(f"{year:04d}-{month:02d}", 0) for month in range(1, 13)]
