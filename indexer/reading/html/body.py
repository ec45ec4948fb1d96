"""The article body of a page: pick the container that holds the text, keep its real paragraphs.

Readability-style scoring: every paragraph-like block votes for the block-level elements around
it (its parent fully, grandparent half, further ancestors less), weighted by commas and length;
a container's score is then cut by its link density and nudged by class/id hints. Sibling
containers that look like more of the same article (same parent, or same tag and classes)
join the winner. Inside, blocks under boilerplate-marked elements and nested teaser cards are
dropped, then ``html_paragraphs`` rules out link lists, credits, datelines and stock phrases.
The publisher's own JSON-LD ``articleBody`` replaces the result when it is about as long
(so not truncated) and not a single blob where the page has paragraphs.
"""

from __future__ import annotations

import html
import re
from collections import defaultdict
from dataclasses import dataclass, field

from bs4 import BeautifulSoup, Tag

from indexer.reading.html.blocks import Block, class_words, is_boilerplate, iter_blocks
from indexer.reading.html.paragraphs import (
    MIN_PARAGRAPH_CHARS,
    compact,
    is_article_paragraph,
    is_dateline,
)
from indexer.reading.html.prepare import parse_html
from indexer.reading.html.text import clean_text

_PARAGRAPH_TAGS = frozenset("p pre blockquote h2 h3 h4 h5 h6 li dd td".split())
_POSITIVE = re.compile(
    r"article|body|content|entry|main|post|story|text|blog|prose|rich-?text|page|news", re.I
)
_MAX_DATELINES = 5
# Less visible text than this and hidden elements are read too (see iter_blocks).
_MIN_VISIBLE_CHARS = 200
# The JSON-LD text replaces the page's when it is at least this share of it (or more).
_JSON_LD_MIN_SHARE = 0.8


@dataclass
class Body:
    """The article text, where it came from, and short dated lines seen on the page."""

    text: str
    source: str
    datelines: list[str] = field(default_factory=list)


def extract_body(soup: BeautifulSoup, json_ld_body: str = "", title: str = "") -> Body:
    """Return the article text (paragraphs joined by blank lines) and how it was found."""
    blocks = iter_blocks(soup)
    datelines = [b.text for b in blocks if is_dateline(b.text)][:_MAX_DATELINES]
    dom_body = _body_from_blocks(blocks, compact(title))
    if len(dom_body) < _MIN_VISIBLE_CHARS:
        dom_body = max(
            dom_body, _body_from_blocks(iter_blocks(soup, False), compact(title)), key=len
        )
    publisher_body = json_ld_text(json_ld_body) if json_ld_body else ""
    if _prefer_publisher(publisher_body, dom_body):
        return Body(publisher_body, "json-ld articleBody", datelines)
    return Body(dom_body, "dom", datelines)


def _prefer_publisher(publisher_body: str, dom_body: str) -> bool:
    """Tell whether the JSON-LD text should replace the page's: not truncated, and not one
    unbroken blob where the page has the same text in paragraphs."""
    if len(publisher_body) < _JSON_LD_MIN_SHARE * len(dom_body):
        return False
    blob = "\n" not in publisher_body and dom_body.count("\n\n") >= 2
    return not (blob and len(dom_body) >= _JSON_LD_MIN_SHARE * len(publisher_body))


def json_ld_text(raw: str) -> str:
    """Return plain paragraphs from a JSON-LD articleBody, which may carry (escaped) HTML.

    >>> json_ld_text("&lt;p&gt;One &amp;amp; two&lt;/p&gt;<p>Three</p>")
    'One & two\\n\\nThree'
    """
    text = html.unescape(raw) if "&lt;" in raw else raw
    if "<" not in text:
        return clean_text(text)
    blocks = iter_blocks(parse_html(text))
    return "\n\n".join(clean_text(b.text) for b in blocks if b.text.strip())


def _body_from_blocks(blocks: list[Block], title_key: str) -> str:
    tags, scores = _score_containers(blocks)
    if not scores:
        return "\n\n".join(b.text for b in blocks if _keep_loose(b))
    best = tags[max(scores, key=scores.__getitem__)]
    chosen = _with_siblings(best, scores) | _same_kind(best, tags, scores)
    inside = [b for b in blocks if any(id(c) in chosen for c in b.containers)]
    # Boilerplate marks on the winners or above them do not count (some sites mark whole pages),
    # nor do marks on a wrapper holding most of the text ("meta_field" around a post body).
    # Chunks found elsewhere get no such pass: a teaser box may reuse the story's classes.
    allowed = set(chosen) | _wrappers(inside) | {id(tag) for tag in best.parents}
    teasers = _teaser_cards(best, inside)
    kept = [
        b.text
        for b in inside
        if all(id(t) in allowed for t in b.boilers)
        and not any(id(c) in teasers for c in b.containers)
        and is_article_paragraph(b, title_key)
    ]
    return "\n\n".join(kept)


