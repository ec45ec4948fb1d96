"""Ranking: BM25F weighting and a top-N collector that breaks score ties by date, then id.

The title's ``field_boost`` (``indexer.schema.TITLE_BOOST``) multiplies its term frequencies at
index time, so a word in the headline weighs more; each field also gets its own length
normalisation ``B`` (headlines are short and similar in length, so length matters less there).
"""

from __future__ import annotations

from heapq import heappush, heapreplace
from typing import Any

from whoosh import scoring
from whoosh.collectors import TopCollector
from whoosh.query import Query
from whoosh.searching import Searcher

K1 = 1.2
BODY_B = 0.75
TITLE_B = 0.4
# Scores equal up to this much count as a tie (identical wire copies score identically).
TIE = 1e-9


def weighting() -> scoring.WeightingModel:
    """Return the weighting model every searcher uses."""
    return scoring.BM25F(B=BODY_B, K1=K1, title_B=TITLE_B)


class TieBreakCollector(TopCollector):
    """Top-N by score; equal scores rank newer first, then by id; only ``allow``-ed docnums.

    ``rank`` maps a docnum to its position in the (date desc, id) order. Whoosh's own collector
    breaks ties by docnum, which depends on indexing order, so it cannot be used as is. Block
    skipping stays on, with the threshold lowered by ``TIE`` so a tied document is still seen.
    """

    def __init__(self, limit: int, rank: list[int], allow: set[int] | frozenset[int]) -> None:
        super().__init__(limit=limit)
        self.rank = rank
        self.allow = allow

    def collect_matches(self) -> None:
        allow, offset, collect = self.allow, self.offset, self.collect
        for sub_docnum in self.matches():
            if sub_docnum + offset in allow:
                collect(sub_docnum)

    def _collect(self, global_docnum: int, score: float) -> Any:
        items = self.items
        self.total += 1
        entry = (score, -self.rank[global_docnum], global_docnum)
        if len(items) < self.limit:
            heappush(items, entry)
        elif entry > items[0]:
            heapreplace(items, entry)
            self.minscore = max(0.0, items[0][0] - TIE)
        else:
            return 0
        return 0 - score

    def ranked(self) -> list[tuple[float, int]]:
        """Return (score, docnum) best first."""
        return [(score, docnum) for score, _, docnum in sorted(self.items, reverse=True)]


def top_documents(
    searcher: Searcher, query: Query, limit: int, rank: list[int], allow: set[int] | frozenset[int]
) -> list[tuple[float, int]]:
    """Return the ``limit`` best (score, docnum) pairs among the allowed documents."""
    if limit <= 0 or not allow:
        return []
    collector = TieBreakCollector(limit, rank, allow)
    searcher.search_with_collector(query, collector)
    return collector.ranked()
