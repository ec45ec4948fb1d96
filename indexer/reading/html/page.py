"""One saved news page (raw bytes) -> one Article: headline, body, date, author, source, url.

The stages: sniff the charset and decode (``encoding.decode_bytes``); slim the page with an
lxml pass that keeps the JSON-LD aside and drops scripts, comments and page furniture
(``html_prepare``); parse with BeautifulSoup/lxml; then read the metadata (``html_meta``),
the body (``html_body`` over ``html_blocks``/``html_paragraphs``) and the date (``html_dates``).
Every step records where its value came from in ``Article.provenance``; bad input gives a
``Skip`` with a reason, never an exception.
"""

from __future__ import annotations

import codecs
import re
import zlib

import lxml.etree

from indexer.article import Article, Skip, make_id
from indexer.reading.encoding import decode_bytes
from indexer.reading.html.authors import find_author
from indexer.reading.html.body import Body, extract_body
from indexer.reading.html.dates import find_date
from indexer.reading.html.fallback import description_text, embedded_text
from indexer.reading.html.meta import PageMeta, read_meta
from indexer.reading.html.prepare import parse_html, prepare_html

# No article page comes near this; the cap keeps a huge file from stalling a rebuild.
MAX_INPUT_BYTES = 8_000_000
_GZIP_MAGIC = b"\x1f\x8b"
_CHARSET_RE = re.compile(
    rb"""<meta[^>]{0,300}?charset\s*=\s*["']?\s*([A-Za-z0-9_:.\-]{1,40})""", re.I
)
_XML_ENCODING_RE = re.compile(rb"""^<\?xml[^>]{0,200}?encoding\s*=\s*["']([A-Za-z0-9_.\-]{1,40})""")
_MIN_BODY_CHARS = 40
_NOT_PAGE_ENCODINGS = frozenset(
    "utf-16 utf-16-le utf-16-be utf-32 utf-32-le utf-32-be unicode-escape raw-unicode-escape "
    "idna punycode utf-7".split()
)
# Bytes that never appear in text: C0 controls other than tab, newline, form feed and return.
_CONTROL_BYTES = bytes([*range(0, 9), 11, *range(14, 32)])


def extract_html(data: bytes, rel_path: str) -> Article | Skip:
    """Extract one article from the raw bytes of an HTML page (already gunzipped by the reader).

    Args:
        data: the page as stored on disk.
        rel_path: path relative to the corpus root; gives ``Article.path`` and ``Article.id``.
    """
    unzipped = _gunzip_if_needed(data)
    if unzipped is None:
        return Skip(rel_path, "not HTML (unreadable gzip data)")
    data = unzipped
    if _looks_binary(data):
        return Skip(rel_path, "not HTML (binary data)")
    text, encoding = decode_bytes(data[:MAX_INPUT_BYTES], sniff_charset(data))
    if "<" not in text:
        return Skip(rel_path, "not HTML (no markup)")
    try:
        return _extract_text(text, encoding, rel_path)
    except (RecursionError, lxml.etree.LxmlError) as error:  # pathological markup, not a bug
        return Skip(rel_path, f"HTML could not be parsed ({type(error).__name__})")


def _extract_text(text: str, encoding: str, rel_path: str) -> Article | Skip:
    prepared = prepare_html(text)
    soup = parse_html(prepared.html)
    meta = read_meta(soup, prepared.json_ld)
    if meta.author is None and prepared.footer_html:  # "Posted by Jane Doe" under the story
        meta.author, where = find_author(parse_html(prepared.footer_html), {})
        if where:
            meta.provenance["author"] = f"{where} (story footer)"
    body = extract_body(soup, meta.json_ld_body, meta.title)
    if len(body.text) < _MIN_BODY_CHARS:
        body = _script_page_body(prepared.json_data, meta, body)
    if len(body.text) < _MIN_BODY_CHARS:
        return Skip(rel_path, "no article text found")
    title, title_source = _title_or_first_line(meta, body.text)
    date, date_source = find_date(soup, meta, body.text, body.datelines, prepared.footer_times)
    provenance = {"title": title_source, "body": body.source, "encoding": encoding}
    provenance.update(meta.provenance)
    if date_source:
        provenance["date"] = date_source
    return Article(
        id=make_id(rel_path),
        title=title,
        body=body.text,
        url=meta.url,
        date=date,
        source=meta.source,
        author=meta.author,
        path=rel_path,
        provenance=provenance,
    )


def sniff_charset(data: bytes) -> str | None:
    """Return the charset a page declares in its first 2 KB (meta or XML declaration), if any.

    >>> sniff_charset(b'<html><head><meta charset="ISO-8859-1">')
    'ISO-8859-1'
    """
    head = data[:2048]
    match = _CHARSET_RE.search(head) or _XML_ENCODING_RE.search(head)
    if not match:
        return None
    name = match.group(1).decode("ascii", "ignore")
    try:
        codec = codecs.lookup(name)
    except LookupError:
        return None
    # Only real page encodings: not "base64" or "unicode_escape", and not UTF-16/32, which a
    # page without a BOM cannot be (WHATWG rule).
    if not getattr(codec, "_is_text_encoding", True) or codec.name in _NOT_PAGE_ENCODINGS:
        return None
    return name


def _gunzip_if_needed(data: bytes) -> bytes | None:
    if not data.startswith(_GZIP_MAGIC):
        return data
    try:
        inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
        return inflater.decompress(data, MAX_INPUT_BYTES)
    except zlib.error:
        return None


def _looks_binary(data: bytes) -> bool:
    head = data[:8192]
    if head.startswith((b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf")):
        return False
    if not head.strip():
        return False
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
    return controls > len(head) * 0.02


def _script_page_body(json_data: list[str], meta: PageMeta, body: Body) -> Body:
    """Return the text of a page rendered by script: its JSON data, else its description."""
    if text := embedded_text(json_data):
        return Body(text, "embedded JSON data (a page rendered by script)", body.datelines)
    if meta.title and (text := description_text(meta.metas)):
        return Body(text, "meta description (the page's HTML holds no article text)", [])
    return body


def _title_or_first_line(meta: PageMeta, body: str) -> tuple[str, str]:
    if meta.title:
        return meta.title, meta.title_source
    first = body.split("\n", 1)[0].strip()
    return (first[:120].rsplit(" ", 1)[0] if len(first) > 120 else first), "first line"
