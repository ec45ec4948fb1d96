"""UN M49 regions: the region, sub-region and intermediate region of every country."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

M49_TABLE = Path(__file__).resolve().parents[1] / "data" / "m49.tsv"


@lru_cache(maxsize=1)
def _load() -> tuple[dict[str, tuple[str, ...]], dict[str, str]]:
    by_country: dict[str, tuple[str, ...]] = {}
    labels: dict[str, str] = {}
    for line in M49_TABLE.read_text(encoding="utf-8").splitlines():
        cells = line.split("\t")
        if cells[0] == "region":
            labels[cells[1]] = cells[3]
        elif cells[0] == "countries":
            slugs = tuple(slug for slug in cells[1:4] if slug != "-")
            for code in cells[4].split():
                by_country[code] = slugs
    return by_country, labels


def country_regions(code: str) -> tuple[str, ...]:
    """Return the M49 slugs of a country, broadest first: ("europe", "eastern-europe")."""
    return _load()[0].get(code.upper(), ())


def regions_of(codes: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    """Return the M49 slugs of several countries, in country order, without duplicates.

    >>> regions_of(["UA", "TW", "RU"])
    ('europe', 'eastern-europe', 'asia', 'eastern-asia')
    """
    slugs: dict[str, None] = {}
    for code in codes:
        slugs.update(dict.fromkeys(country_regions(code)))
    return tuple(slugs)


def region_labels() -> dict[str, str]:
    """Return {slug: display label} for every M49 region used."""
    return dict(_load()[1])
