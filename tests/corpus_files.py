# ruff: noqa: E501, W291  -- file contents: real pages have long lines and trailing spaces
"""Small, real-looking corpus files written by tests (never copied from the shared corpora)."""

from __future__ import annotations

import json
from pathlib import Path

REUTERS_STORY = """<REUTERS TOPICS="YES" LEWISSPLIT="TRAIN" CGISPLIT="TRAINING-SET" OLDID="5544" NEWID="{newid}">
<DATE>{date} 15:01:01.79</DATE>
<TOPICS><D>{topic}</D></TOPICS>
<PLACES>{places}</PLACES>
<PEOPLE></PEOPLE>
<ORGS></ORGS>
<EXCHANGES></EXCHANGES>
<COMPANIES></COMPANIES>
<UNKNOWN> 
&#5;&#5;&#5;C T
&#22;&#22;&#1;f0704&#31;reute
u f BC-STORY   02-26 0105</UNKNOWN>
<TEXT>&#2;
<TITLE>{title}</TITLE>
<AUTHOR>    by Janie Gabbett, Reuters</AUTHOR>
<DATELINE>    {dateline} - </DATELINE><BODY>{body}
 Reuter
&#3;</BODY></TEXT>
</REUTERS>
"""

SEED_SHAPE = """A soldier fires a howitzer towards enemy positions near the front line, in a photo taken last month.

Ministers say the harbour deal is “close,” but a signature is still weeks away

The harbour deal between the two ports is close to completion, officials in Valletta said on Monday, although several questions about financing remain open.

Negotiators met for a fourth round of talks in Rome and agreed on the size of the new terminal, according to a statement.

See also  Ten ports have signed cooperation agreements since the beginning of the year

“We are making progress, but we are not there yet,” the transport minister told reporters.


Discover more from Harbour Weekly | Shipping News and Pictures

Subscribe to get the latest posts sent to your email.

Leave a Reply

Your email address will not be published. Required fields are marked *
"""

BBC_SHAPE = """Steel maker lifts annual profit forecast

A European steel maker has raised its profit forecast for the year after strong demand from car makers pushed prices higher.

The company said orders in the last quarter were the best for a decade, and that it expected the trend to continue into next year.
"""

HTML_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Grain harvest breaks records in Ukraine | Farm Gazette</title>
<meta property="og:title" content="Grain harvest breaks records in Ukraine">
<meta property="article:published_time" content="2023-08-14T09:30:00Z">
</head><body>
<nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article>
<h1>Grain harvest breaks records in Ukraine</h1>
<p>Farmers in Ukraine brought in a record grain harvest this summer despite the war, the agriculture ministry in Kyiv said on Monday.</p>
<p>Exports through the Danube ports rose sharply, traders said, as buyers in Egypt and Turkey increased their orders for wheat and maize.</p>
<p>The ministry expects the harvest to reach a new high before the end of the season.</p>
</article>
<footer>Copyright 2023 Farm Gazette</footer>
</body></html>
"""


def reuters_story(
    newid: int,
    title: str,
    body: str,
    date: str = "26-FEB-1987",
    places: tuple[str, ...] = ("usa",),
    topic: str = "trade",
    dateline: str = "NEW YORK, Feb 26",
) -> str:
    """Return one Reuters-21578 style <REUTERS> story."""
    return REUTERS_STORY.format(
        newid=newid,
        title=title,
        body=body,
        date=date,
        places="".join(f"<D>{p}</D>" for p in places),
        topic=topic,
        dateline=dateline,
    )


def reuters_file(stories: list[str]) -> bytes:
    """Return the bytes of a .sgm file holding the stories (latin-1, as the collection is)."""
    text = '<!DOCTYPE lewis SYSTEM "lewis.dtd">\n' + "".join(stories)
    return text.encode("latin-1")


def json_line(article_id: str, title: str, body: str, **extra: object) -> str:
    """Return one JSON Lines record."""
    return json.dumps({"id": article_id, "title": title, "body": body, **extra}) + "\n"


def write_small_corpus(root: Path) -> Path:
    """Write one good file of each kind under ``root``; return ``root``."""
    (root / "wire").mkdir(parents=True, exist_ok=True)
    stories = [
        reuters_story(
            1,
            "COCOA REVIEW &lt;CCO&gt;",
            "Showers continued throughout the week\n"
            "in the Bahia cocoa zone.\n    Arrivals rose to 155,221 bags.",
            places=("brazil",),
            topic="cocoa",
            dateline="SALVADOR, Feb 26",
        ),
        reuters_story(
            2,
            "OIL OUTPUT CUT AGREED",
            "Ministers agreed to cut crude oil output\nto support prices, delegates said.",
            places=("saudi-arabia",),
            topic="crude",
            dateline="VIENNA, Feb 27",
            date="27-FEB-1987",
        ),
    ]
    (root / "wire" / "reut2-900.sgm").write_bytes(reuters_file(stories))
    (root / "pages").mkdir(exist_ok=True)
    (root / "pages" / "harbour-deal.txt").write_text(SEED_SHAPE, encoding="utf-8")
    (root / "bbc" / "business").mkdir(parents=True, exist_ok=True)
    (root / "bbc" / "business" / "001.txt").write_text(BBC_SHAPE, encoding="utf-8")
    (root / "pages" / "grain.html").write_text(HTML_PAGE, encoding="utf-8")
    lines = [
        json_line(
            "feed-1",
            "Coffee prices rise after frost",
            "Coffee prices rose in Brazil after a frost hit plantations.",
            date="2021-07-21",
            source="Wire",
            lang="en",
        ),
        json_line(
            "feed-2",
            "Tea exports fall",
            "Kenya's tea exports fell in June, the board said.",
            url="https://example.com/tea",
        ),
    ]
    (root / "feed.jsonl").write_text("".join(lines), encoding="utf-8")
    return root
