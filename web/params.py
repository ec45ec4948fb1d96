"""URL parameters -> SearchRequest, and the query strings that change one part of a search.

Validation is ``search.request.parse_request`` (the CLI's rules too); the links on a results page
are built from the *parsed* request, so they carry normalised values (``country=br`` -> ``BR``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import urlencode

from newsarchive.settings import Settings
from search import SearchRequest
from search.request import parse_request
from search.results import EXCLUDE_PREFIX

FILTER_PARAMS = ("country", "region", "topic", "source", "year")
EXCLUDE_PARAMS = tuple(EXCLUDE_PREFIX + name for name in FILTER_PARAMS)  # not_country, ...
# Parameters that say what to search (a bare sort or page alone shows the front page).
ASKING_PARAMS = ("q", *FILTER_PARAMS, *EXCLUDE_PARAMS, "from", "to")

Params = dict[str, list[str]]


def parse_search(args: Mapping[str, Sequence[str]], settings: Settings) -> SearchRequest:
    """Return the validated SearchRequest for URL parameters; raises errors.QueryError."""
    return parse_request(args, settings)


def asks_something(args: Mapping[str, Sequence[str]]) -> bool:
    """Tell whether the parameters name a search (a query, a filter or a date bound)."""
    return any(value.strip() for name in ASKING_PARAMS for value in args.get(name, []))


def request_params(request: SearchRequest, settings: Settings) -> Params:
    """Return the URL parameters describing ``request`` (page left out; defaults left out)."""
    params: Params = {}
    if request.q:
        params["q"] = [request.q]
    for name in FILTER_PARAMS:
        if request.filters.get(name):
            params[name] = list(request.filters[name])
    for name in FILTER_PARAMS:
        if request.exclude.get(name):
            params[EXCLUDE_PREFIX + name] = list(request.exclude[name])
    optional = {
        "from": request.date_from,
        "to": request.date_to,
        "sort": request.sort if request.sort != "relevance" else None,
        "per_page": request.per_page if request.per_page != settings.page_size else None,
        "collapse": None if request.collapse else "0",
        "min_mentions": request.min_mentions or None,
        "histogram": request.histogram,
        "normalise": "1" if request.normalise else None,
        "correct": None if request.correct else "0",
    }
    params.update({name: [str(value)] for name, value in optional.items() if value})
    return params


def to_query_string(params: Mapping[str, Sequence[str]], **changes: Any) -> str:
    """Return ``params`` with some single-valued parameters replaced, as a query string.

    A trailing underscore is dropped from a name (``from_`` -> ``from``); an empty value removes
    the parameter; ``sort=relevance`` and ``page=1`` are defaults and left out.
    """
    merged: Params = {name: list(values) for name, values in params.items()}
    for name, value in changes.items():
        name = name.rstrip("_")
        if value in (None, "", []):
            merged.pop(name, None)
        else:
            merged[name] = [str(value)]
    if merged.get("sort") == ["relevance"]:
        merged.pop("sort")
    if merged.get("page") == ["1"]:
        merged.pop("page")
    return urlencode([(name, v) for name, values in merged.items() for v in values])


def toggle_value(
    params: Mapping[str, Sequence[str]], name: str, value: str, base_qs: str | None = None
) -> str:
    """Return the query string with one facet value added, or removed when already there.

    ``base_qs`` is ``to_query_string(params)`` when the caller has it (a sidebar toggles dozens
    of values of one search, chips remove each active one): the value's pair is then appended
    to it or cut out of it without re-encoding the rest, so a page's links cost linear time.
    """
    base = to_query_string(params) if base_qs is None else base_qs
    pair = urlencode([(name, value)])
    if value not in params.get(name, ()):
        return f"{base}&{pair}" if base else pair
    pieces = base.split("&")  # "&" inside a value is encoded: every piece is one pair
    pieces.remove(pair)
    return "&".join(pieces)


def without_filters(params: Mapping[str, Sequence[str]]) -> str:
    """Return the query string with every filter and date bound removed (q and sort kept)."""
    dropped = (*FILTER_PARAMS, *EXCLUDE_PARAMS, "from", "to")
    kept = {k: v for k, v in params.items() if k not in dropped}
    return to_query_string(kept)


def without_value(params: Mapping[str, Sequence[str]], facet: str, value: str) -> Params:
    """Return ``params`` without one value of a facet, as a filter or an exclusion (any case)."""
    names = (facet, EXCLUDE_PREFIX + facet)
    return {
        name: [v for v in values if name not in names or v.strip().lower() != value.lower()]
        for name, values in params.items()
    }
