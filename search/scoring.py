"""BM25F scores of the matched documents, and the top N with ties broken by date, then id.

Scores are whoosh's own ``BM25F`` (``search.ranking``): the same idf (``searcher.idf``), average
field lengths, per-field ``B`` and the one-byte field lengths whoosh keeps, summed over the
query's terms the way whoosh's And/Or matchers sum their children. They are computed here from
decoded posting lists instead of whoosh's matchers, with every per-document step a C-level
``map``/``zip``: a score depends only on (weight, length), so each distinct pair is computed once.
"""

from __future__ import annotations

from heapq import nlargest
from itertools import compress, repeat
from operator import add

from whoosh import query as wq

from search.postings import FieldLengths, Postings, decode_frequency


class Scorer:
    """Scores candidate documents for one query (one instance per search)."""

    def __init__(self, postings: Postings, lengths: FieldLengths) -> None:
        self.postings = postings
        self.lengths = lengths

    def scores(self, query: wq.Query, docs: list[int]) -> list[float]:
        """Return the score of each document in ``docs`` (all assumed to match ``query``)."""
        if isinstance(query, wq.Term):
            return self._term(query.fieldname, query.text, docs)
        if isinstance(query, wq.And | wq.Or):
            return _sum(self.scores(q, docs) for q in query.subqueries)
        if isinstance(query, wq.AndNot):
            return self.scores(query.a, docs)
        if isinstance(query, wq.Phrase):
            return _sum(self._phrase_word(query.fieldname, word, docs) for word in query.words)
        return [0.0] * len(docs)  # Every, dates: no preference (ties break by date)

    def _phrase_word(self, field: str, text: str, docs: list[int]) -> list[float]:
        """Score one word of a phrase from the positions already read to match it."""
        known = self.postings.known_positions(field, text)
        lengths = self.lengths.lengths.get(field)
        if known is None or lengths is None or self.postings.decoded(field, text):
            return self._term(field, text, docs)  # the weights are at hand
        table = self.lengths.saturation[field]
        idf = self.postings.searcher.idf(field, text)
        return [
            idf * table[(float(decode_frequency(known[d])), lengths[d])] if d in known else 0.0
            for d in docs
        ]

    def _term(self, field: str, text: str, docs: list[int]) -> list[float]:
        lengths = self.lengths.lengths.get(field)
        if lengths is None:  # countries, topics ...: filters, not evidence
            return [0.0] * len(docs)
        ids, weights = self.postings.get(field, text)
        if not ids:
            return [0.0] * len(docs)
        table = self.lengths.saturation[field]
        pairs = zip(weights, map(lengths.__getitem__, ids), strict=True)
        by_doc = dict(zip(ids, map(table.__getitem__, pairs), strict=True))
        idf = self.postings.searcher.idf(field, text)
        return list(map(idf.__mul__, map(by_doc.get, docs, repeat(0.0))))


def _sum(parts: object) -> list[float]:
    total: list[float] | None = None
    for part in parts:  # type: ignore[attr-defined]
        total = part if total is None else list(map(add, total, part))
    return total or []


def top_ranked(
    docs: list[int], scores: list[float], rank: list[int], limit: int
) -> list[tuple[float, int]]:
    """Return the ``limit`` best (score, docnum): higher score, then newer, then smaller id."""
    if limit <= 0 or not docs:
        return []
    if limit >= len(docs):
        chosen = list(zip(scores, docs, strict=True))
    else:
        threshold = nlargest(limit, scores)[-1]
        keep = list(compress(range(len(docs)), map(threshold.__le__, scores)))
        chosen = [(scores[i], docs[i]) for i in keep]  # every tie at the threshold too
    chosen.sort(key=lambda pair: (-pair[0], rank[pair[1]]))
    return chosen[:limit]
