"""Text of a page's markup: entities unescaped, tags dropped, spaces squeezed."""

from __future__ import annotations

import html
import re

_TAG_RE = re.compile(r"<[^>]{0,500}>")
_SPACE_RE = re.compile(r"\s+")


def clean_text(text: str) -> str:
    """Unescape entities, drop tags and squeeze runs of spaces (keeps blank-line breaks)."""
    if "<" in text:
        text = _TAG_RE.sub(" ", text)
    for _ in range(2):  # some publishers escape twice ("&amp;quot;")
        if "&" in text:
            text = html.unescape(text)
    paragraphs = (_SPACE_RE.sub(" ", p).strip() for p in re.split(r"\n\s*\n|\r\n\s*\r\n", text))
    return "\n\n".join(p for p in paragraphs if p)
