"""Display labels for facet values: country codes, M49 region slugs, IPTC topic slugs."""

from __future__ import annotations

from functools import lru_cache

from indexer.tagging.gazetteer import read_country_table
from indexer.tagging.regions import region_labels

# IPTC Media Topics top-level subjects (https://cv.iptc.org/newscodes/mediatopic/), as slugs.
TOPIC_LABELS = {
    "arts-culture-entertainment-media": "Arts, culture, entertainment and media",
    "conflict-war-peace": "Conflict, war and peace",
    "crime-law-justice": "Crime, law and justice",
    "disaster-accident-emergency": "Disaster, accident and emergency incident",
    "economy-business-finance": "Economy, business and finance",
    "education": "Education",
    "environment": "Environment",
    "health": "Health",
    "human-interest": "Human interest",
    "labour": "Labour",
    "lifestyle-leisure": "Lifestyle and leisure",
    "politics": "Politics",
    "religion": "Religion",
    "science-technology": "Science and technology",
    "society": "Society",
    "sport": "Sport",
    "weather": "Weather",
}


@lru_cache(maxsize=1)
def _country_labels() -> dict[str, str]:
    return {code: row[0] for code, row in read_country_table().items()}


def known_values(facet: str) -> frozenset[str]:
    """Return every value a tagged facet can take ("country": ISO codes, "region": M49 slugs,
    "topic": IPTC slugs); an empty set for facets whose values come from the corpus."""
    if facet == "country":
        return frozenset(_country_labels())
    if facet == "region":
        return frozenset(region_labels())
    if facet == "topic":
        return frozenset(TOPIC_LABELS)
    return frozenset()


def _fallback(slug: str) -> str:
    return slug.replace("-", " ").capitalize()


def country_label(code: str) -> str:
    """Return a country's short common name: "UA" -> "Ukraine"; unknown codes come back as is."""
    return _country_labels().get(code.upper(), code)


def region_label(slug: str) -> str:
    """Return an M49 region's name: "eastern-europe" -> "Eastern Europe"."""
    return region_labels().get(slug) or _fallback(slug)


def topic_label(slug: str) -> str:
    """Return an IPTC topic's name: "labour" -> "Labour"."""
    return TOPIC_LABELS.get(slug) or _fallback(slug)