def _same_kind(best: Tag, tags: dict[int, Tag], scores: dict[int, float]) -> set[int]:
    """Return ids of scored containers of the winner's tag and classes, outside the winner.

    Many sites cut one story into several same-class chunks around pictures and ads.
    """
    words = class_words(best)
    if not words:
        return set()
    ancestors = {id(tag) for tag in best.parents}
    return {
        key
        for key, tag in tags.items()
        if tag.name == best.name
        and key not in ancestors
        and scores[key] > 0
        and class_words(tag) == words
    }


def _teaser_cards(best: Tag, blocks: list[Block]) -> set[int]:
    """Return ids of <article> cards nested in the chosen text (related stories), if the
    text has a part of its own outside them."""
    cards = {
        id(c): c for b in blocks for c in b.containers if c.name == "article" and c is not best
    }
    cards = {key: tag for key, tag in cards.items() if best in tag.parents}
    if len(cards) < 2:
        return set()
    outside = sum(len(b.text) for b in blocks if not any(id(c) in cards for c in b.containers))
    return set(cards) if outside >= MIN_PARAGRAPH_CHARS * 4 else set()


def _wrappers(blocks: list[Block]) -> set[int]:
    """Return ids of boilerplate-marked elements that hold over half of the blocks' text."""
    total = sum(len(b.text) for b in blocks)
    held: dict[int, int] = defaultdict(int)
    for block in blocks:
        for tag in block.boilers:
            held[id(tag)] += len(block.text)
    return {key for key, chars in held.items() if chars > total / 2}


def _score_containers(blocks: list[Block]) -> tuple[dict[int, Tag], dict[int, float]]:
    """Return candidate containers by id and their final scores (only those that got votes).

    Keys are ``id(tag)``: bs4 hashes a Tag by serialising it, far too slow here.
    """
    tags: dict[int, Tag] = {}
    votes: dict[int, float] = defaultdict(float)
    chars: dict[int, int] = defaultdict(int)
    link_chars: dict[int, int] = defaultdict(int)
    for block in blocks:
        length = len(block.text)
        for tag in block.containers:
            chars[id(tag)] += length
            link_chars[id(tag)] += block.link_chars
        if length < MIN_PARAGRAPH_CHARS or block.link_chars > length / 2:
            continue
        score = 1 + block.text.count(",") + min(length / 100, 3)
        voters = block.containers[:-1] if block.tag in _PARAGRAPH_TAGS else block.containers
        for level, tag in enumerate(reversed(voters[-5:])):
            tags[id(tag)] = tag
            votes[id(tag)] += score / (1 if level == 0 else 2 if level == 1 else level * 3)
    final: dict[int, float] = {}
    for key, vote in votes.items():
        density = link_chars[key] / chars[key] if chars[key] else 0.0
        final[key] = vote * (1 - density) + _class_weight(tags[key])
    return tags, final


def _class_weight(tag: Tag) -> float:
    weight = 0.0
    if tag.name in ("article", "main"):
        weight += 10
    words = class_words(tag)
    if words and _POSITIVE.search(words):
        weight += 25
    if is_boilerplate(tag):
        weight -= 25
    return weight


def _with_siblings(best: Tag, scores: dict[int, float]) -> set[int]:
    """Return ids of the winner and its siblings that score like part of the same article."""
    chosen = {id(best)}
    parent = best.parent
    if parent is None:
        return chosen
    threshold = max(10.0, scores[id(best)] * 0.2)
    best_words = class_words(best)
    for sibling in parent.find_all(True, recursive=False):
        if sibling is best:
            continue
        score = scores.get(id(sibling))
        same_class = bool(best_words) and class_words(sibling) == best_words
        if score is not None and (score >= threshold or (same_class and score > 0)):
            chosen.add(id(sibling))
    return chosen


def _keep_loose(block: Block) -> bool:
    return len(block.text) >= MIN_PARAGRAPH_CHARS and block.link_chars < len(block.text) / 3
