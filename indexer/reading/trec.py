"""One ``<DOC>`` story of a TREC-style SGML wire archive (AP, WSJ, FT, LA Times, Gigaword's
AFP/NYT/Xinhua) -> Article.

The tags differ by agency; the first one present wins:

- id: ``DOCNO`` (``AP880212-0001``), else the ``id`` attribute (``NYT_ENG_19940701.0001``);
- headline: ``HEADLINE``, ``HL``, ``HEAD``, ``TITLE``, ``TI``, ``H3`` (else the body's first
  words); byline: ``BYLINE``, ``BY``, ``AU``; source: ``SO``, ``SOURCE``, ``PUB``, else the
  id's agency (``NYT_ENG_...`` -> NYT);
- date: ``DATE``, ``DATE_TIME``, ``DATE1``, ``DD`` (written dates, ISO, ``910514``), else the
  one in the id (``AP880212``, ``WSJ870324``, ``LA010189`` month first, ``..._19940701``);
- body: ``TEXT`` (its ``<P>`` are paragraphs; without them, an indented line starts one), with
  the ``DATELINE`` before it as on the wire, so the country tagger reads it.
"""

from __future__ import annotations

import html
import re
from datetime import date

from indexer.article import Article, Skip, make_id
from indexer.reading.bylines import byline_name
from indexer.reading.dates import is_plausible, make_date, parse_date
from indexer.reading.reuters import first_words, reflow

_TITLE_TAGS = ("HEADLINE", "HL", "HEAD", "TITLE", "TI", "H3")
_AUTHOR_TAGS = ("BYLINE", "BY", "AU")
_SOURCE_TAGS = ("SO", "SOURCE", "PUB")
_DATE_TAGS = ("DATE", "DATE_TIME", "DATE1", "DD")
_ID_ATTR = re.compile(r"""\bid\s*=\s*["']([^"']{1,200})["']""", re.I)
_DOC_OPEN = re.compile(r"<DOC\b[^>]{0,500}>", re.I)
_TAG = re.compile(r"<[^>]{0,500}>")
_PARAGRAPH = re.compile(r"<P\b[^>]{0,200}>(.*?)(?=<P\b|</P>|$)", re.S | re.I)
_SIX_DIGITS = re.compile(r"^\s*(\d{2})(\d{2})(\d{2})\s*$")
_ID_DATE = re.compile(r"^[A-Za-z]{1,6}(\d{6})-|_(\d{8})\.")
_AGENCY = re.compile(r"^([A-Z]{2,5})_[A-Z]{3}_\d{8}")
_DASH_END = re.compile(r"[-–—]\s*$")


def extract_trec(story: str, rel_path: str, line: int | None = None) -> Article | Skip:
    """Build an article from the SGML text of one ``<DOC> ... </DOC>`` story."""
    opening = _DOC_OPEN.match(story.lstrip())
    attribute = _ID_ATTR.search(opening.group()) if opening else None
    doc_id = _text(_element(story, "DOCNO")) or (attribute.group(1).strip() if attribute else "")
    if not doc_id:
        return Skip(rel_path, "malformed SGML: <DOC> without a DOCNO or id", line)
    body = _body(_element(story, "TEXT") or "")
    dateline = _text(_element(story, "DATELINE"))
    if dateline and body:
        body = f"{dateline} {body}" if _DASH_END.search(dateline) else f"{dateline} - {body}"
    title = _first_text(story, _TITLE_TAGS)
    if not title and not body:
        return Skip(rel_path, f"no title and no text ({doc_id})", line)
    author = _first_text(story, _AUTHOR_TAGS)
    agency = _AGENCY.match(doc_id)
    return Article(
        id=make_id(doc_id),
        title=title or first_words(body),
        body=body,
        date=_date(story, doc_id),
        source=_first_text(story, _SOURCE_TAGS) or (agency.group(1) if agency else None),
        author=_name(author) if author else None,
        path=rel_path,
        provenance={"format": "trec-sgml"},
        source_meta={"docno": doc_id},
    )


def _element(story: str, tag: str) -> str | None:
    """Return the content of the first ``<TAG>``; one pass, whatever the story holds (a
    lazy regex retried at every unclosed tag would be quadratic on hostile input)."""
    opening = re.search(rf"<{tag}\b[^>]{{0,200}}>", story, re.I)
    if opening is None:
        return None
    closing = re.compile(rf"</{tag}>", re.I).search(story, opening.end())
    return story[opening.end() : closing.start()] if closing else None


def _text(sgml: str | None) -> str:
    return " ".join(html.unescape(_TAG.sub(" ", sgml)).split()) if sgml else ""


def _first_text(story: str, tags: tuple[str, ...]) -> str:
    for tag in tags:
        if text := _text(_element(story, tag)):
            return text
    return ""


def _body(sgml: str) -> str:
    paragraphs = [_text(p) for p in _PARAGRAPH.findall(sgml)]
    if any(paragraphs):
        return "\n\n".join(p for p in paragraphs if p)
    return reflow(html.unescape(_TAG.sub(" ", sgml)))


def _name(byline: str) -> str | None:
    """``"By EDITH M. LEDERER"`` -> ``"Edith M. Lederer"``."""
    name = byline_name(byline) or None
    return name.title() if name and name.isupper() else name


def _date(story: str, doc_id: str) -> str | None:
    for tag in _DATE_TAGS:
        text = _text(_element(story, tag))
        six = _SIX_DIGITS.match(text)
        found = _yymmdd(*six.groups()) if six else parse_date(text)
        if found and is_plausible(found):
            return found.isoformat()
    match = _ID_DATE.search(doc_id)
    if not match:
        return None
    if match.group(2):
        found = parse_date(match.group(2))
    else:
        digits = match.group(1)
        found = _yymmdd(digits[:2], digits[2:4], digits[4:]) or _yymmdd(
            digits[4:],
            digits[:2],
            digits[2:4],  # LA Times: month, day, year
        )
    return found.isoformat() if found and is_plausible(found) else None


def _yymmdd(year: str, month: str, day: str) -> date | None:
    """A two-digit year is 1950-2049."""
    full = int(year) + (1900 if int(year) >= 50 else 2000)
    return make_date(full, month, day)
