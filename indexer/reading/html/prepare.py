"""Slim a page down before the BeautifulSoup parse: JSON-LD kept aside, furniture cut out.

A first pass with lxml (C speed, the same libxml2 parser bs4 uses underneath) drops scripts,
styles, comments and elements that are never article text (nav, footer, aside, forms'
controls). News pages are half made of those, and BeautifulSoup's cost grows with the number
of elements, so the real parse becomes about twice as fast.
"""

from __future__ import annotations

from copy import deepcopy
from dataclasses import dataclass, field

import lxml.etree
import lxml.html
from bs4 import BeautifulSoup

# Bigger pages are cut: no real article page comes near it, and it bounds the parse time.
MAX_HTML_CHARS = 3_000_000
_DROPPED = (
    "script", "style", "noscript", "template", "svg", "math", "iframe", "object", "embed",
    "nav", "footer", "aside", "select", "button", "input", "textarea", "label", "dialog",
    "canvas", "video", "audio", "picture", "map",
)  # fmt: skip
_MAX_FOOTERS = 5  # story footers (and times in them) kept aside
_MAX_FOOTER_CHARS = 20_000
_PARSER = lxml.html.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True)


@dataclass
class PreparedHtml:
    """Page markup ready to parse, plus the JSON-LD script contents that were cut out of it."""

    html: str
    json_ld: list[str] = field(default_factory=list)
    footer_times: list[str] = field(default_factory=list)  # <time datetime> of story footers
    footer_html: str = ""  # the story's own footers ("Posted by ... on ..."), for the byline
    json_data: list[str] = field(default_factory=list)  # <script type="application/json">


def prepare_html(text: str) -> PreparedHtml:
    """Return the page without scripts, comments and page furniture; JSON-LD kept aside.

    >>> p = prepare_html('<p>a<script>x<y</script>b<!-- c --><nav>menu</nav></p>')
    >>> p.html
    '<html><body><p>ab</p></body></html>'
    """
    try:
        root = lxml.html.document_fromstring(text[:MAX_HTML_CHARS].encode("utf-8"), _PARSER)
    except (lxml.etree.ParserError, ValueError):
        return PreparedHtml("")
    scripts = [(str(s.get("type") or "").lower(), s.text or "") for s in root.iter("script")]
    json_ld = [text for kind, text in scripts if "ld+json" in kind]
    json_data = [text for kind, text in scripts if kind == "application/json"]
    # A story's own footer ("Posted on <time>", WordPress's entry-footer) dates it; the
    # footer goes, its times are kept aside. The site's footer (outside <article>) is not read.
    footers = [
        footer
        for footer in root.iter("footer")
        if any(parent.tag == "article" for parent in footer.iterancestors())
    ][:_MAX_FOOTERS]
    footer_times = [
        str(time.get("datetime"))
        for footer in footers
        for time in footer.iter("time")
        if time.get("datetime")
    ][:_MAX_FOOTERS]
    footer_html = "".join(map(_as_div, footers))
    lxml.etree.strip_elements(root, *_DROPPED, with_tail=False)
    markup = lxml.html.tostring(root, encoding="unicode")
    return PreparedHtml(markup, json_ld, footer_times, footer_html[:_MAX_FOOTER_CHARS], json_data)


def _as_div(footer: lxml.html.HtmlElement) -> str:
    """Return a footer's markup as a <div> (read on its own, it is not page furniture)."""
    copy = deepcopy(footer)
    copy.tag = "div"
    return str(lxml.html.tostring(copy, encoding="unicode"))


def parse_html(markup: str) -> BeautifulSoup:
    """Parse markup with BeautifulSoup and lxml; ``class`` stays one string (a faster parse)."""
    return BeautifulSoup(markup, "lxml", multi_valued_attributes=None)
