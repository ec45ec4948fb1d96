"""Phase 2 of a build: decisions that need the whole corpus, made over the spooled articles.

- exact duplicates: the same id (the last article with it wins) or the same normalised body
  (indexed once, the first in corpus order; empty bodies, such as headline-only briefs, are
  never compared);
- boilerplate: paragraphs a source repeats in most of its articles (``RepeatedParagraphs``);
- near-duplicate groups: ``indexer.dedupe.NearDuplicateGrouper`` (a repeated body is left out of
  it: only its first copy is indexed).

``add`` sees every article once in phase 1; ``finish`` closes the statistics; ``select`` then
streams the articles to index.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from indexer.article import Article
from indexer.boilerplate import RepeatedParagraphs
from indexer.dedupe import NearDuplicateGrouper

if TYPE_CHECKING:
    from indexer.build import IndexReport


def body_key(body: str) -> bytes | None:
    """Return a digest of the body with case and spacing normalised (None for an empty body).

    >>> body_key("Oil  prices\\nrose.") == body_key("oil prices rose.")
    True
    """
    normalised = " ".join(body.casefold().split())
    if not normalised:
        return None
    return hashlib.blake2b(normalised.encode("utf-8"), digest_size=16).digest()


class CorpusPasses:
    """Collect corpus-wide statistics in phase 1; select and finish articles in phase 2."""

    def __init__(self) -> None:
        self.boilerplate = RepeatedParagraphs()
        self._last_position: dict[str, int] = {}
        self._count = 0
        self._groups: dict[str, str] = {}
        self.near_duplicates = NearDuplicateGrouper()
        self._grouped_bodies: set[bytes | None] = set()
        self._repeated_bodies = 0

    def add(self, article: Article) -> None:
        """Take note of one article, in corpus order."""
        self._last_position[article.id] = self._count
        self._count += 1
        self.boilerplate.add(article)
        key = body_key(article.body)
        if key not in self._grouped_bodies:
            self._grouped_bodies.add(key)
            self.near_duplicates.add(article)
        elif key is not None:
            self._repeated_bodies += 1

    def expected(self) -> int:
        """Return about how many articles ``select`` will yield (for a progress bar)."""
        return max(0, len(self._last_position) - self._repeated_bodies)

    def finish(self) -> None:
        """Close the statistics once every article was added."""
        self._groups = self.near_duplicates.groups()

    def select(
        self,
        articles: Iterator[Article],
        report: IndexReport,
        keep: Callable[[int], bool] | None = None,
    ) -> Iterator[Article]:
        """Yield the articles to index (the same sequence ``add`` saw), counting duplicates.

        ``keep(n)``, when given, picks which of the selected articles (numbered from 0) are
        finished and yielded: a writer process takes its share of one deterministic sequence.
        """
        seen_bodies: set[bytes] = set()
        ordinal = -1
        for position, article in enumerate(articles):
            if self._last_position.get(article.id) != position:
                report.duplicate_ids += 1
                continue
            key = body_key(article.body)
            if key is not None and key in seen_bodies:
                report.duplicate_bodies += 1
                continue
            if key is not None:
                seen_bodies.add(key)
            ordinal += 1
            if keep is not None and not keep(ordinal):
                continue
            article = self.boilerplate.strip(article)
            group = self._groups.get(article.id)
            yield article.with_(group=group) if group else article
