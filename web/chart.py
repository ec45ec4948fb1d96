"""Coverage over time: matching articles per year, month or day as SVG bars.

The unit drills down with the matches: years when they span several, the months of one year,
the days of one month (a bar narrows the dates to its period, so clicking a year shows its
months, a month its days). Counts come from ``Engine.coverage`` over the page's own match set
(the thread reuses it: no second search), cached per index generation and search, so paging
and re-sorting never recount. Normalised (``normalise=1``), each bar is the matches' share
of every article of its period, so a busier month does not look like more attention.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from search import Engine, SearchRequest, SearchResults
from search.histogram import Period
from search.results import MISSING, MISSING_LABELS
from web.dates import period_bounds, period_name_long, periods_between
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

# (request, unit) -> the request's matches and the archive's articles per period
PeriodCounts = Callable[[SearchRequest, str], list[Period]]


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
    period: str = ""
    total: int = 0  # every article of the period
    share: float = 0.0  # count / total


@dataclass(frozen=True)
class Chart:
    """A ready-to-draw coverage chart."""

    unit: str  # "year", "month" or "day"
    caption: str
    bars: list[Bar]
    max_count: int
    height: float = HEIGHT
    plot_top: float = PLOT_TOP
    plot_bottom: float = PLOT_BOTTOM
    normalised: bool = False
    max_label: str = ""  # the top of the scale, as shown


def coverage_chart(
    results: SearchResults, params: Params, periods: PeriodCounts, normalised: bool = False
) -> Chart | None:
    """Return the chart for these results, or None when there is nothing to draw.

    Matches without a date get a "No date" bar of their own after the timeline (counts only:
    a share of the archive's undated articles would not be a point in time).
    """
    unit, rows = _drill_down(results.request, periods)
    undated = 0 if normalised else undated_matches(results)
    if not rows and not undated:
        return None
    what = "Share of all articles matching" if normalised else "Matching articles"
    caption = f"{what}: none has a date"
    if rows:
        first, last = rows[0].period, rows[-1].period
        if unit != "year" or int(last) - int(first) <= MAX_FILLED_SPAN:
            known = {row.period: row for row in rows}
            rows = [known.get(name) or Period(name, 0, 0) for name in periods_between(first, last)]
        span = {"year": first, "month": first[:4], "day": period_name_long(first[:7])}[unit]
        if unit == "year" and last != first:
            span = f"{first}–{last}"
        caption = f"{what} per {unit}, {span}" + (", and without a date" if undated else "")
    if undated:
        rows = [*rows, Period(MISSING, undated, 0)]
    return _layout(unit, caption, rows, params, normalised)


def undated_matches(results: SearchResults) -> int:
    """Return how many matches have no date (the year facet's "none" count, when it applies)."""
    chosen = results.request.filters.get("year")
    if chosen and MISSING not in chosen:
        return 0
    return next((f.count for f in results.facets.get("year", []) if f.value == MISSING), 0)


def _drill_down(request: SearchRequest, periods: PeriodCounts) -> tuple[str, list[Period]]:
    """Return the finest unit needed: years, else the months of one year, else days."""
    for unit in ("year", "month"):
        rows = periods(request, unit)
        if sum(1 for row in rows if row.count) != 1:
            return unit, rows
    return "day", periods(request, "day")


def percent(share: float) -> str:
    """Return a share as a percentage with three significant digits: '0.484%'."""
    return f"{share * 100:.3g}%"


def _layout(unit: str, caption: str, rows: list[Period], params: Params, normalised: bool) -> Chart:
    values = [row.share if normalised else row.count for row in rows]
    top = max(values) or 1
    slot = min(MAX_SLOT, 100 / len(rows))
    left = (100 - slot * len(rows)) / 2
    step = next((s for s in TICK_STEPS if len(rows) / s <= MAX_YEAR_TICKS), TICK_STEPS[-1])
    selected = (params.get("from", [""])[0], params.get("to", [""])[0])
    bars = []
    for i, (row, value) in enumerate(zip(rows, values, strict=True)):
        height = 0.0 if not value else max(2.0, value / top * (PLOT_BOTTOM - PLOT_TOP))
        width = slot * 0.72
        qs, active = _narrowing(row.period, params, selected)
        bars.append(
            Bar(
                label=_period_label(row.period),
                title=_title(row, normalised),
                count=row.count,
                qs=qs,
                active=active,
                x=round(left + i * slot + (slot - width) / 2, 3),
                y=round(PLOT_BOTTOM - height, 2),
                width=round(width, 3),
                height=round(height, 2),
                slot_x=round(left + i * slot, 3),
                slot_width=round(slot, 3),
                tick=_tick(row.period, unit, step if unit != "day" or len(rows) > 10 else 1),
                period=row.period,
                total=row.total,
                share=row.share,
            )
        )
    max_count = max(row.count for row in rows)
    max_label = percent(top) if normalised else f"{max_count:,}"
    return Chart(unit, caption, bars, max_count, normalised=normalised, max_label=max_label)


def _narrowing(period: str, params: Params, selected: tuple[str, str]) -> tuple[str, bool]:
    """Return the query string a bar links to (its dates, or ``year=none``) and whether the
    search is already narrowed to it."""
    if period == MISSING:
        return to_query_string(params, year=MISSING, page=""), params.get("year") == [MISSING]
    start, end = period_bounds(period)
    return to_query_string(params, from_=start, to=end, page=""), selected == (start, end)


def _period_label(period: str) -> str:
    return MISSING_LABELS["year"] if period == MISSING else period_name_long(period)


def _title(row: Period, normalised: bool) -> str:
    label = _period_label(row.period)
    noun = "article" if row.count == 1 else "articles"
    if normalised:
        return f"{label}: {row.count:,} of {row.total:,} articles ({percent(row.share)})"
    return f"{label}: {row.count:,} {noun}"


def _tick(period: str, unit: str, step: int) -> str:
    """Return the axis label under a bar: round years, every month, days 1, 5, 10, ...

    ``step`` 1 labels every bar (a few days).
    """
    if period == MISSING:
        return MISSING_LABELS["year"]
    if unit == "month":
        return period_name_long(period)[:3]
    if unit == "day":
        day = int(period[8:])
        return str(day) if step == 1 or day == 1 or day % 5 == 0 else ""
    return period if int(period) % step == 0 else ""


class PeriodCounter:
    """Counts a request's matches per year, month or day with ``Engine.coverage``; cached."""

    def __init__(self, engine: Engine, cache: GenerationCache) -> None:
        self._engine = engine
        self._cache = cache

    def __call__(self, request: SearchRequest, unit: str) -> list[Period]:
        """Return the request's matches and the archive's articles per ``unit``."""
        whole_set = replace(
            request, sort="relevance", page=1, per_page=1, histogram=None, normalise=False
        )  # the same counts
        key = ("periods", request_key(whole_set), unit)
        return self._cache.get(key, lambda: self._engine.coverage(whole_set, unit))
