"""Turn a query syntax tree into a whoosh Query over THE schema, bounding every expansion.

Plain words search ``title`` and ``body`` (stemmed; the title weighs more); phrases search
``exact`` (unstemmed). Wildcards and fuzzy words expand against the unstemmed ``exact``
vocabulary (what the user typed is a word as written), keep the ``MAX_EXPANSIONS`` most frequent
words, and search their stems. The words to highlight are collected on the way (``Marks``).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from heapq import nlargest
from itertools import islice

from whoosh import query as wq
from whoosh.reading import IndexReader

from indexer.analysis import (
    MAX_TOKEN_CHARS,
    exact_analyzer,
    fold,
    raw_words,
    stemming_analyzer,
)
from newsarchive.errors import QueryError
from search import ranking
from search.budget import checkpoint
from search.query import fuzzy
from search.query import parse as ast
from search.query.limits import (
    MAX_EXPANDING_WORDS,
    MAX_EXPANSIONS,
    MAX_FUZZY_LETTERS,
    MAX_PHRASE_WORDS,
    MAX_SCANNED,
    MAX_TOTAL_EXPANSIONS,
    MAX_WILDCARD_STARS,
)
from search.query.near import Near
from search.query.stop_words import is_stop_word, request_words
from search.query.wildcard import compile_glob, glob_match

TEXT_FIELDS = ("title", "body")
# Matches no article: what a wildcard or fuzzy word that expands to nothing stands for.
NOTHING = wq.Term("id", "\x00")
_FUZZY = re.compile(r"~(?:\d+(?:\.\d*)?)?$")  # cofee~, cofee~1, cofee~0.8
_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")
_stemming = stemming_analyzer()
_exact = exact_analyzer()


@dataclass
class Marks:
    """What to highlight: stems of searched words, and phrases as written."""

    stems: set[str] = field(default_factory=set)
    phrases: set[tuple[str, ...]] = field(default_factory=set)


@dataclass
class Compiled:
    """A whoosh query with its highlight marks.

    ``words``: for plain words side by side (``coffee export quotas``), one query per word (a
    word typed twice is there twice, and weighs twice); ``query`` then matches any of them (and
    every strict part: phrases, ``+word``, ``-word``, fields), and results rank in tiers by how
    many of ``words`` they match.
    """

    query: wq.Query
    marks: Marks
    words: tuple[wq.Query, ...] = ()


def stems_of(text: str) -> list[str]:
    """Return the stems the title/body analyzer makes of ``text`` (stop words dropped)."""
    return [token.text for token in _stemming(text)]


def words_of(text: str) -> list[str]:
    """Return the folded, unstemmed words of ``text`` (as the ``exact`` field holds them)."""
    return [token.text for token in _exact(text)]


class Compiler:
    """Compiles one syntax tree against one index reader."""

    def __init__(self, reader: IndexReader, sources: Mapping[str, str]) -> None:
        self.reader = reader
        self.sources = sources  # lower-cased source -> the stored display value
        self.marks = Marks()
        self.expansions = 0
        self.expanded_words = 0  # vocabulary words the wildcard and fuzzy words stand for

    def compile(self, node: ast.Node) -> wq.Query | None:
        """Return the query for a node; None for junk with no words in it (dropped)."""
        method: Callable[..., wq.Query | None] = getattr(self, "_" + type(node).__name__.lower())
        query = method(node)
        boost = getattr(node, "boost", 1)  # coffee^3: its terms count three times in the score
        return wq.Or([query] * boost) if query is not None and boost > 1 else query

    def natural(self, node: ast.And) -> tuple[wq.Query | None, tuple[wq.Query, ...]]:
        """Return (query, plain words) of words side by side: any plain word, every strict part.

        With fewer than two plain words there is nothing to rank in tiers: all items are strict.
        """
        items = _kept(node)
        plain = [i for i in items if _is_plain(i)]
        if len(plain) < 2:
            return self._and(node), ()
        # a word typed twice weighs twice ("steel mills, steel output and imports of steel"):
        # BM25's query term frequency, as Lucene sums a repeated clause
        words = tuple(_present(self.compile(i) for i in plain))
        strict = [i for i in items if not _is_plain(i)]
        rest = self._and(ast.And(tuple(strict))) if strict else None
        if not words:
            return rest, ()
        any_word = wq.Or(list(words)) if len(words) > 1 else words[0]
        tiers = words if len(words) > 1 else ()
        if rest is None:
            return any_word, tiers
        if isinstance(rest, wq.AndNot) and isinstance(rest.a, wq.Every):  # only -words
            return wq.AndNot(any_word, rest.b), tiers
        return wq.And([any_word, rest]), tiers

    def _and(self, node: ast.And) -> wq.Query | None:
        items = _kept(node)
        positive = _present(self.compile(i) for i in items if not isinstance(i, ast.Not))
        negative = _present(self.compile(i.item) for i in items if isinstance(i, ast.Not))
        if not positive and not negative:
            return None
        positive = positive or [wq.Every()]
        base = positive[0] if len(positive) == 1 else wq.And(positive)
        if not negative:
            return base
        return wq.AndNot(base, negative[0] if len(negative) == 1 else wq.Or(negative))

    def _or(self, node: ast.Or) -> wq.Query | None:
        items = _present(self.compile(item) for item in node.items)
        if len(items) <= 1:
            return items[0] if items else None
        return wq.Or(items)

    def _not(self, node: ast.Not) -> wq.Query | None:
        inner = self.compile(node.item)
        return None if inner is None else wq.AndNot(wq.Every(), inner)

    def _word(self, node: ast.Word) -> wq.Query | None:
        name = node.field or "text"
        if name in ("text", "body", "title"):
            return self._text_word(node.text, TEXT_FIELDS if name == "text" else (name,))
        if name == "author":
            return self._exact_words("author", node.text)
        if name == "date" or (name == "year" and node.text.startswith(("<", ">"))):
            return _date_query(*_compared(node.text, name))
        if name == "year":
            _check_date(node.text, "year")  # "year:87" is a mistake, not a search for nothing
        return wq.Term(*self._keyword(name, node.text))

    def _phrase(self, node: ast.Phrase) -> wq.Query | None:
        name = node.field or "text"
        if name in ("text", "body", "title"):
            words = words_of(node.text)
            if not words and _is_blob(node.text):
                return NOTHING
            near = node.near if len(set(words)) > 1 else None
            if near is not None:
                self.marks.stems.update(stems_of(node.text))  # each word, wherever it is
            elif words:
                self.marks.phrases.add(tuple(words))
            phrase = _phrase("exact", words, near)
            if name == "text":
                return phrase
            stems = [wq.Term(name, s) for s in stems_of(node.text)]
            return wq.And([*stems, phrase]) if stems and phrase is not None else phrase
        if name == "author":
            return _phrase("author", words_of(node.text))
        return self._word(ast.Word(node.text, node.field))

    def _range(self, node: ast.Range) -> wq.Query:
        if node.field not in ("date", "year"):
            raise QueryError("Ranges work on dates only, as in date:[1987-03-01 TO 1987-03-31].")
        for bound in (node.low, node.high):
            _check_date(bound, node.field)
        if node.low and node.low == node.high and (node.low_excluded or node.high_excluded):
            raise QueryError(f"The date range leaves out its only date, {node.low}.")
        low = _end_of(node.low) if node.low and node.low_excluded else node.low  # after it
        return _date_query(low, node.high, node.low_excluded, node.high_excluded)

    def _text_word(self, text: str, fields: tuple[str, ...]) -> wq.Query | None:
        if "*" in text or "?" in text:
            self._count_expansion(text)
            stems = self._expand_wildcard(text)
        elif _FUZZY.search(text):
            self._count_expansion(text)
            return self._variants(self._expand_fuzzy(text), fields)
        else:
            stems = stems_of(text)
            if len(stems) > 1:  # "U.S.-Japan", "cease-fire": the words in a row
                words = words_of(text)
                self.marks.phrases.add(tuple(words))  # several words: never empty
                return _phrase("exact", words)
            if not stems:  # a stop word alone: only the unstemmed field has it
                words = words_of(text)
                if not words and _is_blob(text):
                    return NOTHING
                self.marks.phrases.update((w,) for w in words)
                return _phrase("exact", words)
        self.marks.stems.update(stems)
        clauses = [wq.Term(name, stem) for stem in stems for name in fields]
        if not clauses:
            return NOTHING
        return clauses[0] if len(clauses) == 1 else wq.Or(clauses)

    def _count_expansion(self, text: str) -> None:
        checkpoint()
        self.expansions += 1
        if self.expansions > MAX_EXPANDING_WORDS:
            raise QueryError(
                f"Use at most {MAX_EXPANDING_WORDS} wildcard or fuzzy words in one query ({text})."
            )

    def _expand_wildcard(self, text: str) -> list[str]:
        spelled = re.sub(r"[^\w*?]", "", fold(text))
        prefix = re.split(r"[*?]", spelled, maxsplit=1)[0]
        if len(prefix) < 2:
            raise QueryError(f"Put at least two letters before a wildcard, as in refin*: {text}")
        glob = compile_glob(spelled)
        if glob.stars > MAX_WILDCARD_STARS:
            raise QueryError(f"Use at most {MAX_WILDCARD_STARS} * in one wildcard word: {text}")
        scanned = islice(self.reader.expand_prefix("exact", prefix), MAX_SCANNED)
        words = (b.decode("utf-8") for b in scanned)
        return self._top_stems(w for w in words if glob_match(glob, w))

    def _expand_fuzzy(self, text: str) -> dict[str, float]:
        """Return the stems a fuzzy word stands for, each with its similarity to the word."""
        word, _, edits = text.rpartition("~")
        folded = "".join(words_of(word))
        if len(folded) < 2:
            return {}
        if len(folded) > MAX_FUZZY_LETTERS:
            raise QueryError(f"A fuzzy word may have at most {MAX_FUZZY_LETTERS} letters: {text}")
        # cofee~1: at most one edit; cofee~ or Lucene's old similarity (cofee~0.8): by length
        whole = edits.isdigit()
        distance = min(int(edits), 2) if whole else fuzzy.auto_distance(len(folded))
        words = fuzzy.candidates(self.reader, folded, distance)[: self._wanted()]
        self.expanded_words += len(words)
        similar: dict[str, float] = {}
        for candidate in words:
            for stem in stems_of(candidate):
                similar[stem] = max(similar.get(stem, 0.0), fuzzy.similarity(folded, candidate))
        return similar

    def _variants(self, similar: dict[str, float], fields: tuple[str, ...]) -> wq.Query:
        """Return the stems of a fuzzy word, each weighed by its similarity to the typed word
        and scored with an idf no higher than the typed word's (or, when the archive lacks the
        typed word, the commonest variant's), as Lucene blends a fuzzy word's variants: a rare
        near-miss ("oi" for ``oil~``) does not outrank the word itself."""
        self.marks.stems.update(similar)
        clauses = []
        exact = [stem for stem, weight in similar.items() if weight == 1.0]
        for name in fields:
            idf = {stem: self._idf(name, stem) for stem in similar}
            ceiling = min((idf[stem] for stem in exact or similar if idf[stem]), default=0.0)
            for stem, weight in sorted(similar.items()):
                capped = min(idf[stem], ceiling) / idf[stem] if idf[stem] else 1.0
                clauses.append(wq.Term(name, stem, boost=weight * capped))
        if not clauses:
            return NOTHING
        return clauses[0] if len(clauses) == 1 else wq.Or(clauses)

    def _idf(self, field: str, stem: str) -> float:
        """Return a stem's idf in a field as it is scored (0 when no article has it there)."""
        return (
            ranking.idf(self.reader, field, stem) if self.reader.doc_frequency(field, stem) else 0.0
        )

    def _top_stems(self, words: object) -> list[str]:
        frequency = self.reader.doc_frequency
        top = nlargest(self._wanted(), words, key=lambda w: frequency("exact", w))  # type: ignore[call-overload]
        return self._first_stems(top)

    def _wanted(self) -> int:
        """Return how many more words a wildcard or fuzzy word may stand for."""
        return max(0, min(MAX_EXPANSIONS, MAX_TOTAL_EXPANSIONS - self.expanded_words))

    def _first_stems(self, words: list[str]) -> list[str]:
        """Return the stems of the first words allowed (best first), counting them."""
        top = words[: self._wanted()]
        self.expanded_words += len(top)
        return sorted({stem for word in top for stem in stems_of(word)})

    def _exact_words(self, name: str, text: str) -> wq.Query | None:
        return _phrase(name, words_of(text))

    def _keyword(self, name: str, text: str) -> tuple[str, str]:
        if name == "country":
            return "countries", text.upper()
        if name in ("region", "topic"):
            return name + "s", text.lower()
        if name == "source":
            return "source", self.sources.get(text.lower(), text)
        return name, text


