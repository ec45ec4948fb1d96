"""URL or CLI parameters -> a validated SearchRequest; every bad value is a one-sentence QueryError.

>>> parse_request({"q": ["coffee"], "country": ["br", "co"], "page": ["2"]}, Settings()).filters
{'country': ('BR', 'CO')}
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date

from indexer.tagging.labels import known_values
from newsarchive.errors import BadParameter, QueryError, UnknownValue
from newsarchive.settings import Settings
from search.histogram import UNITS
from search.query.limits import MAX_FILTER_VALUES, MAX_FILTER_VALUES_TOTAL
from search.results import EXCLUDE_PREFIX, FILTER_FIELDS, MISSING, SORTS, SearchRequest

_COUNTRY = re.compile(r"[A-Za-z]{2}")
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_YEAR = re.compile(r"\d{4}")
_TRUE = ("1", "true", "yes", "on")
_FALSE = ("0", "false", "no", "off")


def check_query_length(q: str, settings: Settings) -> None:
    """Raise QueryError when a query is longer than ``settings.max_query_chars``."""
    if len(q) > settings.max_query_chars:
        raise QueryError(
            f"The query is {len(q)} characters long; the limit is {settings.max_query_chars}."
        )


def parse_request(params: Mapping[str, Sequence[str]], settings: Settings) -> SearchRequest:
    """Validate URL-style parameters (name -> list of values) and return the search request."""
    q = _last(params, "q") or ""
    check_query_length(q, settings)
    date_from = _date(params, "from")
    date_to = _date(params, "to")
    if date_from and date_to and date_from > date_to:
        raise BadParameter(f"The date range starts after it ends: from {date_from} to {date_to}.")
    sort = (_last(params, "sort") or "relevance").lower()
    if sort not in SORTS:
        raise BadParameter(f"Sort by relevance or date, not {sort!r}.")
    filters, exclude = _filters(params), _filters(params, EXCLUDE_PREFIX)
    values = sum(len(v) for v in (*filters.values(), *exclude.values()))
    if values > MAX_FILTER_VALUES_TOTAL:
        raise BadParameter(f"Use at most {MAX_FILTER_VALUES_TOTAL} filter values in one search.")
    return SearchRequest(
        q=q.strip(),
        filters=filters,
        exclude=exclude,
        date_from=date_from,
        date_to=date_to,
        sort=sort,
        page=_int(params, "page", 1, 1, settings.max_page),
        per_page=_int(params, "per_page", settings.page_size, 1, settings.max_page_size),
        collapse=_bool(params, "collapse", True),
        min_mentions=_int(params, "min_mentions", 0, 0, 1000),
        histogram=_histogram(params),
        normalise=_bool(params, "normalise", False),
        correct=_bool(params, "correct", True),
    )


def _histogram(params: Mapping[str, Sequence[str]]) -> str | None:
    unit = (_last(params, "histogram") or "").lower()
    if unit and unit not in UNITS:
        raise BadParameter(f"histogram must be year, month or day, not {unit[:40]!r}.")
    return unit or None


def _values(params: Mapping[str, Sequence[str]], name: str) -> list[str]:
    raw = params.get(name) or []
    if isinstance(raw, str):  # a plain dict of strings is forgiven
        raw = [raw]
    return [value.strip() for value in raw if value is not None and value.strip()]


def _last(params: Mapping[str, Sequence[str]], name: str) -> str | None:
    values = _values(params, name)
    return values[-1] if values else None


def _int(params: Mapping[str, Sequence[str]], name: str, default: int, low: int, high: int) -> int:
    text = _last(params, name)
    if text is None:
        return default
    try:
        value = int(text)
    except ValueError:
        raise BadParameter(f"{name} must be a whole number, not {text[:40]!r}.") from None
    if not low <= value <= high:
        raise BadParameter(f"{name} must be between {low} and {high}, not {value}.")
    return value


def _bool(params: Mapping[str, Sequence[str]], name: str, default: bool) -> bool:
    text = (_last(params, name) or "").lower()
    if not text:
        return default
    if text in _TRUE or text in _FALSE:
        return text in _TRUE
    raise BadParameter(f"{name} must be 1 or 0, not {text[:40]!r}.")


def _date(params: Mapping[str, Sequence[str]], name: str) -> str | None:
    text = _last(params, name)
    if text is None:
        return None
    try:
        return date.fromisoformat(text).isoformat() if len(text) == 10 else _bad_date(name, text)
    except ValueError:
        return _bad_date(name, text)


def _bad_date(name: str, text: str) -> str:
    raise BadParameter(f"{name} must be a date like 1987-03-01, not {text[:40]!r}.")


def _filters(params: Mapping[str, Sequence[str]], prefix: str = "") -> dict[str, tuple[str, ...]]:
    """Return the values of every facet filter (``prefix`` "not_": of every exclusion)."""
    filters: dict[str, tuple[str, ...]] = {}
    for name in FILTER_FIELDS:
        values = [_filter_value(name, value) for value in _values(params, prefix + name)]
        if len(values) > MAX_FILTER_VALUES:
            values = list(dict.fromkeys(values))  # repeats are forgiven
            if len(values) > MAX_FILTER_VALUES:
                raise BadParameter(f"Use at most {MAX_FILTER_VALUES} values of {prefix + name}.")
        if values:
            filters[name] = tuple(dict.fromkeys(values))
            _require_known(name, filters[name])
    return filters


def _filter_value(name: str, value: str) -> str:
    """Return a filter value in its stored form; a malformed one is a QueryError."""
    if value.lower() == MISSING:  # articles without a value for the facet
        return MISSING
    if name == "country":
        if not _COUNTRY.fullmatch(value):
            raise BadParameter(
                f"country must be a two-letter ISO code like UA, not {value[:40]!r}."
            )
        return value.upper()
    if name in ("region", "topic"):
        if not _SLUG.fullmatch(value.lower()):
            raise BadParameter(f"{name} must be a slug like eastern-europe, not {value[:40]!r}.")
        return value.lower()
    if name == "year" and not _YEAR.fullmatch(value):
        raise BadParameter(f"year must be four digits like 1987 (or none), not {value[:40]!r}.")
    if len(value) > 200:
        raise BadParameter(f"The {name} value is too long.")
    return value


_FORMS = {
    "country": "a two-letter ISO 3166 code like UA",
    "region": "a slug like eastern-europe",
    "topic": "a slug like politics",
}


def _require_known(name: str, values: tuple[str, ...]) -> None:
    """Raise UnknownValue, naming the valid form, for a value the facet cannot hold."""
    if name not in _FORMS:  # sources are checked against the index, years need no list
        return
    known = known_values(name)
    for value in values:
        if value != MISSING and value not in known:
            raise UnknownValue(
                f"There is no {name} {value!r}: use {_FORMS[name]} (see the facet values), "
                f"or none for articles without one.",
                name,
                value,
            )
