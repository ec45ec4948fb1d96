"""The mentions chart: matches per period, and those with at least N mentions in front.

With ``min_mentions=N`` a search keeps the articles where the query's words occur at least N
times. The chart then shows both series per period: every match (a light bar behind) and the
articles with N mentions or more (the usual bar in front), on one scale, so a reader sees how
much of the coverage is passing mentions.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from search import SearchResults
from search.results import MISSING
from web.chart import (
    PLOT_BOTTOM,
    PLOT_TOP,
    Bar,
    Chart,
    PeriodCounts,
    coverage_chart,
    undated_matches,
)
from web.params import Params
from web.results_cache import GenerationCache

MENTION_CHOICES = (0, 2, 3, 5)  # offered in the page's "mentions" select (0: any)


@dataclass(frozen=True)
class LayeredBar(Bar):
    """A bar with the period's count before the mentions filter, drawn behind it."""

    all_count: int = 0
    all_y: float = PLOT_BOTTOM
    all_height: float = 0.0


def layered_chart(
    results: SearchResults, params: Params, cache: GenerationCache, periods: PeriodCounts
) -> Chart | None:
    """Return the coverage chart of a ``min_mentions`` search with every match behind it.

    The periods are those of every match (a month of passing mentions only still shows), and
    each bar links to the period with the page's parameters, the mentions filter included.
    """
    request = results.request
    unfiltered = replace(request, min_mentions=0, page=1, per_page=1, sort="relevance")
    base = coverage_chart(cache.search(unfiltered), params, periods)
    if base is None:
        return None
    mentioned = {row.period: row.count for row in periods(request, base.unit)}
    mentioned[MISSING] = undated_matches(results)
    top = max(base.max_count, 1)
    bars = [_layered(bar, mentioned.get(bar.period, 0), top) for bar in base.bars]
    caption = f"{base.caption} (dark: ≥ {request.min_mentions} mentions; light: all matches)"
    return replace(base, bars=bars, max_count=top, caption=caption)


def _layered(bar: Bar, count: int, top: int) -> LayeredBar:
    """Return the bar of every match (``bar``) as the light layer behind ``count``."""
    span = PLOT_BOTTOM - PLOT_TOP
    height = 0.0 if not count else max(2.0, count / top * span)
    noun = "article" if bar.count == 1 else "articles"
    fields = {**bar.__dict__, "count": count, "y": round(PLOT_BOTTOM - height, 2)}
    fields.update(height=round(height, 2), title=f"{bar.label}: {count:,} of {bar.count:,} {noun}")
    return LayeredBar(**fields, all_count=bar.count, all_y=bar.y, all_height=bar.height)
