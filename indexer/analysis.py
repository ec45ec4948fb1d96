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
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from nltk.stem.snowball import SnowballStemmer
from nltk.tokenize import RegexpTokenizer
from whoosh.analysis import Analyzer, Filter, StopFilter, Token, Tokenizer
from whoosh.analysis.filters import STOP_WORDS

# Words, keeping inner dots and apostrophes (U.S., 4.5, don't); other punctuation splits.
WORD_PATTERN = r"\w+(?:[.'’]\w+)*"
_nltk_tokenizer = RegexpTokenizer(WORD_PATTERN)
_stemmer = SnowballStemmer("english")


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
    """Whoosh tokenizer that splits text with nltk's ``RegexpTokenizer.span_tokenize``."""

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
        spans = _nltk_tokenizer.span_tokenize(value) if tokenize else [(0, len(value))]
        for pos, (start, end) in enumerate(spans):
            token.text = value[start:end]
            token.boost = 1.0
            token.stopped = False
            if keeporiginal:
                token.original = token.text
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


def stemming_analyzer() -> Analyzer:
    """Analyzer for ranked search fields (title, body)."""
    stops = StopFilter(stoplist=STOP_WORDS, minsize=1)
    return NltkTokenizer() | FoldFilter() | stops | NltkStemFilter()


def exact_analyzer() -> Analyzer:
    """Analyzer for phrase search: folded words as written, stop words kept."""
    return NltkTokenizer() | FoldFilter()


def words(text: str) -> list[str]:
    """Return the folded, unstemmed words of ``text`` (for vocabularies and shingles)."""
    return [fold(text[s:e]) for s, e in _nltk_tokenizer.span_tokenize(text)]
