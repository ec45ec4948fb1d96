"""Extractors: RawDoc -> Article | Skip for Reuters SGML, plain text, JSON Lines and HTML."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from types import SimpleNamespace

import pytest
from corpus_files import BBC_SHAPE, HTML_PAGE, SEED_SHAPE, reuters_story

from indexer.article import Article, Skip
from indexer.headline import repeats_lead
from indexer.reading.extract import extract_article, extract_json
from indexer.reading.plaintext import extract_text
from indexer.reading.readers import RawDoc, iter_raw_docs
from indexer.reading.reuters import extract_reuters
from newsarchive.output import format_report

PROJECT = Path(__file__).resolve().parents[1]
SEED = PROJECT / "corpus" / "taiwan-ukraine-representative-office.txt"
FURNITURE = ("Discover more", "Subscribe", "Leave a Reply", "Your email address", "See also")


def test_reuters_story_fields() -> None:
    story = reuters_story(
        42,
        "BAHIA COCOA REVIEW &lt;BCR&gt;",
        "Showers continued throughout the week in\nthe Bahia cocoa zone &amp; beyond.\n"
        "    The dry period means the temporao\nwill be late this year.",
        date=" 3-MAR-1987",
        places=("brazil", "usa"),
        topic="cocoa",
        dateline="SALVADOR, Feb 26",
    )
    article = extract_reuters(story, "reut2-000.sgm", 2)
    assert isinstance(article, Article)
    assert article.to_dict() | {"provenance": {}, "source_meta": {}} == {
        "id": "reuters21578-42",
        "title": "BAHIA COCOA REVIEW <BCR>",
        "body": "SALVADOR, Feb 26 - Showers continued throughout the week in the Bahia cocoa "
        "zone & beyond.\n\nThe dry period means the temporao will be late this year.",
        "url": None,
        "date": "1987-03-03",
        "source": "Reuters",
        "author": "Janie Gabbett",
        "path": "reut2-000.sgm",
        "countries": [],
        "regions": [],
        "topics": [],
        "provenance": {},
        "source_meta": {},
        "group": None,
    }
    assert article.source_meta == {
        "newid": 42,
        "lewissplit": "TRAIN",
        "topics_attr": "YES",
        "topics": ["cocoa"],
        "places": ["brazil", "usa"],
        "dateline": "SALVADOR, Feb 26",
    }


def test_reuters_brief_is_a_headline_only_article() -> None:
    brief = reuters_story(7, "X", "y").replace("<TEXT>", '<TEXT TYPE="BRIEF">').split("<TITLE>")[
        0
    ] + (
        "******<TITLE>ASSETS OF MONEY MARKET FUNDS ROSE\n</TITLE>Blah blah blah.\n&#3;\n"
        "</TEXT>\n</REUTERS>"
    )
    article = extract_reuters(brief, "reut2-000.sgm")
    assert isinstance(article, Article)
    assert (article.title, article.body) == ("ASSETS OF MONEY MARKET FUNDS ROSE", "")


def test_reuters_unprocessed_story_keeps_its_table() -> None:
    head = reuters_story(8, "X", "y").split("<TEXT>")[0]
    story = head + (
        '<TEXT TYPE="UNPROC">&#2;\nFEDERAL RESERVE WEEKLY REPORT - FEB 26\n'
        " Net free reserves......644 vs....1,337\n Bank borrowings........680 vs......425\n"
        "&#3;\n</TEXT>\n</REUTERS>"
    )
    article = extract_reuters(story, "r.sgm")
    assert isinstance(article, Article)
    assert article.title == "FEDERAL RESERVE WEEKLY REPORT - FEB 26"
    assert article.body == (
        "Net free reserves......644 vs....1,337\nBank borrowings........680 vs......425"
    )


AP_DOC = """<DOC>
<DOCNO> AP880212-0001 </DOCNO>
<HEAD>Former Saigon Officials Released</HEAD>
<BYLINE>By EDITH M. LEDERER</BYLINE>
<DATELINE>BANGKOK, Thailand (AP) </DATELINE>
<TEXT>
   More than 150 former officers have been
released from a camp, the official radio reported.
   The men were freed &amp; sent home.
