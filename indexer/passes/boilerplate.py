"""Paragraphs repeated across many articles of one source (subscription footers, "See also"
blocks, sign-offs) are page furniture, not news: count them in a first pass, strip them in a second.

Only 8-byte hashes of normalised paragraphs are kept, with one counter per source, so the
memory is about 100 bytes per distinct paragraph whatever the paragraph's length.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter, defaultdict

from indexer.article import Article

_WORD = re.compile(r"\w+")
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


def paragraph_key(paragraph: str) -> str:
    """Return a short hash of a paragraph's words (case, spacing and punctuation ignored).

    >>> paragraph_key("Sign up  for our newsletter!") == paragraph_key("sign up for our Newsletter")
    True
    """
    return f"{_key_number(paragraph):016x}"


def paragraph_numbers(body: str) -> tuple[int, ...]:
    """Return the key number of each paragraph of ``body``, in order (0: no words)."""
    return tuple(map(_key_number, split_paragraphs(body)))


def _key_number(paragraph: str) -> int:
    if not paragraph.isascii():  # NFKC leaves ASCII as it is
        paragraph = unicodedata.normalize("NFKC", paragraph)
    words = _WORD.findall(paragraph.casefold())
    if not words:
        return 0
    digest = hashlib.blake2b(" ".join(words).encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") or 1


def split_paragraphs(body: str) -> list[str]:
    """Return the non-blank paragraphs of a body (separated by blank lines)."""
    return [p.strip() for p in _PARAGRAPH_BREAK.split(body) if p.strip()]


class RepeatedParagraphs:
    """Count paragraphs per source, then strip those that most articles of the source repeat.

    A paragraph is boilerplate for a source when it appears in at least ``min_files`` of the
    source's articles AND in at least ``min_share`` of them. The defaults (3 articles, half of
    the source) remove what a site prints under every story, while text that some stories
    share (a quote in follow-ups, a recurring table line in a wire feed) is kept: dropping
    real text is worse than keeping a footer. A source is ``article.source``, else the top
    folder of ``article.path``.
    """

    def __init__(self, min_files: int = 3, min_share: float = 0.5) -> None:
        self.min_files = min_files
        self.min_share = min_share
        self._counts: dict[str, Counter[int]] = defaultdict(Counter)
        self._articles: Counter[str] = Counter()
        self._repeated: dict[str, frozenset[int]] = {}  # source -> its boilerplate paragraphs

    def add(self, article: Article, numbers: tuple[int, ...] | None = None) -> None:
        """Count each distinct paragraph of the article once, under its source (``numbers``:
        its ``paragraph_numbers``, when already computed)."""
        source = _source_key(article)
        self._repeated.pop(source, None)
        self._articles[source] += 1
        keys = set(paragraph_numbers(article.body) if numbers is None else numbers)
        keys.discard(0)
        self._counts[source].update(keys)

    def threshold(self, source: str) -> float:
        """Return how many articles of a source must share a paragraph for it to go."""
        return max(self.min_files, self.min_share * self._articles[source])

    def repeated(self, source: str) -> frozenset[int]:
        """Return the key numbers of the paragraphs that are boilerplate for a source."""
        found = self._repeated.get(source)
        if found is None:
            limit = self.threshold(source)
            counts: Counter[int] = self._counts.get(source) or Counter()
            found = frozenset(n for n, count in counts.items() if count >= limit)
            self._repeated[source] = found
        return found

    def finish(self) -> None:
        """Keep only what ``strip`` needs (each source's boilerplate paragraphs); the counts
        of every distinct paragraph go. No article is added after this."""
        for source in self._counts:
            self.repeated(source)
        self._counts = defaultdict(Counter)

    def strip(self, article: Article, numbers: tuple[int, ...] | None = None) -> Article:
        """Return the article without its source's repeated paragraphs; never empties a body.
        ``numbers``: its ``paragraph_numbers``, when already computed."""
        source = _source_key(article)
        repeated = self.repeated(source) if source in self._articles else None
        if not repeated:
            return article
        paragraphs = split_paragraphs(article.body)
        if numbers is None:
            numbers = tuple(map(_key_number, paragraphs))
        kept = [p for p, n in zip(paragraphs, numbers, strict=True) if n not in repeated]
        if not kept or len(kept) == len(paragraphs):
            return article
        provenance = dict(article.provenance)
        provenance["boilerplate"] = f"{len(paragraphs) - len(kept)} repeated paragraphs removed"
        return article.with_(body="\n\n".join(kept), provenance=provenance)


def _source_key(article: Article) -> str:
    if article.source:
        return article.source
    path = article.path.replace("\\", "/")
    return path.split("/", 1)[0] if "/" in path else ""
