"""Display names for facet values (country codes, region and topic slugs)."""

from __future__ import annotations

from collections.abc import Callable

from indexer.tagging.labels import country_label, region_label, topic_label
from search.results import MISSING, MISSING_LABELS

FACET_TITLES = {
    "country": "Country",
    "region": "Region",
    "topic": "Topic",
    "source": "Source",
    "year": "Year",
}

_LABELLERS: dict[str, Callable[[str], str]] = {
    "country": country_label,
    "region": region_label,
    "topic": topic_label,
}


def value_label(facet: str, value: str) -> str:
    """Return the display name of one facet value (the value itself when there is none)."""
    if value == MISSING:
        return MISSING_LABELS.get(facet, value)
    labeller = _LABELLERS.get(facet)
    if labeller is None:
        return value
    try:
        return labeller(value) or value
    except (KeyError, LookupError, ValueError):
        return value