def _is_blob(text: str) -> bool:
    """Tell whether a query word is too long to be indexed: it matches no article (rather than
    being "no words to search for")."""
    return any(len(word) > MAX_TOKEN_CHARS for word in raw_words(text))


def _present(queries: Iterable[wq.Query | None]) -> list[wq.Query]:
    return [q for q in queries if q is not None]


def _is_plain(node: ast.Node) -> bool:
    """Tell whether an item of words side by side is a plain word (ranked in tiers)."""
    return isinstance(node, ast.Word) and node.field is None and not node.required


def _kept(node: ast.And) -> list[ast.Node]:
    return [item for item, out in zip(node.items, left_out(node), strict=True) if not out]


def left_out(node: ast.And) -> list[bool]:
    """Tell which items of words side by side are left out: stop words ("bank of england"), and
    the leading words that only say what is asked for ("news about"), unless nothing else is
    left."""
    out = [is_stop_word_node(item) for item in node.items]
    if node.implicit:
        plain = [_plain_text(item) for item in node.items]
        lead = next((n for n, text in enumerate(plain) if text is None), len(plain))
        for at in range(request_words([text or "" for text in plain[:lead]])):
            out[at] = True
    if all(o for o, i in zip(out, node.items, strict=True) if not isinstance(i, ast.Not)):
        return [False] * len(out)
    return out


