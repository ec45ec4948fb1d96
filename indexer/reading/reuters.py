"""One Reuters-21578 ``<REUTERS>`` story (SGML text) -> Article.

The collection's SGML is regular enough for regular expressions, which are an order of magnitude
faster than a parser here. Decisions:

- The id is ``reuters21578-<NEWID>``; source "Reuters"; the date comes from DATE
  (``26-FEB-1987 15:01:01.79`` -> ``1987-02-26``).
- The DATELINE (``SALVADOR, Feb 26 -``) opens the body, as on the wire: the body then reads
  naturally and the place name is there for the country tagger. It is also kept in
  ``source_meta["dateline"]``.
- Wire line breaks are reflowed: an indented line starts a paragraph, others join the one before.
- ``TYPE="BRIEF"`` stories (a headline and the placeholder "Blah blah blah.") are kept as
  title-only articles: a headline is news and is searchable. ``TYPE="UNPROC"`` stories (no
  TITLE/BODY markup, mostly tables) take their first line as the title and keep the rest
  verbatim.
- PLACES, TOPICS, PEOPLE, ORGS, EXCHANGES, the LEWISSPLIT and TOPICS attributes and NEWID go
  to ``source_meta`` (the taggers may use PLACES/TOPICS as hints).
"""

from __future__ import annotations

import html
import re
import textwrap

from indexer.article import Article, Skip

SOURCE = "Reuters"
_MONTHS = {m: i for i, m in enumerate("JAN FEB MAR APR MAY JUN JUL AUG SEP OCT NOV DEC".split(), 1)}
_ATTR = re.compile(r'(\w+)="([^"]*)"')
_OPEN_TAG = re.compile(r"<REUTERS([^>]*)>")
_DATE = re.compile(r"(\d{1,2})-([A-Za-z]{3})-(\d{4})")
_D_VALUES = re.compile(r"<D>(.*?)</D>", re.S)
_TEXT = re.compile(r"<TEXT([^>]*)>(.*?)</TEXT>", re.S)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_SIGNATURES = ("Reuter", "REUTER")  # the wire's sign-off (one length), last word of most bodies
_PLACEHOLDER_BODY = "Blah blah blah."
_LISTS = ("topics", "places", "people", "orgs", "exchanges")


def _element(story: str, tag: str) -> str | None:
    start = story.find(f"<{tag}>")
    if start < 0:
        return None
    start += len(tag) + 2
    end = story.find(f"</{tag}>", start)
    return story[start:end] if end >= 0 else story[start:]


def _unescape(text: str) -> str:
    """Resolve SGML entities and drop the wire's control characters (&#2;, &#3;, ...)."""
    return _CONTROL.sub("", html.unescape(text))


def _drop_signature(body: str) -> str:
    """Return the body without its closing "Reuter" sign-off, stripped of outer spaces.

    >>> [_drop_signature(body) for body in ("Oil rose.\\n Reuter\\n", "Ask Reuter", "Reuters")]
    ['Oil rose.', 'Ask', 'Reuters']
    """
    body = body.strip()
    if body.endswith(_SIGNATURES):
        head = body[: -len(_SIGNATURES[0])]
        if not head or not (head[-1].isalnum() or head[-1] == "_"):  # a whole word
            return head.strip()
    return body


def extract_reuters(story: str, rel_path: str, line: int | None = None) -> Article | Skip:
    """Build an article from the SGML text of one ``<REUTERS ...> ... </REUTERS>`` story."""
    opening = _OPEN_TAG.match(story)
    attrs = dict(_ATTR.findall(opening.group(1))) if opening else {}
    newid = attrs.get("NEWID", "").strip()
    if not newid.isdigit():
        return Skip(rel_path, "malformed SGML: story without a NEWID", line)
    text_match = _TEXT.search(story)
    text_type = dict(_ATTR.findall(text_match.group(1))).get("TYPE", "") if text_match else ""
    text = text_match.group(2) if text_match else ""
    title = " ".join(_unescape(_element(text, "TITLE") or "").split())
    dateline = " ".join(_unescape(_element(text, "DATELINE") or "").split())
    body_sgml = _element(text, "BODY")
    if body_sgml is not None:
        body = reflow(_unescape(body_sgml))
    elif title:
        body = ""  # a brief: the headline is the story
    else:
        title, body = _unprocessed(_unescape(text))
    body = _drop_signature(body)
    if body == _PLACEHOLDER_BODY:
        body = ""
    if dateline and body:
        body = f"{dateline} {body}"
    if not title and not body:
        return Skip(rel_path, f"no title and no text (NEWID {newid})", line)
    return Article(
        id=f"reuters21578-{newid}",
        title=title or first_words(body),
        body=body,
        date=_iso_date(_element(story, "DATE") or ""),
        source=SOURCE,
        author=_author(_element(text, "AUTHOR")),
        path=rel_path,
        provenance={"format": "reuters21578-sgml" + (f" {text_type.lower()}" if text_type else "")},
        source_meta=_source_meta(story, attrs, dateline),
    )


def _source_meta(story: str, attrs: dict[str, str], dateline: str) -> dict[str, object]:
    meta: dict[str, object] = {
        "newid": int(attrs["NEWID"]),
        "lewissplit": attrs.get("LEWISSPLIT"),
        "topics_attr": attrs.get("TOPICS"),
    }
    for name in _LISTS:
        element = _element(story, name.upper()) or ""
        values = [_unescape(v).strip() for v in _D_VALUES.findall(element)]
        if values or name in ("topics", "places"):
            meta[name] = values
    if dateline:
        meta["dateline"] = dateline.rstrip(" -")
    return meta


def reflow(text: str) -> str:
    """Join the wire's hard-wrapped lines; an indented line starts a new paragraph."""
    paragraphs: list[list[str]] = []
    for raw_line in text.splitlines():
        line = raw_line.strip()
        if not line:
            paragraphs.append([])
        elif raw_line[:1].isspace() or not paragraphs:
            paragraphs.append([line])
        else:
            paragraphs[-1].append(line)
    return "\n\n".join(" ".join(lines) for lines in paragraphs if lines)


def _unprocessed(text: str) -> tuple[str, str]:
    """Title and body of an UNPROC story: the first line, then the rest as printed."""
    lines = [line.rstrip() for line in text.strip().splitlines()]
    lines = [line for line in lines if line.strip()]
    if not lines:
        return "", ""
    return " ".join(lines[0].split()), textwrap.dedent("\n".join(lines[1:]))


def first_words(text: str, limit: int = 80) -> str:
    first = " ".join(text.split())[:limit]
    return first.rsplit(" ", 1)[0] if len(first) == limit else first


def _author(raw: str | None) -> str | None:
    """``"    by Janie Gabbett, Reuters"`` -> ``"Janie Gabbett"``."""
    if not raw:
        return None
    name = " ".join(_unescape(raw).split())
    name = re.sub(r"^by\s+", "", name, flags=re.I)
    name = re.sub(r",\s*Reuters?$", "", name, flags=re.I).strip(" ,")
    return name or None


def _iso_date(raw: str) -> str | None:
    match = _DATE.search(raw)
    if not match or match.group(2).upper() not in _MONTHS:
        return None
    day, month, year = int(match.group(1)), _MONTHS[match.group(2).upper()], match.group(3)
    return f"{year}-{month:02d}-{day:02d}" if 1 <= day <= 31 else None
