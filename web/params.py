"""URL parameters -> SearchRequest, and URLs that change one parameter of the current search.

Parsing is delegated to ``search.request.parse_request`` (the same rules as the CLI); the web
layer only adds the parameters it owns (none today) and link builders for facets, chips,
sorting and pages.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import urlencode

from search import SearchRequest
from settings import Settings

# Parameters that describe one search, in the order they appear in generated URLs.
SEARCH_PARAMS = ("q", "country", "region", "topic", "source", "year", "from", "to", "sort")
FILTER_PARAMS = ("country", "region", "topic", "source", "year")

Params = dict[str, list[str]]

try:  # the search issue's parser; the fallback below keeps the web usable until it lands
    from search.request import parse_request as _parse_request
except ImportError:  # pragma: no cover - removed once search/request.py exists
    _parse_request = None


def parse_search(args: Mapping[str, Sequence[str]], settings: Settings) -> SearchRequest:
    """Return the validated SearchRequest for URL parameters; raises errors.QueryError."""
    if _parse_request is not None:
        return _parse_request(args, settings)
    return _fallback_parse(args, settings)


def _fallback_parse(args: Mapping[str, Sequence[str]], settings: Settings) -> SearchRequest:
    from errors import QueryError

    def one(name: str, default: str = "") -> str:
        values = args.get(name) or [default]
        return values[-1]

    q = one("q").strip()
    if len(q) > settings.max_query_chars:
        raise QueryError(f"The query is too long (over {settings.max_query_chars} characters).")
    try:
        page = int(one("page", "1"))
        per_page = int(one("per_page", str(settings.page_size)))
    except ValueError:
        raise QueryError("page and per_page must be whole numbers.") from None
    if not 1 <= page <= settings.max_page:
        raise QueryError(f"page must be between 1 and {settings.max_page}.")
    if not 1 <= per_page <= settings.max_page_size:
        raise QueryError(f"per_page must be between 1 and {settings.max_page_size}.")
    filters = {name: tuple(args[name]) for name in FILTER_PARAMS if args.get(name)}
    for code in filters.get("country", ()):
        if not re.fullmatch(r"[A-Z]{2}", code):
            raise QueryError(f"country must be an ISO 3166-1 alpha-2 code like DE, not {code!r}.")
    for name in ("from", "to"):
        if one(name) and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", one(name)):
            raise QueryError(f"{name} must be a date like 1987-03-01.")
    if one("sort", "relevance") not in ("relevance", "date"):
        raise QueryError("sort must be relevance or date.")
    return SearchRequest(
        q=q,
        filters=filters,
        date_from=one("from") or None,
        date_to=one("to") or None,
        sort=one("sort", "relevance"),
        page=page,
        per_page=per_page,
    )


def search_params(args: Mapping[str, Sequence[str]]) -> Params:
    """Return the parameters that define the current search (no page), without empty values."""
    params: Params = {}
    for name in SEARCH_PARAMS:
        values = [v for v in args.get(name, []) if v.strip()]
        if values:
            params[name] = values if name in FILTER_PARAMS else values[-1:]
    return params


def to_query_string(params: Mapping[str, Sequence[str]], **changes: Any) -> str:
    """Return ``params`` with some single-valued parameters replaced, as a query string."""
    merged: Params = {name: list(values) for name, values in params.items()}
    for name, value in changes.items():
        name = name.rstrip("_")  # from_ -> from
        if value in (None, "", []):
            merged.pop(name, None)
        else:
            merged[name] = [str(value)]
    if merged.get("sort") == ["relevance"]:
        merged.pop("sort")  # the default; keeps URLs short
    if merged.get("page") == ["1"]:
        merged.pop("page")
    return urlencode([(name, v) for name, values in merged.items() for v in values])


def toggle_value(params: Mapping[str, Sequence[str]], name: str, value: str) -> str:
    """Return the query string with one facet value added, or removed when already there."""
    merged: Params = {key: list(values) for key, values in params.items()}
    values = merged.setdefault(name, [])
    if value in values:
        values.remove(value)
    else:
        values.append(value)
    return to_query_string(merged)


def without_filters(params: Mapping[str, Sequence[str]]) -> str:
    """Return the query string with every filter and date bound removed (q and sort kept)."""
    kept = {k: v for k, v in params.items() if k not in (*FILTER_PARAMS, "from", "to")}
    return to_query_string(kept)