def _plain_text(node: ast.Node) -> str | None:
    """Return a plain word's folded text ("news"), None for anything else."""
    if not _is_plain(node) or not isinstance(node, ast.Word) or getattr(node, "boost", 1) > 1:
        return None
    if re.search(r"[*?~]", node.text):
        return None
    words = words_of(node.text)
    return words[0] if len(words) == 1 else None


def is_stop_word_node(node: ast.Node) -> bool:
    """Tell whether a query item is a plain stop word, which words beside it leave out."""
    if not isinstance(node, ast.Word) or node.field not in (None, "title", "body"):
        return False
    text = node.text
    if re.search(r"[*?~]", text) or node.required:
        return False
    words = words_of(text)
    return bool(words) and (not stems_of(text) or (len(words) == 1 and is_stop_word(words[0])))


def _phrase(name: str, words: list[str], near: int | None = None) -> wq.Query | None:
    """Return the phrase query of ``words``; with ``near``, the words in any order with at most
    that many others among them (``Near``)."""
    if not words:
        return None
    if len(words) > MAX_PHRASE_WORDS:
        raise QueryError(f"A phrase may have at most {MAX_PHRASE_WORDS} words; shorten it.")
    if near is not None:
        return Near(name, words, near)
    return wq.Term(name, words[0]) if len(words) == 1 else wq.Phrase(name, words)


