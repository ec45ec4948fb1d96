"""Which blocks of the chosen container are article paragraphs, and which are furniture.

Rules that need no page context: stock phrases ("Advertisement", "Read more"), photo credits,
datelines, a repeat of the headline, lists of links.
"""

from __future__ import annotations

import re

from indexer.reading.html.blocks import Block

MIN_PARAGRAPH_CHARS = 25
_STOCK_PHRASES = re.compile(
    r"^(advertisement|advertising|sponsored|share( this)?( article| story)?|share on \w+|tweet"
    r"|email|print|comments?|read more|see more|show more|load more|continue reading|click here"
    r"|sign up|subscribe( now)?|related( articles| stories| content)?|more from \w+"
    r"|(image|photo|picture|slide|video)( \d+( of \d+)?)?|advertisement \W+ .*"
    r"|getty images|(image|photo) (copyright|credit|source).*|skip to .*|follow us.*"
    r"|close|menu|search|loading\W*|story continues below.*|article continues below.*)\W*$",
    re.I,
)
# Short photo credit lines ("Natalie Naccache | Bloomberg | Getty Images", "(Image credit: NASA)").
_CREDIT = re.compile(
    r"getty images|shutterstock|\bap photo\b|\bafp\b|\breuters/|image credit|photo credit"
    r"|^\W*(photo|image|picture|credit|source|foto|bild)s?\s*:",
    re.I,
)
_MAX_CREDIT_CHARS = 100
_DATE_CUE = re.compile(
    r"\b(?:19|20)\d\d\b.*\b\d{1,2}:\d\d\b|\b\d{1,2}:\d\d\b.*\b(?:19|20)\d\d\b"
    r"|\b\d{1,2}[/.-]\d{1,2}[/.-](?:19|20)\d\d\b|\b(?:19|20)\d\d-\d\d-\d\d\b"
    r"|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.? \d{1,2},? (?:19|20)\d\d\b"
    r"|\b\d{1,2} (?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.? (?:19|20)\d\d\b",
    re.I,
)


def is_article_paragraph(block: Block, title_key: str) -> bool:
    """Tell whether a block of the chosen container is article text (``title_key``: the
    headline through ``compact``, so a repeated headline is dropped)."""
    text = block.text
    if block.tag == "h1" or _STOCK_PHRASES.match(text):
        return False
    if len(text) <= _MAX_CREDIT_CHARS and _CREDIT.search(text) and not text.endswith("."):
        return False
    if is_dateline(text) and not any(c.name == "blockquote" for c in block.containers):
        return False
    if title_key and len(text) < 300 and compact(text) == title_key:
        return False
    link_share = block.link_chars / len(text)
    if link_share > 0.9 or (link_share > 0.5 and len(text) - block.link_chars < 40):
        return False
    return not (block.tag in ("li", "td", "dd") and len(text) < 15)


def is_dateline(text: str) -> bool:
    """Tell a short "Published 19 Nov 2019 10:13" line from a sentence that has a date."""
    if len(text) > 100 or text.rstrip().endswith((".", "!", "?", '"', "”")):
        return False
    return _DATE_CUE.search(text) is not None


def compact(text: str) -> str:
    """Return the letters and digits of a text, case-folded (for equality tests)."""
    return re.sub(r"[\W_]+", "", text.casefold())
