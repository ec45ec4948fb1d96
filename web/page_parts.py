"""The parts of the results page computed from results + URL parameters.

Facet groups (checkbox + toggle link per value), active-filter chips, and pagination; each
carries ready-made query strings so templates stay free of logic.
"""

from __future__ import annotations

import zlib
from collections.abc import Mapping
from dataclasses import dataclass

from search import FacetCount, SearchResults
from search.results import EXCLUDE_PREFIX
from web.dates import period_label
from web.facet_labels import FACET_TITLES, value_label
from web.params import FILTER_PARAMS, Params, to_query_string, toggle_value

FACETS_SHOWN = 8  # values visible per facet; the rest sit behind "More"
PAGE_WINDOW = 2  # page links shown on each side of the current page


@dataclass(frozen=True)
class FacetItem:
    """One facet value as shown in the sidebar."""

    facet: str
    value: str
    label: str
    count: int
    checked: bool
    toggle_qs: str  # the search with this value added, or removed when checked
    dom_id: str
    excluded: bool = False
    exclude_qs: str = ""  # the search with this value left out, or no longer when excluded


def _dom_id(facet: str, value: str) -> str:
    """Return a stable element id for a facet value (the same on every page and worker)."""
    safe = "".join(c if c.isalnum() else "-" for c in value)[:40]
    return f"f-{facet}-{safe}-{zlib.crc32(value.encode()) % 10_000}"


@dataclass(frozen=True)
class FacetGroup:
    """One facet (country, region, ...) with its visible and folded values."""

    name: str
    title: str
    shown: list[FacetItem]
    more: list[FacetItem]

    @property
    def active(self) -> int:
        return sum(item.checked for item in (*self.shown, *self.more))


@dataclass(frozen=True)
class Chip:
    """One active filter, with the query string that removes it."""

    title: str
    label: str
    remove_qs: str


@dataclass(frozen=True)
class PageLink:
    """One entry of the pagination bar; ``number`` None is a gap."""

    number: int | None
    qs: str = ""
    current: bool = False


def facet_groups(results: SearchResults, params: Params) -> list[FacetGroup]:
    """Return the sidebar groups; selected values always appear, even with no count."""
    groups = []
    base_qs = to_query_string(params)
    for name in FILTER_PARAMS:
        selected = params.get(name, [])
        excluded = params.get(EXCLUDE_PREFIX + name, [])
        counts: list[FacetCount] = list(results.facets.get(name, []))
        if name == "year":
            counts.sort(key=lambda f: f.value, reverse=True)
        present = {f.value for f in counts}
        chosen = dict.fromkeys([*selected, *excluded])
        missing = [FacetCount(v, value_label(name, v), 0) for v in chosen if v not in present]
        items = [
            FacetItem(
                name,
                f.value,
                f.label or value_label(name, f.value),
                f.count,
                f.value in selected,
                toggle_value(params, name, f.value, base_qs),
                _dom_id(name, f.value),
                f.value in excluded,
                exclude_value(params, name, f.value, base_qs),
            )
            for f in [*missing, *counts]
        ]
        if not items:
            continue
        # Chosen values first, so an active filter is never folded away under "More".
        active = [i for i in items if i.checked or i.excluded]
        ordered = active + [i for i in items if not (i.checked or i.excluded)]
        cut = max(FACETS_SHOWN, len(active))
        groups.append(FacetGroup(name, FACET_TITLES[name], ordered[:cut], ordered[cut:]))
    return groups


def exclude_value(params: Params, name: str, value: str, base_qs: str) -> str:
    """Return the query string leaving one facet value out (or no longer out when it is).

    A value that is a filter stops being one when it is excluded: both at once match nothing.
    """
    if value in params.get(name, ()):
        kept = {
            key: [v for v in values if key != name or v != value] for key, values in params.items()
        }
        return toggle_value(kept, EXCLUDE_PREFIX + name, value)
    return toggle_value(params, EXCLUDE_PREFIX + name, value, base_qs)


def chips(params: Params, labels: Mapping[tuple[str, str], str]) -> list[Chip]:
    """Return a removable chip for each active filter, exclusion and date bound."""
    found = []
    base_qs = to_query_string(params)
    for name in FILTER_PARAMS:
        for value in params.get(name, []):
            label = labels.get((name, value)) or value_label(name, value)
            remove_qs = toggle_value(params, name, value, base_qs)
            found.append(Chip(FACET_TITLES[name], label, remove_qs))
        for value in params.get(EXCLUDE_PREFIX + name, []):
            label = "not " + (labels.get((name, value)) or value_label(name, value))
            remove_qs = toggle_value(params, EXCLUDE_PREFIX + name, value, base_qs)
            found.append(Chip(FACET_TITLES[name], label, remove_qs))
    date_from, date_to = params.get("from", [""])[0], params.get("to", [""])[0]
    if date_from or date_to:
        remove_qs = to_query_string(params, from_="", to="")
        found.append(Chip("Dates", period_label(date_from, date_to), remove_qs))
    return found


def facet_labels(results: SearchResults) -> dict[tuple[str, str], str]:
    """Return the engine's display label of every facet value, by (facet, value)."""
    return {(name, f.value): f.label for name, values in results.facets.items() for f in values}


def pagination(
    params: Params, page: int, per_page: int, total: int, max_page: int
) -> list[PageLink]:
    """Return the page links around the current page, with gaps, first and last."""
    last = last_page(total, per_page, max_page)
    if last <= 1:
        return []
    numbers = {1, last, *range(max(1, page - PAGE_WINDOW), min(last, page + PAGE_WINDOW) + 1)}
    links: list[PageLink] = []
    previous = 0
    for number in sorted(numbers):
        if number - previous > 1:
            links.append(PageLink(None))
        links.append(PageLink(number, to_query_string(params, page=number), number == page))
        previous = number
    return links


def last_page(total: int, per_page: int, max_page: int) -> int:
    """Return the number of the last reachable page."""
    return min(max_page, max(1, -(-total // per_page)))
