"""A news page saved as plain text -> Article: headline, body, minus caption and site furniture.

Two shapes are common and handled by the same rules:

- a scraped page: a photo caption line, the headline, the body paragraphs (maybe with an inline
  "See also ..." link line), then the site's furniture: "Discover more from <site>",
  "Subscribe ...", "Leave a Reply", "Your email address will not be published ...";
- a clean article (the BBC corpus): the headline on the first line, a blank line, the body.

Rules, by shape rather than by sentence:

- Paragraphs are separated by blank lines (a file without blank lines: one paragraph a line).
- The first paragraph is a *caption* when it reads like a sentence (ends with ``.``, or is
  long) and the paragraph after it reads like a headline (one short line without a final
  period). The caption is dropped from the body and kept in ``source_meta["caption"]``.
- Trailing paragraphs that match furniture patterns (subscription, comment form, share and
  follow prompts, copyright, tags, related links) are cut; "See also"/"Read more" link lines are
  removed wherever they are. "Discover more from <site>" gives the article's ``source``.
"""

from __future__ import annotations

import re

from indexer.article import Article, Skip, make_id
from indexer.reading.encoding import decode_bytes
from indexer.reading.plain_header import Header, read_about_lines, read_fields

MAX_HEADLINE_CHARS = 200
# "... on Tuesday. The ...", not "Mr. Smith" or "U.S. Fed": a word ends a sentence
_TWO_SENTENCES = re.compile(r"[a-z]{3}[.!?][\"'”’)]?\s+[\"'“‘]?[A-Z]")
_HEADLINE_WORDS = 40
_LONGEST_HEADLINE_SENTENCE = 15  # words: a longer paragraph ending in "." is a lead
# A lead's wire dateline: "LONDON (Reuters) - ", "WASHINGTON, Oct 5 (AP) — ", "PARIS — "
_WIRE_DATELINE = re.compile(
    r"^[A-Z][A-Z .'-]{1,40}(?:,\s*[A-Z][\w.]*(?:\s+\d{1,2})?)?\s*(?:\([^)]{2,30}\))?\s*[-–—]{1,2}\s"
)
_FURNITURE_WORDS = 40
_FURNITURE = re.compile(
    r"""^(
      discover\s+more\s+from\b | subscribe\b | sign\s+up\b | get\s+the\s+latest\b
    | leave\s+a\s+(reply|comment) | post\s+a\s+comment | \d*\s*comments?\b | reply$
    | your\s+email\s+address\s+will\s+not | required\s+fields\s+are\s+marked
    | (share|like|print|email)(\s+this)?(\s+(article|story|post|page))?\s*:?$
    | share\s+(on|via)\b | loading\.*$ | type\s+your\s+email\b | follow\s+us\b
    | related(\s+(posts|articles|stories|news))?\s*:?$ | you\s+(may|might)\s+also\s+like
    | (see|read)\s+(also|more)\b | also\s+read\b | more\s+from\b | recommended\b
    | continue\s+reading\b | click\s+here\b | advertisement$ | sponsored\b
    | tags?\s*: | filed\s+under\b | posted\s+in\b | categor(y|ies)\s*:
    | copyright\b | ©|\(c\)\s*\d{4} | all\s+rights\s+reserved
    | previous\s+(post|article) | next\s+(post|article) | about\s+the\s+author\b
    )""",
    re.I | re.X,
)
_INLINE_LINK = re.compile(r"^((see|read)\s+(also|more)|also\s+read|related)\b\s*:?", re.I)
_SITE = re.compile(r"^discover\s+more\s+from\s+(.+?)(\s+[|–—-]\s+.*)?$", re.I)
_PHOTO_CREDIT = re.compile(r"\b(photo|image|picture|credit|file photo)\s*:|\(photo\b", re.I)
_MIN_PROSE_WORDS = 5
_MAX_ABOUT_PARAGRAPHS = 3  # byline, date and place lines that open a body
_MIN_PROSE_SHARE = 0.5
_WORD = re.compile(r"[^\W\d_][^\W\d_'’.-]*[.,;:!?\"”)]*$")


