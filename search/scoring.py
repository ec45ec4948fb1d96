"""BM25F scores of the matched documents, and the top N with ties broken by date, then id.

Scores are whoosh's own ``BM25F`` (``search.ranking``): the same idf (``searcher.idf``), average
field lengths, per-field ``B`` and the one-byte field lengths whoosh keeps, summed over the
query's terms the way whoosh's And/Or matchers sum their children. They are computed here from
decoded posting lists instead of whoosh's matchers: each term adds its postings' scores into one
list indexed by document number, every step a C-level ``map``; a term's score depends only on
(weight, length), so each distinct pair is computed once per field and generation. A phrase
scores like one term of its field: its number of occurrences (counted when it was matched) with
the sum of its words' idf, as Lucene scores phrases; whoosh itself adds up the words' scores.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import deque
from collections.abc import Mapping
from heapq import nlargest
from itertools import compress, repeat
from operator import add, eq
from typing import Any

from whoosh import query as wq

from indexer.codec.postings import Postings, decode_frequency
from search.field_lengths import FieldLengths

Key = str | tuple[str, ...]  # a term, or a phrase's words
FEW = 64  # up to this many documents (a page sorted by date), score each one by lookup
GATHER_RATIO = 4  # a term with this many times more postings than documents to score is looked up


class Scorer:
    """Scores candidate documents for one query (one instance per search)."""

    def __init__(self, postings: Postings, lengths: FieldLengths) -> None:
        self.postings = postings
        self.lengths = lengths
        self._partial: dict[tuple[str, Key], tuple[list[int], list[float]]] = {}

    def scores(self, query: wq.Query, docs: list[int]) -> list[float]:
        """Return the score of each document in ``docs`` (all assumed to match ``query``)."""
        if len(docs) <= FEW:
            return [self._score_one(query, docnum) for docnum in docs]
        size = len(self.lengths.lengths["body"])
        dense = [0.0] * size  # docnum -> score: every term adds its postings' scores in place
        self._accumulate(query, dense, docs)
        return list(map(dense.__getitem__, docs))

    def _accumulate(self, query: wq.Query, dense: list[float], docs: list[int]) -> None:
        postings = []
        for field, text in _scored_terms(query, self.postings.phrase_counts):
            lengths = self.lengths.lengths.get(field)
            if lengths is None:  # countries, topics ...: filters, not evidence
                continue
            ids, weights = self._weights(field, text)
            if len(docs) * GATHER_RATIO < len(ids):  # few matches of a common word: look them up
                ids, weights = _gather(ids, weights, docs)
            postings.append((len(ids), field, text, ids, weights, lengths))
        postings.sort(key=lambda entry: -entry[0])
        for number, (_, field, text, ids, weights, lengths) in enumerate(postings):
            table = self.lengths.saturation[field]
            idf = self._idf(field, text)
            pairs = zip(weights, map(lengths.__getitem__, ids), strict=True)
            term_scores = map(idf.__mul__, map(table.__getitem__, pairs))
            if number:  # ids are distinct: each slot is read once, then written once
                term_scores = map(add, map(dense.__getitem__, ids), term_scores)
            # the longest posting list goes first, into zeros: a plain store
            deque(map(dense.__setitem__, ids, term_scores), maxlen=0)

    def _score_one(self, query: wq.Query, docnum: int) -> float:
        total = 0.0
        for field, text in _scored_terms(query, self.postings.phrase_counts):
            lengths = self.lengths.lengths.get(field)
            if lengths is None:
                continue
            ids, weights = self._weights(field, text)
            i = bisect_left(ids, docnum)
            if i < len(ids) and ids[i] == docnum:
                pair = (weights[i], lengths[docnum])
                total += (
                    self.postings.searcher.idf(field, text) * self.lengths.saturation[field][pair]
                )
        return total

    def _idf(self, field: str, text: Key) -> float:
        idf = self.postings.searcher.idf
        return sum(idf(field, w) for w in text) if isinstance(text, tuple) else idf(field, text)

    def _weights(self, field: str, text: Key) -> tuple[list[int], list[float]]:
        """Return (docnums, weights) of a term, from positions already read when possible.

        A phrase (a tuple of words) weighs its number of occurrences, as counted when it was
        matched: scored like one term whose idf is the sum of its words' (as Lucene does).
        """
        if isinstance(text, tuple):
            partial = self._partial.get((field, text))
            if partial is None:
                counts = self.postings.phrase_counts[(field, text)]
                ids = sorted(counts)
                partial = self._partial[(field, text)] = ids, [float(counts[d]) for d in ids]
            return partial
        if not self.postings.decoded(field, text):
            known = self.postings.known_positions(field, text)
            if known is not None:  # a common phrase word read only where needed
                partial = self._partial.get((field, text))
                if partial is None:
                    ids = sorted(known)
                    partial = ids, [float(decode_frequency(known[d])) for d in ids]
                    self._partial[(field, text)] = partial
                return partial
        return self.postings.get(field, text)


def _gather(ids: list[int], weights: list[float], docs: list[int]) -> tuple[list[int], list[float]]:
    """Return the postings (ids, weights) of the given documents, by binary search (in C)."""
    last = len(ids) - 1
    at = list(map(min, map(bisect_left, repeat(ids), docs), repeat(last)))
    present = list(map(eq, map(ids.__getitem__, at), docs))
    return list(compress(docs, present)), list(map(weights.__getitem__, compress(at, present)))


def _scored_terms(query: wq.Query, phrases: Mapping[Any, Any]) -> list[tuple[str, Key]]:
    """Return the (field, term or phrase) whose BM25 scores add up to a document's score."""
    if isinstance(query, wq.Term):
        return [(query.fieldname, query.text)]
    if isinstance(query, wq.And | wq.Or):
        return [term for q in query.subqueries for term in _scored_terms(q, phrases)]
    if isinstance(query, wq.AndNot):
        return _scored_terms(query.a, phrases)
    if isinstance(query, wq.Phrase):
        words = tuple(query.words)
        if (query.fieldname, words) in phrases:  # matched here: its occurrences are counted
            return [(query.fieldname, words)]
        return [(query.fieldname, word) for word in words]
    return []  # Every, dates: no preference (ties break by date)


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
