"""Mentions: keep the articles where the query's words occur at least N times (``min_mentions``).

A word's mentions in an article are its term frequency in the body plus in the headline (read
from the same posting lists the search decoded; headline weights carry the title boost, which is
divided out). A phrase counts as often as its rarest word occurs, an upper bound that is exact
for the usual case of a phrase whose words appear only together.
"""

from __future__ import annotations

from collections import Counter

from indexer.codec.postings import Postings, decode_frequency
from indexer.schema import TITLE_BOOST
from search.budget import checkpoint
from search.matchset import DocSet
from search.query.compile import Marks


def mention_counts(postings: Postings, marks: Marks, docs: DocSet) -> Counter[int]:
    """Return how often the marked words and phrases occur in each of ``docs``."""
    counts: Counter[int] = Counter()
    for stem in marks.stems:
        checkpoint()
        for field, scale in (("body", 1.0), ("title", 1.0 / TITLE_BOOST)):
            ids, weights = postings.get(field, stem)
            counts.update(
                {d: round(w * scale) for d, w in zip(ids, weights, strict=True) if d in docs}
            )
    for phrase in marks.phrases:
        least: dict[int, int] = {}
        for word in phrase:
            checkpoint()
            positions = postings.known_positions("exact", word) or postings.positions("exact", word)
            for docnum in docs:
                value = positions.get(docnum)
                count = decode_frequency(value) if value else 0
                least[docnum] = min(least.get(docnum, count), count)
        counts.update(least)
    return counts


def keep_mentioned(postings: Postings, marks: Marks, docs: DocSet, minimum: int) -> DocSet:
    """Return the documents of ``docs`` with at least ``minimum`` mentions."""
    if minimum <= 0 or (not marks.stems and not marks.phrases):
        return docs
    counts = mention_counts(postings, marks, docs)
    return {d for d in docs if counts[d] >= minimum}