def _check_date(value: str, field: str = "date") -> None:
    if not value:
        return
    if field == "year" and not re.fullmatch(r"\d{4}", value):
        raise QueryError(f"Years look like 1987, not {value!r}.")
    if not _DATE.fullmatch(value):
        raise QueryError(f"Dates look like 1987, 1987-03 or 1987-03-01, not {value!r}.")
    year, month, day = (value.split("-") + ["01", "01"])[:3]
    try:
        datetime.date(int(year), int(month), int(day))
    except ValueError:
        raise QueryError(f"There is no such date as {value!r}.") from None


def _compared(text: str, field: str) -> tuple[str, str, bool, bool]:
    """Return (low, high, low excluded, high excluded) for ``1987``, ``>1987``, ``<=1987-03``...

    A partial date stands for its whole year or month: ``>1987`` is from 1988 on, ``<1987``
    before 1987, ``>=1987`` and ``<=1987`` include it.
    """
    operator = re.match(r"[<>]=?", text)
    value = text[operator.end() :] if operator else text
    _check_date(value, field)
    if not value:
        raise QueryError(f"Compare with a date, as in {field}:>1987, not {text!r}.")
    if operator is None:
        return value, value, False, False
    sign = operator.group()
    if sign == ">":
        return _end_of(value), "", True, False
    if sign == ">=":
        return value, "", False, False
    if sign == "<":
        return "", value, False, True
    return "", value, False, False


def _end_of(value: str) -> str:
    """Return the last possible date text of a partial date: 1987-03 -> 1987-03-99."""
    return value + "-99-99"[len(value) - 4 :]


def _date_query(
    low: str, high: str, low_excluded: bool = False, high_excluded: bool = False
) -> wq.Query:
    """Return the query for dates from ``low`` to ``high`` (checked by ``_check_date``)."""
    if low and low == high:
        return wq.Prefix("date", low) if len(low) < 10 else wq.Term("date", low)
    if low and high and low > high:
        raise QueryError(f"The date range starts after it ends: {low} > {high}.")
    # A partial upper bound covers its whole month or year: 1987-03 -> up to 1987-03-99
    # (unless excluded: < 1987-03 is up to, not including, "1987-03", so February at most).
    upper = (high if high_excluded else _end_of(high)) if high else None
    return wq.TermRange("date", low or None, upper, startexcl=low_excluded, endexcl=high_excluded)


def compile_query(
    node: ast.Node | None, reader: IndexReader, sources: Mapping[str, str]
) -> Compiled:
    """Return the whoosh query for a syntax tree (None means every article)."""
    if node is None:
        return Compiled(wq.Every(), Marks())
    compiler = Compiler(reader, sources)
    words: tuple[wq.Query, ...] = ()
    if isinstance(node, ast.And) and node.implicit:
        compiled, words = compiler.natural(node)
    else:
        compiled = compiler.compile(node)
    if compiled is None:
        raise QueryError("The query has no words to search for.")
    return Compiled(compiled, compiler.marks, words)
