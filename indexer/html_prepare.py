"""Cut scripts, styles, SVG and comments out of page text before parsing, keeping JSON-LD.

Inline scripts are often half of a news page; removing them with plain ``str.find`` scans
(linear, no backtracking regex) makes the BeautifulSoup parse several times faster.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# Bigger pages are cut: no real article page comes near it, and it bounds the parse time.
MAX_HTML_CHARS = 3_000_000
_RAW_TAGS = ("script", "style", "svg", "noscript", "template", "textarea", "iframe", "math")
_OPENER_RE = re.compile(r"<(!--|(?:" + "|".join(_RAW_TAGS) + r")\b)", re.I)
_OPEN_TAG_MAX = 4000


@dataclass
class PreparedHtml:
    """Page text ready to parse, plus the JSON-LD script contents that were cut out of it."""

    html: str
    json_ld: list[str] = field(default_factory=list)


def prepare_html(text: str) -> PreparedHtml:
    """Return the page without raw-text elements and comments; JSON-LD blocks are kept aside.

    >>> p = prepare_html('<p>a<script>x<y</script>b<!-- c --></p>')
    >>> p.html
    '<p>a b </p>'
    """
    lower = text.lower()
    parts: list[str] = []
    json_ld: list[str] = []
    pos = 0
    while True:
        match = _OPENER_RE.search(text, pos)
        if match is None:
            parts.append(text[pos:])
            break
        parts.append(text[pos : match.start()])
        name = match.group(1).lower()
        if name == "!--":
            end = lower.find("-->", match.end())
            pos = len(text) if end < 0 else end + 3
        else:
            pos = _skip_raw_element(text, lower, name, match, json_ld)
        parts.append(" ")
    html = "".join(parts)
    return PreparedHtml(html[:MAX_HTML_CHARS], json_ld)


def _skip_raw_element(
    text: str, lower: str, name: str, match: re.Match[str], json_ld: list[str]
) -> int:
    """Return the position after the element opened at ``match``; collect it if JSON-LD."""
    tag_end = lower.find(">", match.end(), match.end() + _OPEN_TAG_MAX)
    if tag_end < 0:
        return match.end()
    closer = lower.find("</" + name, tag_end)
    if closer < 0:
        return len(text)
    if name == "script" and "ld+json" in lower[match.end() : tag_end]:
        json_ld.append(text[tag_end + 1 : closer])
    close_end = lower.find(">", closer, closer + 100)
    return closer + len(name) + 2 if close_end < 0 else close_end + 1
