"""Country tagger: find gazetteer mentions in an article and rank countries by prominence.

One compiled matcher (a regex shaped like a trie of every lower-cased gazetteer name, run
over the lower-cased text) finds candidate mentions; capitalisation (checked against the
original text), the person-name rule, the common-noun rule ("turkey") and the Georgia
rule then decide which count. A dateline ("TOKYO, March 3 -") is looked up as a place.
A country's score adds its mentions, weighted by where they are: headline 3, dateline
4.5, lead 1.5, body 1, a second mention in the same sentence 0.25, plus 1.5 for the place
a story happens in ("During a visit to Berlin, ..."). Countries scoring below MIN_SCORE
(or below MIN_SHARE of the top country) are incidental and left out, unless named in the
headline or dateline; the only country an article names needs SOLE_COUNTRY_MIN_SCORE, and so
does each country of a brief (a body of at most SHORT_CHARS) scoring half the top one's.
The weights and thresholds were tuned on Reuters-21578 TRAIN.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from indexer.tagging.gazetteer import (
    Entry,
    load_dateline_places,
    load_first_names,
    load_gazetteer,
    load_leader_surnames,
    load_shared_cues,
    load_subdivisions,
    load_surnames,
)

ZONE_WEIGHT = {"title": 3.0, "dateline": 4.5, "lead": 1.5, "body": 1.0}
SAME_SENTENCE_WEIGHT = 0.25  # repeats within one sentence add little: spread matters
EVENT_PLACE_BONUS = 1.5  # "During a visit to Berlin, ..." names where the story happens
MIN_SCORE = 2.5  # below this a country is an incidental mention
MIN_SHARE = 0.1  # ... and below this share of the top country's score
SOLE_COUNTRY_MIN_SCORE = 1.5  # the only country an article names needs less
LEAD_CHARS = 300
# A body this short (a wire brief, a feed's summary) is all lead: every country it names in
# the lead counts, unless another outweighs it more than twice (bench/RESULTS.md).
SHORT_CHARS = 400
MAX_COUNTRIES = 8

_TITLES = re.compile(
    r"(?:Mr|Mrs|Ms|Miss|Dr|Sen|Rep|Gov|Gen|Judge|Prof|Coach|Sir|Lady|Lord|Saint|St|Rev)\.?\s*$"
)
# Capitalised words that may precede a place name without making it a person's name.
_PLACE_MODIFIERS = frozenset(
    "East West North South Central Greater Northern Southern Eastern Western Upper Lower "
    "Old New Downtown Metropolitan Inner Outer The In At To From Of For And Or But By".split()
)
_WORD_BEFORE = re.compile(r"\b([A-Z][a-z]+) $")
_WORD_AFTER = re.compile(r" ([A-Z][a-z]+)\b")
_SENTENCE_VERB = re.compile(r"\b(?:is|are|was|were|has|have|had|will|said|says)\b")
_SENTENCE_END = re.compile(r"[.!?][\"”’']?\s+(?=[\"“‘'(]?[A-Z0-9])|\n\s*\n")
_DATELINE = re.compile(
    r"\s*(?P<place>[A-Z][\w.'’\- ]{1,40}?(?:,\s*[A-Z][\w.'’\- ]{1,30}?){0,2}?)"
    r"(?P<date>,?\s*(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2})?"
    r"\s*(?P<agency>\([^)]{1,30}\))?\s*[-–—]+\s"
)
_EVENT_PREFIX = re.compile(
    r"^\s*(?:During|While|Speaking|Visiting|Addressing|At|In|On)\b[^,;.!?]{0,50}$"
)
# Country names that are also common nouns: "turkey" the bird, "china" the porcelain.
_COMMON_WORDS = ("turkey", "china")
# A country's name with the kind of place American towns and counties are called after it:
# "Lebanon County", "Cuba Township", "China Lake", "Panama City Beach" are in the US.
_PLACE_SUFFIX = re.compile(
    r"\s+(?:City\s+Beach|County|Township|Borough|Parish|Lake|Springs|Falls)\b", re.IGNORECASE
)
# "Congress" inside another name is an organisation, not a legislature: "Ceylon Workers
# Congress", "Congress of South African Trade Unions" (but "U.S. Congress" counts its "U.S.").
_ORGANISATION_WORDS = frozenset(("congress", "congressional"))
_CAPITAL_BEFORE = re.compile(r"\b([A-Z][\w'’-]*)\s+$")
_OF_A_NAME_AFTER = re.compile(r"\s+of\s+(?:the\s+)?[A-Z]")
# "Kobe Bryant's Jersey": after a possessive, the shirt, not the island.
_GARMENTS = frozenset(("Jersey", "JERSEY"))
_POSSESSIVE_BEFORE = re.compile(r"\w(?:['’]s|s['’])\s+$")
# "Canadian dlrs", "Swiss francs": a currency, not the country (eurobonds, forex reports).
_CURRENCY = re.compile(
    r"\s+(?:dlrs?|dollars?|francs?|marks?|crowns?|kronor|krona|pesos?|pounds?|yen|lire|lira|"
    r"guilders?|rand|shillings?|rupees?|dinars?|riyals?|escudos?|pesetas?|drachmas?)\b"
)
# States that no longer exist, tagged with their ISO 3166-3 former codes, and their successors.
DISSOLVED = {
    "SU": frozenset("RU UA BY MD EE LV LT GE AM AZ KZ UZ TM KG TJ".split()),
    "YU": frozenset("RS HR SI BA MK ME XK".split()),
    "CS": frozenset("CZ SK".split()),
}
_FOLDED_KINDS = frozenset(("alias", "capital", "city", "cue", "dateline"))
_GEORGIA_CUES = re.compile(
    r"Tbilisi|Abkhaz|Ossetia|Saakashvili|Shevardnadze|Ivanishvili|Kobakhidze|Zourabichvili|"
    r"Batumi|Kutaisi|Caucasus|Georgian Dream|former Soviet|Republic of Georgia",
    re.IGNORECASE,
)


# ", Texas" / ", N.H." / ", British Columbia" after a place: the words that may name a region.
_REGION_AFTER = re.compile(r",\s*([A-Z][\w.]*(?:\s+[A-Z][\w.]*){0,2})")
_LIST_GOES_ON = re.compile(r"\s*(?:,\s*)?(?:and|or|&)\s|\s*,\s*[A-Z]")
_REGION_ENDS = re.compile(r"\s*(?:[,;:)]|\.(?:\s|$)|$)")
_TOWN_KINDS = frozenset(("alias", "capital", "city"))


@dataclass
class Mention:
    """One place in the text that names a country."""

    code: str
    text: str
    where: str  # title | dateline | lead | body
    start: int
    weight: float = 0.0
    kind: str = "name"  # the gazetteer kind of the name found, or "dateline"


@dataclass
class CountryScore:
    """A country's prominence in one article and the mentions behind it."""

    code: str
    score: float = 0.0
    first: int = 10**9  # position of the first mention (title mentions count before body)
    mentions: list[Mention] = field(default_factory=list)