def extract_text(data: bytes, rel_path: str) -> Article | Skip:
    """Extract one article from the bytes of a ``.txt`` file."""
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return Skip(rel_path, "binary data, not text")
    text, encoding = decode_bytes(data)
    paragraphs = split_paragraphs(text)
    if not paragraphs:
        return Skip(rel_path, "empty file" if not text.strip() else "no text")
    paragraphs, source = _cut_furniture(paragraphs)
    header = Header()
    paragraphs = read_fields(paragraphs, header)
    caption = None
    if header.title is not None:  # a "Title:" field: every paragraph is the body
        title, body_paragraphs = header.title, paragraphs
    else:
        paragraphs, caption = _cut_caption(paragraphs)
        if not paragraphs:
            return Skip(rel_path, "no article text (only site furniture)")
        title, body_paragraphs = _title_and_body(_headline_lines_read(paragraphs, header))
    body_paragraphs = _about_paragraphs_read(body_paragraphs, header)
    body = "\n\n".join(body_paragraphs)
    if not any(len(p.split()) >= _MIN_PROSE_WORDS for p in [title, *body.splitlines()]):
        return Skip(rel_path, "no prose (a word list or table, not an article)")
    if prose_share(body) < _MIN_PROSE_SHARE:
        return Skip(rel_path, "mostly data or code lines, not an article")
    provenance = {"title": "first paragraph" if caption is None else "paragraph after caption"}
    provenance["encoding"] = encoding
    if source:
        provenance["source"] = "txt: 'Discover more from' line"
    provenance.update(header.found)
    return Article(
        id=make_id(rel_path),
        title=title,
        body=body,
        url=header.url,
        date=header.date,
        source=header.source or source,
        author=header.author,
        path=rel_path,
        provenance=provenance,
        source_meta={"caption": caption} if caption else {},
    )


