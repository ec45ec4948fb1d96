"""Country, region and topic tagging: the seed article, the usual traps, labels, explanations."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from indexer.article import Article
from indexer.tagging.countries import score_countries, split_dateline
from indexer.tagging.gazetteer import read_country_table
from indexer.tagging.labels import TOPIC_LABELS, country_label, region_label, topic_label
from indexer.tagging.regions import country_regions, regions_of
from indexer.tagging.taggers import explain, tag

SEED = Path(__file__).resolve().parents[1] / "corpus" / "taiwan-ukraine-representative-office.txt"


def tagged(title: str, body: str) -> Article:
    return tag(Article(id="t", title=title, body=body))


def countries(title: str, body: str) -> tuple[str, ...]:
    return tagged(title, body).countries


@pytest.fixture(scope="module")
def seed() -> Article:
    lines = [line.strip() for line in SEED.read_text(encoding="utf-8").splitlines()]
    paragraphs = [line for line in lines if line]
    title = paragraphs[1]
    assert title.startswith("Taiwan’s envoy stated that while military aid")
    body = []
    for paragraph in paragraphs[2:]:
        if paragraph.startswith("Discover more from"):
            break
        body.append(paragraph)
    return tag(Article(id="seed", title=title, body="\n\n".join(body)))


def test_seed_article_is_about_taiwan_and_ukraine_first_and_germany(seed: Article) -> None:
    assert set(seed.countries[:2]) == {"TW", "UA"}
    assert "DE" in seed.countries  # "During a visit to Berlin," is where the story happens


def test_seed_article_leaves_passing_mentions_out(seed: Article) -> None:
    for passing in ("US", "CH", "FR", "VA", "LT"):  # each named once, in passing
        assert passing not in seed.countries


def test_seed_article_regions_and_topics(seed: Article) -> None:
    assert {"asia", "eastern-asia", "europe", "eastern-europe"} <= set(seed.regions)
    assert seed.regions == regions_of(seed.countries)
    assert {"politics", "conflict-war-peace"} & set(seed.topics)
    assert 1 <= len(seed.topics) <= 3


def test_georgia_the_us_state_is_the_united_states() -> None:
    body = "Heavy rain fell across Georgia on Monday, the governor said in Atlanta."
    assert countries("Storms hit Georgia", body) == ("US",)


def test_georgia_the_country_with_a_caucasus_cue() -> None:
    body = "Voters in Georgia went to the polls in Tbilisi on Saturday."
    assert countries("Georgia holds election", body) == ("GE",)


@pytest.mark.parametrize(
    "body",
    [
        "NATO membership for Ukraine and Georgia was discussed.",
        "England were drawn against Samoa, France, Italy, Georgia and Chinese Taipei.",
    ],
)
def test_georgia_listed_with_countries_is_the_country(body: str) -> None:
    codes = {c.code for c in score_countries("News", body)}
    assert "GE" in codes and "US" not in codes


def test_georgia_listed_with_states_is_the_state() -> None:
    assert {c.code for c in score_countries("News", "Storms hit Georgia and Florida.")} == {"US"}


def test_jordan_the_name_is_not_the_country() -> None:
    body = "Michael Jordan scored 40 points. Jordan said the Bulls would win again."
    assert countries("Bulls beat Knicks", body) == ()
    assert countries("Jordan and Israel talk water", "Jordan and Israel met in Amman.") == (
        "JO",
        "IL",
    )


def test_a_place_after_a_first_name_is_a_surname_even_in_a_title_case_headline() -> None:
    body = "He said he had not spoken to the committee."
    assert countries("Reporter Grills Jim Jordan On Jan. 6", body) == ()
    assert countries("Whitney Houston Documentary Opens", "The film opened on Friday.") == ()
    # A leader's family stands for the country; a leader named in full is the leader.
    assert countries("Melania Trump Unveils Pavilion", "The first lady spoke.") == ("US",)
    assert countries("Kevin Rudd Calls Election", "The vote is due in August.") == ("AU",)
    assert countries("Jordan Opens Border", "Jordan reopened its border crossing.") == ("JO",)


def test_turkey_the_bird_and_china_clay() -> None:
    body = "Farmers said turkey prices rose ahead of Thanksgiving. Roast turkey sells well."
    assert countries("Turkey prices rise", body) == ()
    assert countries("CHINA CLAY OUTPUT FALLS", "Output of china clay fell in Cornwall.") == ()
    assert countries("Turkey and Greece talk", "Turkey and Greece met in Ankara.")[0] == "TR"


def test_guinea_papua_new_guinea_and_guinea_bissau_are_told_apart() -> None:
    body = (
        "Papua New Guinea said on Monday it would hold elections, officials in Port Moresby said."
    )
    assert countries("Papua New Guinea to vote", body) == ("PG",)
    body = "Guinea-Bissau's president said the vote in Guinea-Bissau would go ahead."
    assert countries("Guinea-Bissau vote", body) == ("GW",)


def test_niger_and_nigeria_are_told_apart() -> None:
    assert countries("Nigeria oil output", "Nigeria said oil output rose in Lagos.") == ("NG",)
    assert countries("Niger uranium", "Niger said uranium exports rose, Niamey said.") == ("NE",)


def test_new_mexico_and_indiana_are_us_states() -> None:
    body = "The plant in New Mexico closed. A second plant in Indiana closed as well."
    assert countries("Plants close in New Mexico and Indiana", body) == ("US",)


@pytest.mark.parametrize(
    ("body", "countries"),
    [
        ("A tornado struck Paris, Texas, late on Sunday.", ("US",)),
        ("Police in Moscow, Idaho, made an arrest.", ("US",)),
        ("The band formed in Athens, Georgia, in 1980.", ("US",)),
        ("A fire in Lebanon, Pa., destroyed three homes.", ("US",)),
        ("Almaden, based in San Jose, Calif., makes wines.", ("US",)),
        ("A man was charged in London, Ontario, on Friday.", ("CA",)),
        # Lists and clauses are not towns: each country stays itself.
        ("Storm Elsa forced evacuations in Cuba, Florida declares an emergency.", ("CU", "US")),
        ("Talks between Mexico, Texas and California on water went on.", ("MX", "US")),
    ],
)
def test_a_town_named_like_a_foreign_place_belongs_to_its_state(
    body: str, countries: tuple[str, ...]
) -> None:
    assert tuple(sorted(c.code for c in score_countries("News", body))) == countries


def test_a_headline_names_the_town_the_story_places_in_its_state() -> None:
    body = "A factory in Peru, Indiana, will close next month, the company said."
    assert countries("Peru factory to close", body) == ("US",)
    body = "Top seeds reached the last eight of the SAP Open in San Jose, Calif., on Friday."
    assert "CR" not in countries("Big guns ease through in San Jose", body)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "COLOMBO, June 1 - Tea workers of Indian origin went on strike today, and the "
            "Ceylon Workers Congress said the protest would go on.",
            ("LK",),
        ),
        (
            "Miners struck in Johannesburg on Monday, and the Congress of South African Trade "
            "Unions said it backed the strike.",
            ("ZA",),
        ),
        ("The Trades Union Congress said ministers in London had let down workers.", ("GB",)),
        # The legislature stays itself, named alone, after its country, or in a library's name.
        ("Congress passed the budget on Friday, the White House said.", ("US",)),
        ("The U.S. Congress passed the budget on Friday.", ("US",)),
        ("The Library of Congress opened a new reading room in Washington.", ("US",)),
    ],
)
def test_congress_inside_another_name_is_an_organisation(
    body: str, expected: tuple[str, ...]
) -> None:
    assert countries("Workers and lawmakers", body) == expected


@pytest.mark.parametrize(
    ("title", "body", "expected"),
    [
        ("Lebanon County fair opens", "The fair opened on Friday.", ()),
        ("Spring break crowds flock to Panama City Beach", "Students arrived.", ()),
        ("China Lake naval station to add jobs", "The base will hire 500 people.", ()),
        ("Kobe Bryant's Jersey Retired By Lakers", "Fans cheered the ceremony.", ()),
        # The country itself, and a state's county, stay what they are.
        ("Panama City hosts summit", "Leaders met on Tuesday.", ("PA",)),
        ("Jersey votes on new tax", "The island's parliament voted on Tuesday.", ("JE",)),
        ("Hackers hit a Tennessee County server", "Investigators traced them.", ("US",)),
    ],
)
def test_a_place_named_after_a_country_is_not_the_country(
    title: str, body: str, expected: tuple[str, ...]
) -> None:
    assert countries(title, body) == expected


@pytest.mark.parametrize(
    "title",
    [
        "Paris Hilton Launches Perfume",
        "Jordan Klepper Spotlights Rally Fans",
        "Alexandria Ocasio-Cortez Slams Critics",
    ],
)
def test_a_place_before_a_known_surname_is_a_person_in_a_title_case_headline(title: str) -> None:
    assert countries(title, "The star spoke to reporters on Tuesday.") == ()


def test_a_place_before_a_headline_word_stays_the_place() -> None:
    body = "The border crossing reopened on Tuesday."
    assert countries("Jordan Opens Border To Trucks", body) == ("JO",)
    assert countries("India Beat England In Final", "The match ended late.") == ("IN", "GB")


def test_a_headline_names_a_leader_by_the_surname_the_story_gives_in_full() -> None:
    body = "Israeli Prime Minister Ariel Sharon won cabinet approval to withdraw from Gaza."
    assert countries("Sharon wins backing for Gaza pullout", body) == ("IL", "PS")
    # Without the full name "Sharon" is anyone's first name.
    assert countries("Sharon wins backing", "She won the vote in the club.") == ()


def test_a_short_sentence_full_of_names_is_not_a_title_case_headline() -> None:
    # "Kenya Moore" is a person in a sentence; the headline's "Kenya" is she too.
    body = "Kenya Moore is back on The Real Housewives of Atlanta."
    assert countries("Kenya Moore Returns To Show", body) == ()


def test_article_without_country() -> None:
    article = tagged(
        "Committee agrees budget", "The committee met on Tuesday and agreed the budget."
    )
    assert article.countries == ()
    assert article.regions == ()


def test_body_in_all_capitals() -> None:
    body = (
        "TOKYO, MARCH 3 - THE BANK OF JAPAN RAISED ITS DISCOUNT RATE, OFFICIALS SAID. LET US SEE."
    )
    article = tagged("JAPAN RAISES DISCOUNT RATE", body)
    assert article.countries == ("JP",)
    assert article.topics[0] == "economy-business-finance"


def test_dateline_names_the_country() -> None:
    assert split_dateline("AKRON, Ohio, March 3 - Goodyear said")[1] == "AKRON, Ohio"
    body = "ROCHESTER, N.Y., Feb 26 - The company said its board approved a stock split."
    assert countries("CHAMPION PRODUCTS APPROVES STOCK SPLIT", body) == ("US",)
    assert countries("Talks open", "KYIV, Ukraine (AP) — Talks opened on Monday.") == ("UA",)


def test_demonyms_historic_names_and_capitals() -> None:
    body = "Soviet officials and West German bankers met. Moscow and Bonn agreed a loan."
    assert set(countries("Soviet, West German bankers agree loan", body)) == {"SU", "DE"}
    body = "Washington warned Beijing on Monday. Beijing said it rejected the warning."
    assert countries("Washington warns Beijing", body) == ("CN", "US")


def test_the_only_country_named_in_the_lead_is_tagged() -> None:
    body = "Thousands of nurses walked out in London after pay talks with employers collapsed."
    assert countries("Nurses strike over pay", body) == ("GB",)


def test_every_country_of_a_short_item_counts() -> None:
    # A headline and a sentence (a wire brief, a feed summary): each country it names is
    # what the item is about, not a passing mention.
    assert countries("Leaders meet", "Xi Jinping met Putin in Moscow on Tuesday.") == ("RU", "CN")
    body = "Scholz met Macron in Berlin to discuss the budget."
    assert set(countries("Leaders meet", body)) == {"DE", "FR"}
    # In a longer story, one passing mention among many of another country is still left out.
    long_body = " ".join(
        ["Chancellor Scholz met ministers in Berlin on Monday to discuss the German budget."] * 6
        + ["Scholz also spoke with Macron by telephone."]
    )
    assert countries("Budget talks", long_body) == ("DE",)


def test_currency_is_not_the_country() -> None:
    body = "LONDON, March 2 - The bank is issuing a 100 mln Canadian dlr eurobond, it said."
    assert countries("BANK ISSUES CANADIAN DLR BOND", body) == ("GB",)


def test_explain_is_json_and_names_the_mentions(seed: Article) -> None:
    why = explain(seed)
    json.dumps(why)
    taiwan = why["countries"]["TW"]
    assert taiwan["score"] > 0 and taiwan["tagged"]
    assert {"text": "Taiwan", "where": "title"} in taiwan["mentions"]
    assert not why["countries"]["CH"]["tagged"]
    assert set(seed.topics) <= set(why["topics"])
    assert all(isinstance(t["words"], list) for t in why["topics"].values())


def test_every_country_has_regions_and_a_label() -> None:
    for code in read_country_table():
        if code != "AQ":  # Antarctica belongs to no M49 region
            slugs = country_regions(code)
            assert len(slugs) >= 2, code
            assert all(region_label(slug)[0].isupper() for slug in slugs)
        assert country_label(code) != code


def test_labels() -> None:
    assert country_label("UA") == "Ukraine"
    assert [country_label(c) for c in ("US", "TW", "RU", "KR")] == [
        "United States",
        "Taiwan",
        "Russia",
        "South Korea",
    ]
    assert region_label("eastern-europe") == "Eastern Europe"
    assert region_label("latin-america-and-the-caribbean") == "Latin America and the Caribbean"
    assert topic_label("economy-business-finance") == "Economy, business and finance"
    assert len(TOPIC_LABELS) == 17


def test_regions_follow_country_order_without_duplicates() -> None:
    assert regions_of(["UA", "TW", "RU"]) == ("europe", "eastern-europe", "asia", "eastern-asia")
    assert regions_of(["BR"]) == ("americas", "latin-america-and-the-caribbean", "south-america")


@pytest.mark.parametrize(
    ("title", "body", "topic"),
    [
        (
            "Striker scores twice as United win",
            "The striker scored twice in the second half and the club moved top of the league.",
            "sport",
        ),
        (  # gaming's words (the lexicon): "sequel" and "queue" alone read as film
            "Gamers queue for sequel",
            "Gamers queued overnight for the new instalment, and its gameplay won praise.",
            "science-technology",
        ),
        (
            "Earthquake kills dozens",
            "A powerful earthquake killed dozens of people and rescuers searched collapsed homes.",
            "disaster-accident-emergency",
        ),
        (
            "Parliament passes budget",
            "MPs voted for the government's budget after the opposition leader's speech.",
            "politics",
        ),
    ],
)
def test_topics_primary(title: str, body: str, topic: str) -> None:
    topics = tagged(title, body).topics
    assert topics[0] == topic
    assert set(topics) <= set(TOPIC_LABELS)


def test_article_in_another_language_gets_no_topic() -> None:
    body = (
        "Die Digitalisierung als Wachstums- und Entwicklungstreiber zieht sich bereits heute "
        "durch fast alle Branchen und ist für die Unternehmen in der Region nicht mehr "
        "wegzudenken. Die Messe in Köln ist der Treffpunkt der Branche, und die Aussteller "
        "sind mit dem Ergebnis zufrieden."
    )
    assert tagged("Digitalisierung in Köln", body).topics == ()