def _trie_pattern(words: list[str]) -> str:
    trie: dict = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def emit(node: dict) -> str:
        branches = [re.escape(ch) + emit(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if "" in node:
            return "(?:" + body + ")?" if len(body) > 1 else body + "?"
        return body

    return emit(trie)


@lru_cache(maxsize=1)
def _matcher() -> tuple[re.Pattern[str], dict[str, Entry]]:
    entries = load_gazetteer()
    pattern = r"(?<!\w)(?:" + _trie_pattern(sorted(entries)) + r")(?!\w)"
    return re.compile(pattern), entries


def _case_ok(entry: Entry, found: str) -> bool:
    if entry.exact or found == entry.form:
        return found == entry.form
    return all(not a.isupper() or b.isupper() for a, b in zip(entry.form, found, strict=False))


def _all_caps_around(text: str, start: int, end: int) -> bool:
    window = text[max(0, start - 25) : end + 25]
    return not any(ch.islower() for ch in window)


def _after_first_name(text: str, start: int) -> bool:
    """Tell whether a name follows a common given name ("Jim Jordan", "Michael Jordan"):
    then it is a surname, capitals or not (a title-case headline says nothing by them)."""
    prev = _WORD_BEFORE.search(text, max(0, start - 30), start)
    return prev is not None and prev.group(1) in load_first_names()


def _names_a_person(entry: Entry, text: str, start: int, end: int) -> bool:
    """Tell whether a name found at text[start:end] is a person's, not the place's."""
    if entry.person_risk and _is_person(text, start, end, _looks_title_case(text)):
        return True
    # A leader's name after a first name is the leader's family ("Melania Trump"), which
    # stands for the country as much; any other name is a person's surname ("Jim Jordan").
    return (entry.kind != "cue" or entry.person_risk) and _after_first_name(text, start)


def _is_person(text: str, start: int, end: int, title_case: bool) -> bool:
    """Tell whether a risky name is used as a person's name here ("Michael Jordan")."""
    before = text[max(0, start - 60) : start]
    if _TITLES.search(before):
        return True
    if title_case:  # capitals say nothing: only a known surname after it makes a person
        following = _WORD_AFTER.match(text, end)
        return following is not None and following.group(1) in load_surnames()
    prev = re.search(r"([A-Z][\w'’-]*)\s+$", before)
    if prev and prev.group(1) not in _PLACE_MODIFIERS:
        return True  # "Michael Jordan", even at the start of a sentence
    return re.match(r"\s+[A-Z][a-z]+(?!\w)", text[end : end + 30]) is not None


def find_mentions(
    text: str,
    where: str,
    offset: int = 0,
    persons: set[str] | None = None,
    towns: dict[str, str] | None = None,
) -> list[Mention]:
    """Return the country mentions in a piece of text, in order.

    Args:
        persons: collects names found used as a person's name ("Michael Jordan").
        towns: collects names found as a town of another country ("Peru, Indiana": US).
    """
    pattern, entries = _matcher()
    lowered = text.lower()
    if len(lowered) != len(text):  # a rare letter whose lower case is longer ("İ")
        lowered = "".join(ch.lower()[0] for ch in text)
    mentions, pos = [], 0
    while (match := pattern.search(lowered, pos)) is not None:
        start, end = match.start(), match.end()
        found = text[start:end]
        entry = entries[match.group()]
        ok = _case_ok(entry, found)
        if ok and entry.exact and found.isalpha() and _all_caps_around(text, start, end):
            ok = found != "US"  # "LET US" in an upper-case headline
        if ok and _names_a_person(entry, text, start, end):
            ok = False
            if persons is not None and entry.person_risk:
                persons.add(found.lower())
        if ok and entry.kind != "state" and _names_another_thing(text, start, end):
            ok = False
        if ok and match.group() in _ORGANISATION_WORDS and _inside_a_name(text, start, end):
            ok = False
        if not ok:
            pos = start + 1
            continue
        if entry.code is not None and not _CURRENCY.match(lowered, end):
            code = _town_region(text, end, entry) or entry.code
            if code != entry.code and towns is not None:
                towns[found.lower()] = code
            mentions.append(Mention(code, found, where, start + offset, kind=entry.kind))
        pos = end
    return mentions


def _names_another_thing(text: str, start: int, end: int) -> bool:
    """Tell whether a place's name is part of a place named after it ("Lebanon County",
    "Panama City Beach", "Gloucester County": capitals as the name's) or a garment ("Bryant's
    Jersey"). Not for a state's ("a Tennessee County server" is in Tennessee)."""
    if text[start:end].lower().endswith(" city"):  # the capital's name: "Panama City Beach"
        end -= len(" city")
    suffix = _PLACE_SUFFIX.match(text, end)
    if suffix is not None and text[suffix.end() - len(suffix.group().split()[-1])].isupper():
        return True
    if text[start:end] in _GARMENTS:
        return _POSSESSIVE_BEFORE.search(text, max(0, start - 40), start) is not None
    return False


def _inside_a_name(text: str, start: int, end: int) -> bool:
    """Tell whether a word stands inside a longer capitalised name ("Ceylon Workers Congress",
    "Congress of Racial Equality"): not in a title-case headline, where capitals say nothing."""
    if _looks_title_case(text):
        return False
    before = _CAPITAL_BEFORE.search(text, max(0, start - 40), start)
    if before is not None and before.group(1) not in _PLACE_MODIFIERS:
        return not _starts_a_sentence(text, before.start(1))
    return _OF_A_NAME_AFTER.match(text, end) is not None


def _starts_a_sentence(text: str, at: int) -> bool:
    """Tell whether ``text[at:]`` starts a sentence: the text's start, or after ``.!?:;`` or a
    line break and spaces (only the characters just before are looked at)."""
    window = text[max(0, at - 40) : at]
    kept = window.rstrip()
    return not kept or kept[-1] in ".!?:;" or "\n" in window[len(kept) :]


def _town_region(text: str, end: int, entry: Entry) -> str | None:
    """Return the country of the state or province a place name is followed by, when it is
    another country's: "Paris, Texas", "Moscow, Idaho", "London, Ontario", "Lebanon, Pa." are
    towns there. Not in a list ("Mexico, Texas and California"); after a country's own name
    only as a town is written ("Peru, Ind., said", not "In Cuba, Florida Declares"), and
    ", Georgia" only after a town, since "Ukraine, Georgia" is two countries."""
    match = _REGION_AFTER.match(text, end)
    if not match:
        return None
    spans = [(m.group(), m.end()) for m in re.finditer(r"\S+", match.group(1))]
    regions = load_subdivisions()
    for size in range(len(spans), 0, -1):
        name = " ".join(word for word, _ in spans[:size]).lower()
        code = regions.get(name) or regions.get(name.rstrip("."))
        if code is None:
            continue
        after = match.start(1) + spans[size - 1][1]
        listed = not name.endswith(".") and _LIST_GOES_ON.match(text, after)
        if code == entry.code or listed or (name == "georgia" and entry.kind not in _TOWN_KINDS):
            return None
        if entry.kind not in _TOWN_KINDS and not _REGION_ENDS.match(text, after):
            return None  # "Lebanon, Pa., firm", not "In Cuba, Florida Declares"
        return code
    return None


def _looks_title_case(text: str) -> bool:
    """Tell whether text is written In Title Case (a headline), where capitals say nothing of
    names. A lower-case verb ("is", "was", "said") is sentence case however many names a short
    sentence holds ("Kenya Moore is back on The Real Housewives of Atlanta")."""
    sample = text[:200]
    words = re.findall(r"[A-Za-z]{4,}", sample)
    if len(words) < 3 or sum(w[0].isupper() for w in words) < 0.8 * len(words):
        return False
    return _SENTENCE_VERB.search(sample) is None


def split_dateline(body: str) -> tuple[int, str]:
    """Return where the dateline ("TOKYO, March 3 -") of a body ends and its place, or (0, "")."""
    match = _DATELINE.match(body[:120])
    if not match:
        return 0, ""
    place = match.group("place").strip()
    if re.search(r"[A-Z]{3}", place) or match.group("date") or match.group("agency"):
        return match.end(), place
    return 0, ""


def _dateline_mention(place: str) -> list[Mention]:
    """Return the country of a dateline place: its state or country part, else its city."""
    places = load_dateline_places()
    parts = [p.strip().lower() for p in place.split(",") if p.strip()]
    for part in reversed(parts):
        part = re.sub(r"^st\.? ", "st. ", part)
        code = places.get(part) or places.get(_ascii_fold(part))
        if code and not (part == "georgia" and len(parts) > 1):
            return [Mention(code, place, "dateline", 0, ZONE_WEIGHT["dateline"], "dateline")]
    if parts and parts[-1] == "georgia":
        return [Mention("US", place, "dateline", 0, ZONE_WEIGHT["dateline"], "dateline")]
    return []


def _ascii_fold(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def _sentence_starts(body: str) -> list[int]:
    return [0] + [m.end() for m in _SENTENCE_END.finditer(body)]


def _weigh_body(body: str, mentions: list[Mention], dateline_end: int) -> None:
    starts = _sentence_starts(body)
    seen: set[tuple[str, int]] = set()
    for mention in mentions:
        if mention.where == "dateline":
            mention.weight = ZONE_WEIGHT["dateline"]
            continue
        mention.where = "lead" if mention.start < dateline_end + LEAD_CHARS else "body"
        sentence = bisect.bisect_right(starts, mention.start) - 1
        key = (mention.code, sentence)
        mention.weight = SAME_SENTENCE_WEIGHT if key in seen else ZONE_WEIGHT[mention.where]
        seen.add(key)
        prefix = body[starts[sentence] : mention.start]
        after = body[mention.start + len(mention.text) : mention.start + len(mention.text) + 3]
        if _EVENT_PREFIX.match(prefix) and after.lstrip("’'s").startswith(","):
            mention.weight += EVENT_PLACE_BONUS


@lru_cache(maxsize=1)
def _georgia_among_countries() -> re.Pattern[str]:
    """ "Ukraine and Georgia", "Georgia, Armenia": Georgia listed with another country's name."""
    names = sorted(
        (e.form for e in load_gazetteer().values() if e.kind == "name" and e.code != "GE"),
        key=len,
        reverse=True,
    )
    other = "(?:" + "|".join(map(re.escape, names)) + ")"
    joint = r"(?:,\s*|\s+(?:and|or)\s+)"
    return re.compile(rf"\b{other}{joint}Georgia\b|\bGeorgia{joint}{other}\b")


def _resolve_georgia(mentions: list[Mention], text: str) -> list[Mention]:
    if not any(m.code == "GE" for m in mentions) or _GEORGIA_CUES.search(text):
        return mentions
    if _georgia_among_countries().search(text):
        return mentions
    kept = []
    for mention in mentions:
        if mention.code == "GE" and mention.text.lower().startswith("georgian"):
            continue
        if mention.code == "GE":
            mention.code = "US"  # Georgia without a Caucasus cue is the US state
        kept.append(mention)
    return kept


def _fold_dissolved(mentions: list[Mention]) -> list[Mention]:
    """In an article that names a dissolved state (the Soviet Union), its cities, institutions,
    leaders and datelines (Moscow, the Kremlin) count for it, not for today's successor."""
    named = {m.code for m in mentions if m.code in DISSOLVED}
    for mention in mentions:
        for old in named:
            if mention.code in DISSOLVED[old] and mention.kind in _FOLDED_KINDS:
                mention.code = old
    return mentions


def _resolve_shared_cues(mentions: list[Mention]) -> list[Mention]:
    """An institution other countries have too ("House of Commons", "Congress") is that other
    country's in an article that names it and not the cue's own country (Canada's election)."""
    shared = load_shared_cues()
    named = [m.code for m in mentions if m.text.lower() not in shared]
    for mention in mentions:
        others = shared.get(mention.text.lower()) if mention.kind == "cue" else None
        if others and mention.code not in named:
            mention.code = next((code for code in named if code in others), mention.code)
    return mentions


def _drop_common_words(mentions: list[Mention], text: str) -> list[Mention]:
    """Drop "Turkey" from an article that also writes "turkey" (the bird), unless "Turkish"..."""
    for word in _COMMON_WORDS:
        if word not in text or not re.search(rf"(?<![\w-]){word}(?![\w-])", text):
            continue
        codes = {m.code for m in mentions if m.text.lower() == word}
        backed = {m.code for m in mentions if m.code in codes and m.text.lower() != word}
        mentions = [m for m in mentions if m.text.lower() != word or m.code in backed]
    return mentions


def score_countries(title: str, body: str) -> list[CountryScore]:
    """Return every country mentioned, most prominent first, with its score and mentions."""
    dateline_end, place = split_dateline(body)
    persons: set[str] = set()
    towns: dict[str, str] = {}
    mentions = find_mentions(title, "title", 0, persons, towns)
    for mention in mentions:
        mention.weight = ZONE_WEIGHT["title"]
        mention.start -= len(title) + 1  # headline mentions sort before the body's
    body_mentions = _dateline_mention(place) if place else []
    body_mentions += find_mentions(body[dateline_end:], "body", dateline_end, persons, towns)
    _weigh_body(body, body_mentions, dateline_end)
    text = title + "\n" + body
    mentions = _drop_common_words(_resolve_georgia(mentions + body_mentions, text), text)
    mentions = _resolve_shared_cues(_fold_dissolved(mentions))
    # Once "Michael Jordan" is a person, a later bare "Jordan" is him too; once "Peru,
    # Indiana" is a town there, the headline's "Peru" is that town.
    mentions = [m for m in mentions if m.text.lower() not in persons]
    for mention in mentions:
        mention.code = towns.get(mention.text.lower(), mention.code)
    mentions += _leader_in_headline(title, mentions)
    scores: dict[str, CountryScore] = {}
    for mention in mentions:
        entry = scores.setdefault(mention.code, CountryScore(mention.code))
        entry.score += mention.weight
        entry.first = min(entry.first, mention.start)
        entry.mentions.append(mention)
    return sorted(scores.values(), key=lambda s: (-s.score, s.first))


def _leader_in_headline(title: str, mentions: list[Mention]) -> list[Mention]:
    """Return the headline's bare surnames of leaders the article names in full: "Sharon wins
    backing" over "Israeli Prime Minister Ariel Sharon" (headlines name leaders by surname; a
    surname that is also a first name is a cue only once the article says whose it is)."""
    leaders = load_leader_surnames()
    in_title = {m.text.lower() for m in mentions if m.where == "title"}
    found = []
    for mention in {m.text.lower(): m for m in mentions if m.kind == "cue"}.values():
        surname = leaders.get(mention.text.lower())
        if surname is None or mention.text.lower() in in_title:
            continue  # not a leader named in full, or named in full in the headline itself
        for match in re.finditer(rf"(?<![\w-]){surname}(?![\w-])", title):
            found.append(
                Mention(mention.code, surname, "title", match.start() - len(title) - 1,
                        ZONE_WEIGHT["title"], "cue")
            )  # fmt: skip
    return found


def is_prominent(country: CountryScore, ranked: list[CountryScore], body: str) -> bool:
    """Tell whether a country is more than an incidental mention in its article."""
    if any(m.where in ("title", "dateline") for m in country.mentions):
        return True
    if len(ranked) == 1:  # the only country named: likely where the story happens
        return country.score >= SOLE_COUNTRY_MIN_SCORE
    needed = max(MIN_SCORE, MIN_SHARE * ranked[0].score)
    if len(body) <= SHORT_CHARS:  # a brief: each country it names with weight is its subject
        needed = min(needed, max(SOLE_COUNTRY_MIN_SCORE, 0.5 * ranked[0].score))
    return country.score >= needed


def tag_countries(title: str, body: str) -> tuple[str, ...]:
    """Return the ISO alpha-2 codes of the countries an article concerns, most prominent first."""
    ranked = score_countries(title, body)
    return tuple(c.code for c in ranked if is_prominent(c, ranked, body))[:MAX_COUNTRIES]
