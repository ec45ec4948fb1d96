"""Whoosh analyzers built on nltk: tokenizer | lowercase + accent folding [| stop words | stemmer].

Two analyzers share one tokenizer so that token positions agree:

- ``stemming_analyzer()`` for ranked search: words are folded, stop words dropped, and each word
  stemmed with nltk's Snowball English stemmer, so ``prices`` finds ``price``.
- ``exact_analyzer()`` for phrases in quotes: folded but not stemmed and no stop words dropped,
  so ``"rate cut"`` matches those words as written.

>>> [t.text for t in stemming_analyzer()("Taiwan’s envoy stated PRICES")]
['taiwan', 'envoy', 'state', 'price']
>>> [t.text for t in exact_analyzer()("Taiwan’s envoy stated PRICES")]
['taiwan', 'envoy', 'stated', 'prices']
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import Any

from nltk.stem.snowball import SnowballStemmer
from nltk.tokenize import RegexpTokenizer
from whoosh.analysis import Analyzer, Filter, StopFilter, Token, Tokenizer
from whoosh.analysis.analyzers import CompositeAnalyzer
from whoosh.analysis.filters import STOP_WORDS

# Words, keeping inner dots and apostrophes (U.S., 4.5, don't); other punctuation splits.
WORD_PATTERN = r"\w+(?:[.'’]\w+)*"
_nltk_tokenizer = RegexpTokenizer(WORD_PATTERN)
# Longer "words" are blobs (base64, minified code, a hostile file): left out of the index, so
# vocabulary, caches and snippets stay small (Lucene's standard tokenizer stops at 255).
MAX_TOKEN_CHARS = 100
_stemmer = SnowballStemmer("english")


def _span_finder() -> Any:
    """Return the nltk tokenizer's compiled pattern, without nltk 3.9's per-match timeout guard.

    nltk wraps the pattern in a ``regex`` pattern with a wall-clock timeout (a ReDoS guard) that
    makes tokenizing about 4x slower; ``WORD_PATTERN`` is linear-time, so the guard buys
    nothing here. Falls back to the wrapper when nltk's internals differ.
    """
    _nltk_tokenizer._check_regexp()
    wrapped = _nltk_tokenizer._regexp
    return getattr(wrapped, "_rx", wrapped)


_spans = _span_finder()


@lru_cache(maxsize=200_000)
def fold(word: str) -> str:
    """Lower-case, strip accents, drop a possessive ``'s`` and the dots of abbreviations.

    >>> fold("Café’s"), fold("U.S"), fold("4.5")
    ('cafe', 'us', '4.5')
    """
    word = word.lower().replace("’", "'")
    if not word.isascii():
        decomposed = unicodedata.normalize("NFKD", word)
        word = "".join(c for c in decomposed if not unicodedata.combining(c))
    if word.endswith("'s"):
        word = word[:-2]
    if "." in word and not word.replace(".", "").isdigit():
        word = word.replace(".", "")
    return word


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """Return the Snowball English stem of a folded word (cached: corpora repeat words)."""
    return _stemmer.stem(word)


class NltkTokenizer(Tokenizer):
    """Whoosh tokenizer that splits text with nltk's ``RegexpTokenizer`` pattern."""

    def __eq__(self, other: object) -> bool:
        return type(self) is type(other)

    def __hash__(self) -> int:
        return hash(type(self))

    def __call__(  # type: ignore[override]
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs: Any,
    ) -> Iterator[Token]:
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        spans = (m.span() for m in _spans.finditer(value)) if tokenize else [(0, len(value))]
        for pos, (start, end) in enumerate(spans):
            if end - start > MAX_TOKEN_CHARS and tokenize:
                continue  # not a word: its position is kept empty, as a stop word's
            token.text = value[start:end]
            token.boost = 1.0
            token.stopped = False
            if keeporiginal:
                token.original = token.text  # type: ignore[attr-defined]
            if positions:
                token.pos = start_pos + pos
            if chars:
                token.startchar = start_char + start
                token.endchar = start_char + end
            yield token


class FoldFilter(Filter):
    """Lower-case and accent-fold each token (see ``fold``); drops tokens that fold to nothing."""

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:  # type: ignore[override]
        for token in tokens:
            token.text = fold(token.text)
            if token.text:
                yield token


class NltkStemFilter(Filter):
    """Replace each token with its nltk Snowball English stem."""

    is_morph = True

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:  # type: ignore[override]
        for token in tokens:
            if not token.stopped:
                token.text = stem(token.text)
            yield token


