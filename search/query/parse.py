"""The query language: a user's query string -> a small syntax tree (never raises on odd input).

Syntax, with examples:

- ``coffee prices``: articles with any of the words, those with all the words first, then those
  missing one, and so on (BM25F within each tier); stop words (``the``, ``of``, ``between``)
  count only inside quotes, and so do leading words that only say what is asked for (``news
  about``). Stemming is transparent (``prices`` also finds ``price``).
  ``+coffee prices``: ``coffee`` is required.
- ``"rate cut"``: the exact phrase, words as written (no stemming). ``"rate cut"~5``: the
  words near one another, in any order, with at most 5 other words among them (``~`` alone: 5).
- ``oil OR gas``: either word. ``oil NOT crude`` or ``oil -crude``: ``oil`` but not ``crude``.
- ``(oil OR gas) AND prices``: parentheses group; ``AND`` is optional.
- ``title:coffee``, ``title:"coffee prices"``: in the headline. ``author:souza``: the byline.
- ``source:reuters``: the source, any case (``source:"Defence Talks"``).
- ``country:ua`` (ISO alpha-2 code, any case), ``region:eastern-europe`` (UN M49 slug),
  ``topic:sport`` (IPTC slug), ``year:1987``.
- ``date:1987-03``: a year, month or day; ``date:[1987-03-01 TO 1987-03-31]`` a range, with
  ``*`` or nothing for an open end (``date:[1987-03-15 TO *]``, ``date:[1987-03-15 TO]``),
  ``{`` or ``}`` to leave a bound out (``date:[1987-03-01 TO 1987-04-01}``);
  ``date:>1987`` (after 1987), ``date:>=1987-03``, ``date:<1988``, ``date:<=1987-06``;
  ``year:`` takes the same forms (``year:[1985 TO 1987]``, ``year:>=1986``).
- ``refin*``, ``co?fee``: wildcards, at least two letters before the first ``*`` or ``?``, at
  most four ``*`` (``**`` is one); they stand for the 50 most frequent matching words.
- ``cofee~``, ``cofee~1``: fuzzy, the closest words to ``cofee`` (``query.fuzzy``).
- ``coffee^3``, ``"rate cut"^2``: Lucene's boost, the term counts that many times (1 to 10).

``AND``, ``OR`` and ``NOT`` are operators only in capitals. A malformed query is repaired rather
than rejected: an unclosed quote or parenthesis is closed at the end, a stray ``)`` or a lone
operator is ignored, control characters count as spaces, ``unknown:word`` is two words. Only
what cannot be searched is refused (``errors.QueryError``): nothing left to search for, more
than 64 terms, parentheses nested more than 20 deep, more than 8 wildcard or fuzzy words, a
wildcard with fewer than two leading letters or more than four ``*``, a fuzzy word over 24
letters, a phrase over 16 words, a malformed or reversed date range, a date that does not exist
or a year not of four digits (``search.query.limits``).
A run of negations (``NOT NOT x``, ``!!!x``) is read as one or none.

>>> parse_query('coffee -"instant coffee" date:1987')
And(items=(Word(text='coffee', field=None), \
Not(item=Phrase(text='instant coffee', field=None, near=None)), \
Word(text='1987', field='date')), implicit=True)
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from dataclasses import field as attribute
from functools import lru_cache

from newsarchive.errors import QueryError
from search.query.limits import DEFAULT_NEAR, MAX_BOOST, MAX_DEPTH, MAX_NEAR, MAX_TERMS

# Query field name -> what it searches; anything else before a colon is just text.
FIELDS = ("title", "body", "source", "author", "country", "region", "topic", "date", "year")
OPERATORS = ("AND", "OR", "NOT")
_BOOST = re.compile(r"\^([\d.]+)$")
_PROXIMITY = re.compile(r'("[^"]*")~(\d*)', re.S)  # "a b"~5: a closed phrase, then ~ and digits

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
# What phones and word processors type for " and -: curly, low and angle quotes; a dash
# before a word ("coffee –brazil": a hyphen turned into an en dash) is a minus.
_QUOTES = re.compile(r"[“”„‟«»〝〞＂]")
_DASH_BEFORE_WORD = re.compile(r"(?:^|(?<=[\s(]))[–—−](?=[^\s–—−])")
_TOKEN = re.compile(
    r"""
    (?P<space>\s+)
  | (?P<open>\()
  | (?P<close>\))
  | (?P<field>(?:FIELDS):)(?=[\["(]|[^\s)])
  | (?P<range>[\[{][^\]}]*[\]}]?)
  | (?P<phrase>"[^"]*"(?:~\d*)?(?:\^[\d.]+)?|"[^"]*)
  | (?P<minus>[-!](?=[^\s-]))
  | (?P<plus>\+)
  | (?P<word>[^\s()"]+)
    """.replace("FIELDS", "|".join(FIELDS)),
    re.VERBOSE | re.IGNORECASE,
)


@dataclass(frozen=True)
class Word:
    """One word of the query, possibly with a wildcard (``*``, ``?``) or fuzzy (``~``) marker.

    ``required``: typed ``+word``, so it must match even among plain words (see ``And``).
    """

    text: str
    field: str | None = None
    required: bool = attribute(default=False, repr=False)
    boost: int = attribute(default=1, repr=False)  # coffee^3: counts three times in the score


@dataclass(frozen=True)
class Phrase:
    """Words in quotes; with ``near`` (``"rate cut"~5``) the words in any order, at most
    ``near`` other words among them."""

    text: str
    field: str | None = None
    near: int | None = None
    boost: int = attribute(default=1, repr=False)


@dataclass(frozen=True)
class Range:
    """``field:[low TO high]``; an empty bound is open; ``{`` or ``}`` leaves its bound out."""

    field: str
    low: str
    high: str
    low_excluded: bool = False
    high_excluded: bool = False


@dataclass(frozen=True)
class Not:
    item: Node


@dataclass(frozen=True)
class And:
    items: tuple[Node, ...]
    implicit: bool = False  # words side by side, no AND written: plain words match in tiers


@dataclass(frozen=True)
class Or:
    items: tuple[Node, ...]


Node = Word | Phrase | Range | Not | And | Or


def _tokenize(text: str) -> list[tuple[str, str]]:
    tokens = []
    text = _DASH_BEFORE_WORD.sub("-", _QUOTES.sub('"', _CONTROL.sub(" ", text)))
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup or "space"
        if kind != "space":
            tokens.append((kind, match.group()))
    return tokens


class _Parser:
    """Recursive descent over the tokens; repairs instead of failing."""

    def __init__(self, tokens: list[tuple[str, str]]) -> None:
        self.tokens = tokens
        self.pos = 0
        self.terms = 0

    def peek(self) -> tuple[str, str] | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def is_operator(self, name: str) -> bool:
        token = self.peek()
        return token is not None and token == ("word", name)

    def parse_or(self, depth: int, field: str | None) -> Node | None:
        items = []
        while True:
            item = self.parse_and(depth, field)
            if item is not None:
                items.append(item)
            if self.is_operator("OR"):
                self.pos += 1
                continue
            return _combine(Or, items)

    def parse_and(self, depth: int, field: str | None) -> Node | None:
        items: list[Node] = []
        explicit = False
        while (token := self.peek()) is not None and token[0] != "close":
            if self.is_operator("OR"):
                break
            if self.is_operator("AND"):
                self.pos += 1
                explicit = True
                continue
            item = self.parse_unary(depth, field)
            if item is not None:
                items.append(item)
        if len(items) == 1:
            return items[0]
        return And(tuple(items), implicit=not explicit) if items else None

    def parse_unary(self, depth: int, field: str | None) -> Node | None:
        negations = 0  # "NOT NOT x", "!!!x": counted in a loop, so any run nests one level
        while (token := self.peek()) is not None and (
            token[0] == "minus" or token == ("word", "NOT")
        ):
            self.pos += 1
            negations += 1
        if negations and self.peek() is None:
            return None
        if negations == 0 and self.peek() is not None and self.peek()[0] == "plus":  # type: ignore[index]
            self.pos += 1  # +word: required among plain words
            if self.peek() is None:
                return None
            item = self.parse_unary(depth, field)
            if isinstance(item, Word):
                return Word(item.text, item.field, required=True, boost=item.boost)
            return item
        item = self.parse_primary(depth, field)
        if item is None or negations % 2 == 0:
            return item
        return Not(item)

    def parse_primary(self, depth: int, field: str | None) -> Node | None:
        kind, text = self.tokens[self.pos]
        self.pos += 1
        if kind == "open":
            if depth >= MAX_DEPTH:
                raise QueryError(f"The query nests parentheses more than {MAX_DEPTH} deep.")
            inner = self.parse_or(depth + 1, field)
            if self.peek() is not None and self.peek()[0] == "close":  # type: ignore[index]
                self.pos += 1
            return inner
        if kind == "field" and self.peek() is not None:
            name = text[:-1].lower()
            return self.parse_primary(depth, name)
        if kind in ("plus", "close", "minus") or (kind == "word" and text in OPERATORS):
            return None  # a lone operator or a stray parenthesis: ignored
        return self.leaf(kind, text, field)

    def leaf(self, kind: str, text: str, field: str | None) -> Node | None:
        node = self._leaf(kind, text, field)
        if node is not None:
            self.terms += 1
            if self.terms > MAX_TERMS:
                raise QueryError(f"The query has more than {MAX_TERMS} terms; shorten it.")
        return node

    @staticmethod
    def _leaf(kind: str, text: str, field: str | None) -> Node | None:
        text, boost = _boost(text)
        if not text:
            return None  # "^2" after a parenthesis: a boost of nothing
        if kind == "phrase":
            found = _phrase(text, field)
            return replace(found, boost=boost) if found is not None else None
        if kind == "range":
            return _range(text, field)
        if kind == "field":  # "title:" at the very end: the word "title"
            return Word(text[:-1], None)
        if ":" in text.strip(":"):  # "unknown:coffee" is two words, not a field
            words = tuple(Word(part, field) for part in text.split(":") if part)
            return And(words, implicit=True)
        return Word(text, field, boost=boost)


def _boost(text: str) -> tuple[str, int]:
    """Split Lucene's boost off a word or phrase: ``coffee^3`` -> ("coffee", 3). A boost is a
    whole number of times the term counts, from 1 (``^0.5`` is read as 1) to ``MAX_BOOST``."""
    match = _BOOST.search(text)
    if match is None:
        return text, 1
    try:
        times = round(float(match.group(1)))
    except ValueError:  # "^1.2.3"
        times = 1
    return text[: match.start()], min(max(times, 1), MAX_BOOST)


def _phrase(text: str, field: str | None) -> Phrase | None:
    """``"a b"``, ``"a b"~5`` (proximity), or an unclosed ``"a b`` (closed at the end)."""
    proximity = _PROXIMITY.fullmatch(text)
    quoted = proximity.group(1) if proximity else text
    inner = quoted[1:-1] if len(quoted) > 1 and quoted.endswith('"') else quoted[1:]
    if not inner.strip():
        return None
    near = min(int(proximity.group(2) or DEFAULT_NEAR), MAX_NEAR) if proximity else None
    return Phrase(inner.strip(), field, near)


def _range(text: str, field: str | None) -> Node | None:
    inner = text.strip("[]{}").strip()
    if field is None:
        return Phrase(inner, None) if inner else None
    words = inner.split()
    upper = [word.upper() for word in words]
    if "TO" not in upper:  # [1987-03-01 1987-03-31]: a range, its words the bounds
        low, high = (words + ["", ""])[:2] if len(words) <= 2 else (inner, inner)
    else:  # [a TO b], [a TO], [TO b], [a TO *]
        split = upper.index("TO")
        low, high = " ".join(words[:split]), " ".join(words[split + 1 :])
    low, high = ("" if low == "*" else low), ("" if high == "*" else high)
    return Range(field, low, high, text.startswith("{"), text.endswith("}"))


def _combine(kind: type[Or], items: list[Node]) -> Node | None:
    if not items:
        return None
    return items[0] if len(items) == 1 else kind(tuple(items))


EVERY_ARTICLE = ("", "*", "*:*")  # "every article": browse by facets and dates (Lucene: *:*)


def means_every_article(text: str) -> bool:
    """Return True for an empty query, a lone ``*`` or Lucene's ``*:*``."""
    return text.strip() in EVERY_ARTICLE


@lru_cache(maxsize=4096)
def parse_query(text: str) -> Node | None:
    """Return the syntax tree of a query string; None when it holds nothing to search for."""
    if means_every_article(text):
        return None
    parser = _Parser(_tokenize(text))
    nodes = []
    while parser.peek() is not None:
        node = parser.parse_or(0, None)
        if node is not None:
            nodes.append(node)
        if parser.peek() is not None and parser.peek()[0] == "close":  # type: ignore[index]
            parser.pos += 1  # a ")" without "(": ignored
    if len(nodes) <= 1:
        return nodes[0] if nodes else None
    return And(tuple(nodes), implicit=True)


def positive_words(node: Node | None) -> list[Word]:
    """Return the plain words of a query that are not negated, the words of its phrases too
    (for did-you-mean: ``"cofee prices"`` -> ``"coffee prices"``)."""
    if isinstance(node, Word):
        return [node] if node.field in (None, "title", "body") else []
    if isinstance(node, Phrase) and node.field in (None, "title", "body"):
        return [Word(word, node.field) for word in node.text.split()]
    if isinstance(node, And | Or):
        return [word for item in node.items for word in positive_words(item)]
    return []
