"""Phase 2 of a build: decisions that need the whole corpus, made over the spooled articles.

- exact duplicates: the same id (the last article with it wins) or the same normalised body
  (indexed once, the first in corpus order; empty bodies, such as headline-only briefs, are
  never compared);
- boilerplate: paragraphs a source repeats in most of its articles (``RepeatedParagraphs``);
- near-duplicate groups: ``indexer.passes.dedupe.NearDuplicateGrouper`` (a repeated body is left out
  of it: only its first copy is indexed).

``add`` sees every article once in phase 1, with its ``Fingerprint`` (what these passes need
of it, computed where the article is extracted, in parallel); ``finish`` closes the
statistics; ``select`` then streams the articles to index from ``SpoolRecord`` values, which
carry the fingerprint so nothing is computed twice and a writer process unpickles only the
articles of its own share.
"""

from __future__ import annotations

import hashlib
import pickle
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from indexer.article import Article
from indexer.passes.boilerplate import RepeatedParagraphs, paragraph_numbers
from indexer.passes.dedupe import NearDuplicateGrouper, article_signature

if TYPE_CHECKING:
    from indexer.report import IndexReport


def body_key(body: str) -> bytes | None:
    """Return a digest of the body with case and spacing normalised (None for an empty body).

    >>> body_key("Oil  prices\\nrose.") == body_key("oil prices rose.")
    True
    """
    normalised = " ".join(body.casefold().split())
    if not normalised:
        return None
    return hashlib.blake2b(normalised.encode("utf-8"), digest_size=16).digest()


@dataclass(frozen=True, slots=True)
class Fingerprint:
    """What the corpus passes need of one article."""

    body_key: bytes | None  # see body_key
    paragraphs: tuple[int, ...]  # see boilerplate.paragraph_numbers
    signature: bytes | None  # see dedupe.article_signature


def fingerprint_of(article: Article) -> Fingerprint:
    """Return the article's fingerprint."""
    numbers = paragraph_numbers(article.body)
    return Fingerprint(body_key(article.body), numbers, article_signature(article))


# (article id, body key, paragraph numbers, the article pickled, or the article itself)
SpoolRecord = tuple[str, bytes | None, tuple[int, ...], bytes | Article]


def spool_record(article: Article, fingerprint: Fingerprint, pickled: bool = True) -> SpoolRecord:
    """Return what ``select`` reads of an article (pickled: to be spooled to a file)."""
    kept: bytes | Article = (
        pickle.dumps(article, protocol=pickle.HIGHEST_PROTOCOL) if pickled else article
    )
    return article.id, fingerprint.body_key, fingerprint.paragraphs, kept


class CorpusPasses:
    """Collect corpus-wide statistics in phase 1; select and finish articles in phase 2."""

    def __init__(self) -> None:
        self.boilerplate = RepeatedParagraphs()
        self._last_position: dict[str, int] = {}
        self._superseded: set[int] = set()  # positions of articles whose id comes again
        self._count = 0
        self._groups: dict[str, str] = {}
        self.near_duplicates: NearDuplicateGrouper | None = NearDuplicateGrouper()
        self._grouped_bodies: set[bytes | None] = set()
        self._repeated_bodies = 0
        self._expected: int | None = None

    def add(self, article: Article, fingerprint: Fingerprint | None = None) -> Fingerprint:
        """Take note of one article, in corpus order; return its fingerprint (``fingerprint``
        when given)."""
        if self.near_duplicates is None:
            raise RuntimeError("add after finish")
        if fingerprint is None:
            fingerprint = fingerprint_of(article)
        previous = self._last_position.get(article.id)
        if previous is not None:
            self._superseded.add(previous)
        self._last_position[article.id] = self._count
        self._count += 1
        self.boilerplate.add(article, fingerprint.paragraphs)
        key = fingerprint.body_key
        if key not in self._grouped_bodies:
            self._grouped_bodies.add(key)
            self.near_duplicates.add_signed(article, fingerprint.signature)
        elif key is not None:
            self._repeated_bodies += 1
        return fingerprint

    def expected(self) -> int:
        """Return about how many articles ``select`` will yield (for a progress bar)."""
        if self._expected is not None:
            return self._expected
        return max(0, len(self._last_position) - self._repeated_bodies)

    def finish(self) -> None:
        """Close the statistics once every article was added, and let go of the per-article
        tables only phase 1 needs (signatures, ids, body keys: ~600 bytes an article, which
        writer processes forked afterwards would otherwise share and partly copy)."""
        if self.near_duplicates is None:
            return
        self._expected = self.expected()
        self._groups = self.near_duplicates.groups()
        self.boilerplate.finish()
        self.near_duplicates = None
        self._last_position = {}
        self._grouped_bodies = set()

    def select(
        self,
        records: Iterator[SpoolRecord],
        report: IndexReport,
        keep: Callable[[int], bool] | None = None,
    ) -> Iterator[Article]:
        """Yield the articles to index (of the sequence ``add`` saw), counting duplicates.

        ``keep(n)``, when given, picks which of the selected articles (numbered from 0) are
        finished and yielded: a writer process takes its share of one deterministic sequence.
        """
        seen_bodies: set[bytes] = set()
        ordinal = -1
        for position, (_article_id, key, paragraphs, kept) in enumerate(records):
            if position in self._superseded:  # a later article has the same id
                report.duplicate_ids += 1
                continue
            if key is not None and key in seen_bodies:
                report.duplicate_bodies += 1
                continue
            if key is not None:
                seen_bodies.add(key)
            ordinal += 1
            if keep is not None and not keep(ordinal):
                continue
            article = pickle.loads(kept) if isinstance(kept, bytes) else kept
            article = self.boilerplate.strip(article, paragraphs)
            group = self._groups.get(article.id)
            yield article.with_(group=group) if group else article