class FusedAnalyzer(CompositeAnalyzer):
    """``NltkTokenizer | FoldFilter [| StopFilter] [| NltkStemFilter]`` run as one loop.

    Yields exactly the tokens the chain yields (texts, positions, characters, stopped flags),
    several times faster: indexing spends most of its time here. ``items`` keeps the chain,
    so equality, pickling and ``no_morph`` behave as whoosh expects.
    """

    def __call__(  # type: ignore[override]
        self, value: str, no_morph: bool = False, tokenize: bool = True, **options: Any
    ) -> Iterator[Token]:
        stop = self._stop_filter()
        if not tokenize or (stop is not None and stop.min > 1):  # the chain handles these
            return super().__call__(value, no_morph=no_morph, tokenize=tokenize, **options)
        stemming = not no_morph and any(isinstance(i, NltkStemFilter) for i in self.items)
        return self._tokens(value, stop, stemming, **options)

    def _stop_filter(self) -> StopFilter | None:
        return next((i for i in self.items if isinstance(i, StopFilter)), None)

    def _tokens(
        self,
        value: str,
        stop: StopFilter | None,
        stemming: bool,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        mode: str = "",
        **kwargs: Any,
    ) -> Iterator[Token]:
        stops = stop.stops if stop is not None else frozenset()
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        token.boost = 1.0
        renumbered: int | None = None
        for index, match in enumerate(_spans.finditer(value)):
            raw = match.group()
            text = fold(raw) if len(raw) <= MAX_TOKEN_CHARS else ""
            if not text:
                continue
            pos = start_pos + index
            if text in stops:
                if removestops:
                    continue
                token.stopped = True
            else:
                token.stopped = False
                text = stem(text) if stemming else text
                if stop is not None and stop.renumber:  # as whoosh's StopFilter numbers them
                    renumbered = pos if renumbered is None else renumbered + 1
                    pos = renumbered
            token.text = text
            if keeporiginal:
                token.original = raw  # type: ignore[attr-defined]
            if positions:
                token.pos = pos
            if chars:
                token.startchar = start_char + match.start()
                token.endchar = start_char + match.end()
            yield token

    def term_sequence(self, value: str, words: list[str] | None = None) -> list[str]:
        """Return the indexed term of each word of ``value`` in order, "" where a word is
        dropped (a stop word, or nothing left after folding). Cached per distinct word.
        ``words``, when given, are ``raw_words(value)`` already split.

        >>> stemming_analyzer().term_sequence("The prices rose")
        ['', 'price', 'rose']
        """
        stop = self._stop_filter()
        stemming = any(isinstance(i, NltkStemFilter) for i in self.items)
        stops = stop.stops if stop is not None else frozenset()
        cache = _term_cache(stemming, stops)
        if len(cache) > _TERM_CACHE_SIZE:
            cache.clear()
        if words is None:
            words = raw_words(value)
        terms: list[str | None] = list(map(cache.get, words))
        if None in terms:  # words not seen before: fold and stem them once
            for index, term in enumerate(terms):
                if term is None:
                    word = words[index]
                    if len(word) > MAX_TOKEN_CHARS:  # a blob: dropped, and not cached
                        terms[index] = ""
                        continue
                    text = fold(word)
                    term = "" if text in stops else stem(text) if stemming and text else text
                    terms[index] = cache[word] = term
        return terms  # type: ignore[return-value]  # no None is left

    def term_positions(self, value: str, words: list[str] | None = None) -> dict[str, list[int]]:
        """Return each indexed term's positions, as ``__call__(positions=True)`` numbers them."""
        stop = self._stop_filter()
        renumber = stop is not None and stop.renumber and bool(stop.stops)
        positions: dict[str, list[int]] = {}
        terms = self.term_sequence(value, words)
        if renumber:  # whoosh's StopFilter closes the gaps stop words leave
            kept = [term for term in terms if term]
            first = next((index for index, term in enumerate(terms) if term), 0)
            numbered: Iterable[tuple[int, str]] = enumerate(kept, first)
        else:
            numbered = enumerate(terms)
        for index, term in numbered:
            found = positions.get(term)
            if found is None:
                positions[term] = [index]
            elif term:
                found.append(index)
        positions.pop("", None)
        return positions


_TERM_CACHE_SIZE = 500_000
_term_caches: dict[tuple[bool, frozenset[str]], dict[str, str]] = {}


def _term_cache(stemming: bool, stops: frozenset[str]) -> dict[str, str]:
    """Word -> indexed term, per analyzer configuration (module-level: analyzers are pickled)."""
    return _term_caches.setdefault((stemming, stops), {})


def stemming_analyzer() -> Analyzer:
    """Analyzer for ranked search fields (title, body)."""
    stops = StopFilter(stoplist=STOP_WORDS, minsize=1)
    return FusedAnalyzer(NltkTokenizer(), FoldFilter(), stops, NltkStemFilter())


def exact_analyzer() -> Analyzer:
    """Analyzer for phrase search: folded words as written, stop words kept."""
    return FusedAnalyzer(NltkTokenizer(), FoldFilter())


def raw_words(text: str) -> list[str]:
    """Return the words of ``text`` as the tokenizer splits them, before folding.

    >>> raw_words("U.S. prices, don't")
    ['U.S', 'prices', "don't"]
    """
    return _spans.findall(text)


def words(text: str) -> list[str]:
    """Return the folded, unstemmed words of ``text`` (for vocabularies and shingles)."""
    found = (match.group() for match in _spans.finditer(text))
    return [fold(word) for word in found if len(word) <= MAX_TOKEN_CHARS]
