"""Cut a parsed page into text blocks: the paragraphs a reader sees, each with its ancestry.

One walk over the tree (an explicit stack, so deep pages cannot overflow Python's recursion)
yields ``Block``s: the text of one block-level element, how much of it is link text, the
block-level elements around it (the candidate containers of ``html_body``), and the elements
around it whose class or id says "boilerplate" (share bar, newsletter box, related links...).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bs4 import BeautifulSoup, NavigableString, Tag
from bs4.element import Comment, Declaration, Doctype, ProcessingInstruction

BLOCK_TAGS = frozenset(
    "p div h1 h2 h3 h4 h5 h6 li ul ol dl dt dd blockquote pre table tbody thead tr td th "
    "section article main body header address center figure figcaption details summary "
    "hr form fieldset caption".split()
)
# Never article text, whatever their class says.
SKIP_TAGS = frozenset(
    "nav footer aside button select option input label head title meta link style script "
    "noscript iframe svg canvas video audio object embed map area dialog menu picture "
    "template source track img figcaption".split()
)
_CELL_BLOCKS = frozenset("p div table ul ol br h1 h2 h3 h4 h5 h6 blockquote".split())
_NOT_TEXT = (Comment, Declaration, Doctype, ProcessingInstruction)
# Class/id words of page furniture. Matched as words of the attribute, so "ad" is not "head".
_BOILER_WORDS = re.compile(
    r"(?:^|[\s_-])(?:ad|ads|adv|advert\w*|nav|navbar|navigation|menu|share|sharing|shares|social"
    r"|sns|tags?|tagged|taglist|topics-list|footer|masthead|breadcrumbs?|sidebar|rail|widget"
    r"|related|recommend\w*|promo\w*|newsletter\w*|subscri\w+|signup|sign-up|cookies?|consent"
    r"|gdpr|comments?|disqus|comment-\w+|popular|trending|most-?read|mostpopular|outbrain"
    r"|taboola|sponsor\w*|paywall|modal|popup|overlay|toolbar|byline|author\w*|caption|credits?"
    r"|more-stories|read-?more|readnext|next-?up|see-?also|also-?read|skip|visually-hidden"
    r"|sr-only|print-only|rollover|tooltip|popover|hovercard|dropdown|dateline|timestamp|meta|subscribe|newsletter|tools|utility|login)"
    r"(?=$|[\s_-])",
    re.I,
)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
# Whole class names (not words of them) that hide an element: "hidden-xs" still shows on desktop.
_HIDDEN_CLASSES = frozenset(
    "hidden d-none is-hidden visually-hidden sr-only screen-reader-text invisible hide".split()
)
_SPACE = re.compile(r"\s+")


@dataclass(eq=False)
class Block:
    """The text of one block-level element, as the reader sees it."""

    text: str
    link_chars: int
    tag: str
    containers: tuple[Tag, ...]  # open block-level elements, outermost first (the last holds it)
    boilers: tuple[Tag, ...]  # open elements whose class/id reads as boilerplate


class _Walker:
    """Accumulate strings into blocks while walking the tree in document order."""

    def __init__(self, skip_hidden: bool) -> None:
        self.skip_hidden = skip_hidden
        self.blocks: list[Block] = []
        self.containers: list[Tag] = []
        self.boilers: list[Tag] = []
        self.pieces: list[str] = []
        self.link_depth = 0
        self.link_chars = 0

    def flush(self) -> None:
        text = _SPACE.sub(" ", "".join(self.pieces)).strip()
        if text and self.containers:
            container = self.containers[-1]
            self.blocks.append(
                Block(
                    text,
                    self.link_chars,
                    container.name,
                    tuple(self.containers),
                    tuple(self.boilers),
                )
            )
        self.pieces.clear()
        self.link_chars = 0

    def add_text(self, text: str) -> None:
        self.pieces.append(text)
        if self.link_depth:
            self.link_chars += len(text.strip())


def iter_blocks(soup: BeautifulSoup, skip_hidden: bool = True) -> list[Block]:
    """Return the visible text blocks of a page, in document order.

    ``skip_hidden=False`` also reads elements hidden by attribute, class or style: a page saved
    while a script or a pop-up had hidden the whole story still has it in the markup.
    """
    root = soup.body if isinstance(soup.body, Tag) else soup
    walker = _Walker(skip_hidden)
    walker.containers.append(root)
    stack: list[object] = list(reversed(list(root.children)))
    while stack:
        node = stack.pop()
        if isinstance(node, tuple):
            _leave(walker, *node)
        elif isinstance(node, NavigableString):
            if not isinstance(node, _NOT_TEXT):
                walker.add_text(str(node))
        elif isinstance(node, Tag):
            _enter(walker, node, stack)
    walker.flush()
    return walker.blocks


def _enter(walker: _Walker, tag: Tag, stack: list[object]) -> None:
    name = tag.name
    if name in SKIP_TAGS or (walker.skip_hidden and _is_hidden(tag)):
        return
    if name == "br":
        walker.flush()
        return
    is_block = name in BLOCK_TAGS
    if name in ("td", "th") and not any(
        isinstance(c, Tag) and c.name in _CELL_BLOCKS for c in tag.contents
    ):
        # A data cell is a word of its row; a cell holding paragraphs is a layout container.
        is_block = False
        walker.pieces.append(" ")
    is_boiler = is_boilerplate(tag)
    if is_block:
        walker.flush()
        walker.containers.append(tag)
    if is_boiler:
        walker.boilers.append(tag)
    if name == "a":
        walker.link_depth += 1
    stack.append((tag, is_block, is_boiler))
    stack.extend(reversed(tag.contents))


def _leave(walker: _Walker, tag: Tag, is_block: bool, is_boiler: bool) -> None:
    if is_block:
        walker.flush()
        walker.containers.pop()
    if is_boiler:
        walker.boilers.pop()
    if tag.name == "a":
        walker.link_depth -= 1


def class_words(tag: Tag) -> str:
    """Return a tag's class and id as one lower-case string."""
    classes = tag.get("class") or ""
    ident = tag.get("id") or ""
    # Parsed with multi_valued_attributes=None, class is one string; a list is joined anyway.
    words = " ".join(classes) if isinstance(classes, list) else str(classes)
    return f"{words} {ident}".lower().strip() if ident else words.lower()


def is_boilerplate(tag: Tag) -> bool:
    """Tell whether an element's class, id or role marks it as page furniture."""
    if tag.name in ("html", "body", "main"):
        return False
    role = tag.get("role")
    if role in ("navigation", "banner", "contentinfo", "complementary", "search", "dialog"):
        return True
    words = class_words(tag)
    return bool(words) and _BOILER_WORDS.search(words) is not None


def _is_hidden(tag: Tag) -> bool:
    if tag.has_attr("hidden") or tag.get("aria-hidden") == "true":
        return True
    classes = tag.get("class")
    if classes and not _HIDDEN_CLASSES.isdisjoint(str(classes).split()):
        return True
    style = tag.get("style")
    return isinstance(style, str) and _HIDDEN_STYLE.search(style) is not None
