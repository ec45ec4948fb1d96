"""The text of a page whose HTML holds none: a page rendered by script in the browser.

Such pages (Next.js and other single-page apps) ship the story as data, in a ``<script
type="application/json">`` (``__NEXT_DATA__``), or only as their meta description. Read only when
the page's markup gives no article text, so a page with text in its HTML is never read this way.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

from indexer.reading.html.text import clean_text

MIN_EMBEDDED_CHARS = 200  # the embedded paragraphs together: less is a teaser, not a story
MIN_DESCRIPTION_CHARS = 50
_MAX_JSON_CHARS = 2_000_000
_MAX_DEPTH = 40
_MIN_PARAGRAPH_CHARS = 60
_MIN_PARAGRAPH_WORDS = 8
_SENTENCE = re.compile(r"[.!?…][\"'”’)]?(?:\s|$)")
_TAGS = re.compile(r"<[^>]{0,500}>")
# Keys whose strings are not the story's text: teasers, captions, SEO and page furniture
# (a key's words, camelCase or snake_case: "seoDescription", "image_caption").
_NOT_BODY_WORDS = frozenset(
    "alt author authors bio byline dek headline link links menu meta nav seo title url".split()
)
_NOT_BODY_PREFIXES = (
    "descr", "summar", "teaser", "excerpt", "standfirst", "caption", "credit", "comment",
    "related", "recommend", "promo", "cookie", "consent", "footer", "legal",
)  # fmt: skip
_DESCRIPTION_KEYS = ("og:description", "description", "twitter:description")


def embedded_text(scripts: list[str]) -> str:
    """Return the story's paragraphs from a page's JSON data scripts, or "" when they hold no
    story: strings of 8+ words that read as sentences, in order, without repeats, under keys
    that are not captions, teasers or page furniture.

    >>> embedded_text(['{"props": {"story": {"blocks": [{"text": "%s"}], "caption": "%s"}}}'
    ...                % ("Rates were held at 4.5 percent, the bank said on Thursday. " * 4,
    ...                   "A man walks past the bank building in the rain on Thursday.")])[:40]
    'Rates were held at 4.5 percent, the bank'
    """
    paragraphs: list[str] = []
    seen: set[str] = set()
    budget = _MAX_JSON_CHARS
    for script in scripts:
        if len(script) > budget:
            break
        budget -= len(script)
        try:
            data = json.loads(script)
        except (ValueError, RecursionError):
            continue
        for text in _prose_strings(data, 0):
            if text not in seen:
                seen.add(text)
                paragraphs.append(text)
    body = "\n\n".join(paragraphs)
    return body if len(body) >= MIN_EMBEDDED_CHARS else ""


def description_text(metas: dict[str, str]) -> str:
    """Return the page's meta description when it is long enough to say what the story is."""
    for key in _DESCRIPTION_KEYS:
        text = clean_text(metas.get(key, ""))
        if len(text) >= MIN_DESCRIPTION_CHARS:
            return text
    return ""


def _prose_strings(value: object, depth: int, key: str = "") -> Iterator[str]:
    if depth > _MAX_DEPTH or (key and not _may_hold_body(key)):
        return
    if isinstance(value, dict):
        for name, item in value.items():
            yield from _prose_strings(item, depth + 1, str(name))
    elif isinstance(value, list):
        for item in value:
            yield from _prose_strings(item, depth + 1, key)
    elif isinstance(value, str) and len(value) >= _MIN_PARAGRAPH_CHARS:
        text = clean_text(_TAGS.sub(" ", value)) if "<" in value else clean_text(value)
        if _reads_as_prose(text):
            yield text


def _may_hold_body(key: str) -> bool:
    words = [w.lower() for w in re.findall(r"[a-z]+|[A-Z][a-z]*", key)]
    return not any(w in _NOT_BODY_WORDS or w.startswith(_NOT_BODY_PREFIXES) for w in words)


def _reads_as_prose(text: str) -> bool:
    if len(text) < _MIN_PARAGRAPH_CHARS or text.startswith(("http://", "https://", "{", "[")):
        return False
    words = text.split()
    if len(words) < _MIN_PARAGRAPH_WORDS or max(map(len, words)) > 60:
        return False
    return bool(_SENTENCE.search(text)) and sum(w[:1].isalpha() for w in words) >= len(words) / 2