</TEXT>
</DOC>"""


def test_a_trec_wire_story_is_an_article() -> None:
    article = extract_article(RawDoc("sgml", "ap88.sgm", AP_DOC, 1))
    assert isinstance(article, Article)
    assert (article.id, article.title, article.date, article.author) == (
        "AP880212-0001",
        "Former Saigon Officials Released",
        "1988-02-12",  # from the DOCNO
        "Edith M. Lederer",
    )
    assert article.body == (
        "BANGKOK, Thailand (AP) - More than 150 former officers have been released from a camp,"
        " the official radio reported.\n\nThe men were freed & sent home."
    )


@pytest.mark.parametrize(
    ("head", "date", "source"),
    [
        ('<DOC id="NYT_ENG_19940701.0001" type="story" >', "1994-07-01", "NYT"),  # Gigaword
        ("<DOC>\n<DOCNO> WSJ870324-0001 </DOCNO><SO> Wall Street Journal </SO>", "1987-03-24",
         "Wall Street Journal"),
        ("<DOC>\n<DOCNO> LA010189-0001 </DOCNO>", "1989-01-01", None),  # month, day, year
        ("<DOC>\n<DOCNO> FT911-3 </DOCNO><DATE>910514</DATE>", "1991-05-14", None),
        ("<DOC>\n<DOCNO> X-1 </DOCNO><DATE><P>January 1, 1989, Sunday</P></DATE>", "1989-01-01",
         None),
    ],
)  # fmt: skip
def test_trec_dates_ids_and_sources(head: str, date: str, source: str | None) -> None:
    story = f"{head}\n<HEADLINE><P>Rates rise</P></HEADLINE><TEXT><P>Rates rose.</P></TEXT></DOC>"
    article = extract_article(RawDoc("sgml", "x.sgm", story, 1))
    assert isinstance(article, Article)
    assert (article.title, article.body, article.date, article.source) == (
        "Rates rise",
        "Rates rose.",
        date,
        source,
    )


def test_reuters_story_without_newid_or_text_is_skipped() -> None:
    no_id = reuters_story(9, "T", "b").replace('NEWID="9"', "")
    assert extract_reuters(no_id, "r.sgm", 5) == Skip(
        "r.sgm", "malformed SGML: story without a NEWID", 5
    )
    head = reuters_story(10, "X", "y").split("<TEXT>")[0]
    empty = head + '<TEXT TYPE="UNPROC">&#2;\n&#3;\n</TEXT>\n</REUTERS>'
    assert extract_reuters(empty, "r.sgm", 9) == Skip("r.sgm", "no title and no text (NEWID 10)", 9)


def test_empty_reuters_stories_are_one_reason_in_the_summary() -> None:
    stories = [reuters_story(n, "X", "y").split("<TEXT>")[0] for n in (10, 11)]
    empty = '<TEXT TYPE="UNPROC">&#2;\n&#3;\n</TEXT>\n</REUTERS>'
    skips = [extract_reuters(head + empty, "r.sgm", 9) for head in stories]
    report = SimpleNamespace(
        indexed=1, replaced=0, files=1, seconds=1.0, duplicates=0, duplicate_ids=0,
        duplicate_bodies=0, ignored_files=0, skipped=skips, index_bytes=1, generation="gen-1",
    )  # fmt: skip
    assert "Skipped: 2 (2 no title and no text):" in format_report(report, "rebuilt", 5)


def test_seed_article_extraction() -> None:
    article = extract_text(SEED.read_bytes(), SEED.name)
    assert isinstance(article, Article)
    assert article.title == (
        "Taiwan’s envoy stated that while military aid for Ukraine is “too sensitive,” "
        "establishing a representative office is a key goal"
    )
    assert article.body.startswith("Taiwan is refraining")
    assert article.body.endswith("we are at that stage,” Wu remarked.")
    for furniture in FURNITURE:
        assert furniture not in article.body
    assert article.id == "taiwan-ukraine-representative-office"
    assert article.source == "Defence Talks"
    assert article.source_meta["caption"].startswith("A serviceman of 24th Mechanized brigade")


def test_seed_shape_is_recognised_not_the_seed_sentences() -> None:
    article = extract_text(SEED_SHAPE.encode(), "pages/harbour-deal.txt")
    assert isinstance(article, Article)
    assert article.title.startswith("Ministers say the harbour deal")
    assert article.body.startswith("The harbour deal between the two ports")
    assert article.body.endswith("the transport minister told reporters.")
    assert not any(furniture in article.body for furniture in FURNITURE)
    assert (article.source, article.id) == ("Harbour Weekly", "pages-harbour-deal")


def test_headline_first_text_keeps_its_first_paragraph() -> None:
    article = extract_text(BBC_SHAPE.encode(), "business/001.txt")
    assert isinstance(article, Article)
    assert article.title == "Steel maker lifts annual profit forecast"
    assert article.body.startswith("A European steel maker has raised")
    assert article.body.count("\n\n") == 1 and "caption" not in article.source_meta


def test_other_site_furniture_is_cut() -> None:
    page = (
        "Council approves new tram line\n\n"
        "The city council approved a new tram line to the airport on Tuesday.\n\n"
        "Read more: Five things to know about the tram\n\n"
        "Construction is due to start next spring, the mayor said.\n\n"
        "Share this:\n\nRelated posts\n\nCopyright © 2024 City Times. All rights reserved.\n"
    )
    article = extract_text(page.encode(), "tram.txt")
    assert isinstance(article, Article)
    assert article.body == (
        "The city council approved a new tram line to the airport on Tuesday.\n\n"
        "Construction is due to start next spring, the mayor said."
    )


STORY_TEXT = (
    "Heavy rain flooded streets in Valencia, Spain, on Tuesday as a second storm hit the coast,"
    " officials said.\n\nThe regional government opened shelters for families."
)


@pytest.mark.parametrize(
    "head",
    [
        "Floods hit Valencia\nBy Maria Lopez\nOctober 29, 2024\n\n",  # lines under the headline
        "Floods hit Valencia\n\nBy Maria Lopez\n\nTuesday 29 October 2024 14.30 GMT\n\n",
        "Title: Floods hit Valencia\nAuthor: Maria Lopez\nDate: 2024-10-29\n\n",  # fields
        "---\ntitle: Floods hit Valencia\nauthor: Maria Lopez\ndate: 2024-10-29\n---\n\n",
    ],
)
def test_text_byline_and_date_are_read_not_kept_in_the_headline(head: str) -> None:
    article = extract_text((head + STORY_TEXT).encode(), "floods.txt")
    assert isinstance(article, Article)
    assert (article.title, article.author, article.date) == (
        "Floods hit Valencia",
        "Maria Lopez",
        "2024-10-29",
    )
    assert article.body == STORY_TEXT


def test_text_byline_of_two_names_is_a_list() -> None:
    article = extract_text(
        ("Floods hit Valencia\nBy Maria Lopez and John Roe\n\n" + STORY_TEXT).encode(), "f.txt"
    )
    assert isinstance(article, Article) and article.author == "Maria Lopez, John Roe"


def test_text_fields_give_source_and_url() -> None:
    head = "Title: Floods hit Valencia\nSource: Wire\nURL: https://example.org/floods\n\n"
    article = extract_text((head + STORY_TEXT).encode(), "floods.txt")
    assert isinstance(article, Article)
    assert (article.source, article.url) == ("Wire", "https://example.org/floods")


def test_text_that_opens_with_a_wire_lead_has_no_headline() -> None:
    lead = (
        "LONDON (Reuters) - Britain's economy grew 0.3 percent in the third quarter, official"
        " figures showed on Friday."
    )
    article = extract_text(f"{lead}\n\nThe pound rose after the data.".encode(), "gdp.txt")
    assert isinstance(article, Article)
    assert article.title.startswith("Britain's economy grew 0.3 percent")  # no dateline
    assert article.body.startswith(lead)  # the lead stays in the body
    text = b"US - China trade war escalates\n\nTariffs rose again on Monday as talks broke down."
    headline = extract_text(text, "t.txt")
    assert isinstance(headline, Article) and headline.title == "US - China trade war escalates"


def test_text_that_is_not_an_article_is_skipped() -> None:
    words = "\n".join(["afghanistan", "albania", "algeria"] * 20).encode()
    assert extract_text(words, "places.txt") == Skip(
        "places.txt", "no prose (a word list or table, not an article)"
    )
    assert extract_text(b"\x00\x01\x02binary\x00junk" * 100, "x.txt") == Skip(
        "x.txt", "binary data, not text"
    )
    assert extract_text(b"   \n\n  ", "blank.txt") == Skip("blank.txt", "empty file")
    facts = "This is a set of facts about countries, extracted from a world factbook.\n\n"
    facts += "".join(f'population("Country {n}", {n * 1000}).\n' for n in range(200))
    assert extract_text(facts.encode(), "facts.txt") == Skip(
        "facts.txt", "mostly data or code lines, not an article"
    )


def test_latin1_text_is_decoded() -> None:
    text = "Café owners protest\n\nCafé owners in Paris protested against the new tax."
    article = extract_text(text.encode("latin-1"), "cafe.txt")
    assert isinstance(article, Article) and article.title == "Café owners protest"


def test_json_record_with_optional_and_extra_keys() -> None:
    record = {
        "id": "wire/2021 07 21#1",
        "title": "  Coffee prices\nrise ",
        "body": "Coffee prices rose.",
        "url": "https://example.com/c",
        "date": "2021-07-21T10:00:00Z",
        "source": "Wire",
        "author": None,
        "language": "en",
        "tags": ["coffee"],
    }
    article = extract_json(record, "feed.jsonl", 3)
    assert isinstance(article, Article)
    assert (article.id, article.title, article.date) == (
        "wire-2021-07-21-1", "Coffee prices rise", "2021-07-21",
    )  # fmt: skip
    assert (article.url, article.source, article.author) == ("https://example.com/c", "Wire", None)
    assert article.source_meta == {"language": "en", "tags": ["coffee"]}


@pytest.mark.parametrize(
    ("record", "reason"),
    [
        ({"title": "T", "body": "B"}, "missing required key 'id'"),
        ({"id": "a", "body": "B"}, "missing required key 'title'"),
        ({"id": "a"}, "missing required key 'title', 'body'"),
        ({"id": "a", "title": "T", "body": 5}, "'body' must be a string"),
        ({"id": ["a"], "title": "T", "body": "B"}, "'id' must be a string"),
        ({"id": "a", "title": " ", "body": ""}, "empty title and body"),
    ],
)
def test_json_record_problems_are_skips_with_line(record: dict, reason: str) -> None:
    assert extract_json(record, "feed.jsonl", 7) == Skip("feed.jsonl", reason, 7)


def test_unreadable_json_date_is_dropped_and_explained() -> None:
    article = extract_json({"id": "a", "title": "T", "body": "B", "date": "yesterday"}, "f", 1)
    assert isinstance(article, Article) and article.date is None
    assert article.provenance == {"date": "unreadable date 'yesterday' ignored"}


def test_json_optional_fields_as_other_exports_name_them() -> None:
    newsapi = {
        "id": "n1",
        "title": "T",
        "body": "B",
        "source": {"id": None, "name": "BBC News"},
        "authors": ["Jane Doe", "John Roe"],
        "publishedAt": "2020-01-02T10:00:00Z",
        "link": "https://example.org/a",
        "lang": "en",
    }
    article = extract_json(newsapi, "f", 1)
    assert isinstance(article, Article)
    assert (article.source, article.author, article.date, article.url) == (
        "BBC News",
        "Jane Doe; John Roe",
        "2020-01-02",
        "https://example.org/a",
    )
    assert article.source_meta == {"lang": "en"}  # the keys read are not kept twice
    own = extract_json({**newsapi, "date": "2021-05-06", "source": "Wire"}, "f", 1)
    assert isinstance(own, Article) and (own.date, own.source) == ("2021-05-06", "Wire")


@pytest.mark.parametrize(
    "written",
    [
        "2020-01-02T10:00:00Z",
        "Thu, 02 Jan 2020 10:00:00 GMT",  # RSS pubDate
        "1577959200",  # epoch seconds
        1577959200,
        "1577959200000",  # epoch milliseconds
        "2020/01/02",
        "20200102",
        "2 January 2020",
        "Jan 2, 2020",
    ],
)
def test_json_dates_as_exports_write_them(written: object) -> None:
    article = extract_json({"id": "a", "title": "T", "body": "B", "date": written}, "f", 1)
    assert isinstance(article, Article)
    assert (article.date, article.provenance) == ("2020-01-02", {})


@pytest.mark.parametrize(
    ("written", "why"),
    [
        ("02/01/2020", "unreadable"),  # 2 January or February 1: not guessed
        ("0001-01-01", "implausible"),  # a null placeholder (Go, .NET)
        ("9999-12-31", "implausible"),
    ],
)
def test_json_dates_that_are_not_dates_are_explained(written: str, why: str) -> None:
    article = extract_json({"id": "a", "title": "T", "body": "B", "date": written}, "f", 1)
    assert isinstance(article, Article) and article.date is None
    assert article.provenance == {"date": f"{why} date {written!r} ignored"}


def test_html_is_delegated_and_junk_is_skipped() -> None:
    article = extract_article(RawDoc("html", "news/grain.html", HTML_PAGE.encode()))
    assert isinstance(article, Article)
    assert (article.id, article.title) == ("news-grain", "Grain harvest breaks records in Ukraine")
    junk = bytes(range(256)) * 40
    result = extract_article(RawDoc("html", "junk.html", junk))
    assert isinstance(result, Skip) and result.path == "junk.html"


def _extract_all(*paths: Path) -> Counter[str]:
    outcome: Counter[str] = Counter()
    for raw in iter_raw_docs(paths):
        item = raw if isinstance(raw, Skip) else extract_article(raw)
        if isinstance(item, Article):
            assert item.title and item.id, item
            outcome["article"] += 1
        else:
            outcome[item.reason] += 1
    return outcome


@pytest.mark.slow
def test_every_reuters_story_is_read(corpora: Path) -> None:
    sgm = sorted((corpora / "reuters21578").glob("*.sgm"))
    assert len(sgm) == 22
    raw = [d for d in iter_raw_docs(sgm)]
    assert len(raw) == 21_578 and all(isinstance(d, RawDoc) for d in raw)
    assert _extract_all(*sgm) == {
        "article": 21_577,
        "no title and no text (NEWID 12793)": 1,
    }


@pytest.mark.slow
def test_bbc_wikinews_and_huffpost_are_read(corpora: Path) -> None:
    bbc = _extract_all(*(p for p in sorted((corpora / "bbc").iterdir()) if p.is_dir()))
    assert bbc == {"article": 2_225}
    wikinews = corpora / "wikinews-en" / "wikinews-en.jsonl"
    assert _extract_all(wikinews) == {"article": 337}
    huffpost = corpora / "news-category-huffpost" / "news-category-huffpost.jsonl"
    assert _extract_all(huffpost)["article"] == 9_999


@pytest.mark.slow
def test_bbc_titles_are_first_lines(corpora: Path) -> None:
    for path in sorted((corpora / "bbc" / "business").glob("*.txt"))[:200]:
        article = extract_text(path.read_bytes(), path.name)
        assert isinstance(article, Article)
        first_line = path.read_bytes().decode("utf-8", "replace").split("\n", 1)[0]
        assert article.title == " ".join(first_line.split()), path
        assert json.dumps(article.to_dict())


def test_a_text_that_starts_with_its_lead_keeps_the_whole_lead() -> None:
    wrapped = (
        "The Federal Reserve raised interest rates on Tuesday for the\n"
        "first time in three years, saying inflation had picked up.\n"
        "Officials said more rises could follow."
    )
    prose = (
        "The Federal Reserve raised interest rates on Tuesday. It said inflation had picked up."
        "\n\nOfficials said more rises could follow, traders said."
    )
    for name, text in (("wrapped.txt", wrapped), ("prose.txt", prose)):
        article = extract_text(text.encode(), name)
        assert isinstance(article, Article)
        assert article.body.startswith("The Federal Reserve raised interest rates on Tuesday")
        assert article.title.startswith("The Federal Reserve raised interest rates on Tuesday")
        assert repeats_lead(article.title, article.body)  # so the headline is scored once


def test_a_headline_over_two_lines_or_with_a_period_is_still_a_headline() -> None:
    for head in (
        "Taiwan's envoy says aid is sensitive,\nan office is a key goal",
        "Mr. Smith quits.",
    ):
        article = extract_text(
            f"{head}\n\nTaiwan is refraining from asking for aid.".encode(), "h.txt"
        )
        assert isinstance(article, Article)
        assert article.title == " ".join(head.split("\n"))
        assert article.body == "Taiwan is refraining from asking for aid."