def split_paragraphs(text: str) -> list[str]:
    """Split on blank lines; a text without any blank line has one paragraph per line."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    blocks = re.split(r"\n[ \t]*\n", text)
    if len(blocks) == 1:
        blocks = text.split("\n")
    return [p for p in (_tidy(b) for b in blocks) if p]


def _tidy(block: str) -> str:
    lines = [" ".join(line.split()) for line in block.split("\n")]
    return "\n".join(line for line in lines if line)


def _cut_furniture(paragraphs: list[str]) -> tuple[list[str], str | None]:
    """Drop trailing furniture and inline link lines; return what is left and the site name."""
    source = None
    end = len(paragraphs)
    while end > 1 and _is_furniture(paragraphs[end - 1]):
        end -= 1
        site = _SITE.match(paragraphs[end])
        if site:
            source = site.group(1).strip()
    kept = []
    for paragraph in paragraphs[:end]:
        lines = [line for line in paragraph.split("\n") if not _is_inline_link(line)]
        if lines:
            kept.append("\n".join(lines))
    return kept, source


def _is_furniture(paragraph: str) -> bool:
    return len(paragraph.split()) <= _FURNITURE_WORDS and bool(_FURNITURE.match(paragraph))


def _is_inline_link(line: str) -> bool:
    return len(line.split()) <= _FURNITURE_WORDS and bool(_INLINE_LINK.match(line))


def _cut_caption(paragraphs: list[str]) -> tuple[list[str], str | None]:
    if len(paragraphs) < 3:
        return paragraphs, None
    first, second = paragraphs[0], paragraphs[1]
    if _looks_like_caption(first) and looks_like_headline(second) and len(first) > len(second):
        return paragraphs[1:], first
    return paragraphs, None


def _looks_like_caption(paragraph: str) -> bool:
    text = paragraph.rstrip("\"'”’)")
    if text.endswith(".") or len(paragraph) > MAX_HEADLINE_CHARS:
        return True
    return bool(_PHOTO_CREDIT.search(text))


def looks_like_headline(paragraph: str) -> bool:
    """One short line that does not end like a sentence."""
    return (
        "\n" not in paragraph
        and len(paragraph) <= MAX_HEADLINE_CHARS
        and len(paragraph.split()) <= _HEADLINE_WORDS
        and not paragraph.rstrip("\"'”’)").endswith(".")
    )


def _headline_lines_read(paragraphs: list[str], header: Header) -> list[str]:
    """Read a byline and a date from the lines under a headline in the first paragraph
    ("Floods hit Valencia / By Maria Lopez / October 29, 2024")."""
    lines = paragraphs[0].split("\n") if paragraphs else []
    if len(lines) < 2 or not looks_like_headline(lines[0]):
        return paragraphs
    rest = read_about_lines(lines[1:], header)
    if len(rest) == len(lines) - 1:
        return paragraphs
    return ["\n".join([lines[0], *rest]), *paragraphs[1:]]


def _about_paragraphs_read(paragraphs: list[str], header: Header) -> list[str]:
    """Read a byline and a date from the one-line paragraphs that open the body."""
    start = 0
    while start < min(len(paragraphs) - 1, _MAX_ABOUT_PARAGRAPHS):
        if "\n" in paragraphs[start] or read_about_lines([paragraphs[start]], header):
            break
        start += 1
    return paragraphs[start:]


def _title_and_body(paragraphs: list[str]) -> tuple[str, list[str]]:
    """Return the headline and the body's paragraphs. A text that starts with its lead (a
    paragraph of prose, or a line cut mid-sentence that the next line carries on) has no
    headline: its title is the lead's start and the body keeps the whole lead (a headline that
    repeats the lead is then scored once: ``indexer.headline``)."""
    first, rest = paragraphs[0], paragraphs[1:]
    if "\n" in first and not rest:  # lines without a blank line between them
        head, tail = first.split("\n", 1)
        if not _continues(head, tail):
            return head, [tail]
    elif not rest and looks_like_headline(first):
        return first, []
    elif rest and _headline_like(first) and not _continues(first, rest[0]):
        return " ".join(first.split("\n")), rest
    lead = " ".join(first.split("\n"))
    return _shorten(_WIRE_DATELINE.sub("", lead, count=1)), [lead, *rest]


def _headline_like(paragraph: str) -> bool:
    """Short enough for a headline (perhaps over two lines), and not two sentences."""
    text = " ".join(paragraph.split("\n"))
    return (
        len(text) <= MAX_HEADLINE_CHARS
        and len(text.split()) <= _HEADLINE_WORDS
        and not _TWO_SENTENCES.search(text)
        and not (_ends_sentence(text) and _WIRE_DATELINE.match(text))
        and not (_ends_sentence(text) and len(text.split()) > _LONGEST_HEADLINE_SENTENCE)
    )


def _ends_sentence(text: str) -> bool:
    return text.rstrip("\"'”’)").endswith(".")


def _continues(line: str, following: str) -> bool:
    """Return True when ``following`` carries on the sentence ``line`` started (a line of a
    wrapped paragraph): it starts in lower case, and ``line`` does not end a sentence."""
    starts_lower = following[:1].islower() and not following.startswith(("by ", "via "))
    return starts_lower and not line.rstrip("\"'”’)").endswith((".", "!", "?", ":"))


def _shorten(text: str, limit: int = 100) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0] + "…"


def prose_share(text: str) -> float:
    """Return the share of the text's words that sit in lines of running prose.

    A prose line has at least five words and mostly plain words (letters, maybe closing
    punctuation); data dumps, code and tables score low.

    >>> prose_share("Oil prices rose sharply on Monday in London.")
    1.0
    >>> prose_share('pop("Aruba", 64052). pop("Chad", 5350971). pop("Peru", 1).')
    0.0
    """
    total = in_prose = 0
    for line in text.splitlines():
        words = line.split()
        total += len(words)
        if len(words) >= _MIN_PROSE_WORDS:
            plain = sum(1 for word in words if _WORD.match(word))
            if plain >= 0.7 * len(words):
                in_prose += len(words)
    return in_prose / total if total else 0.0
