"""BM25F scores of the matched documents, and the top N with ties broken by date, then id.

Scores are whoosh's own ``BM25F`` (``search.ranking``): the same idf (``searcher.idf``), average
field lengths, per-field ``B`` and the one-byte field lengths whoosh keeps, summed over the
query's terms the way whoosh's And/Or matchers sum their children. They are computed here from
decoded posting lists instead of whoosh's matchers, as numpy arrays: each term's BM25 is
whoosh's formula applied to its postings' weights and lengths at once (the same float
operations in the same order, so the same numbers), added into one array indexed by document
number. A phrase scores like one term of its field: its number of occurrences (counted when it
was matched) with the sum of its words' idf, as Lucene scores phrases; whoosh itself adds up
the words' scores.

A word found in both the headline and the body is not counted as two full pieces of evidence:
its better field counts whole and the other at ``TIE_BREAKER`` (Elasticsearch's ``multi_match``
``best_fields`` with a tie breaker), so a headline that repeats the body's word adds less than
the word's own score again (``bench/RESULTS.md``: held-out HuffPost nDCG@10 0.365 -> 0.373).
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
from whoosh import query as wq

from indexer.codec.postings import Postings, decode_frequency
from search.field_lengths import FieldLengths
from search.ranking import K1, TIE_BREAKER

Key = str | tuple[str, ...]  # a term, or a phrase's words
FEW = 64  # up to this many documents (a page sorted by date), score each one by lookup
GATHER_RATIO = 4  # a term with this many times more postings than documents to score is looked up


class Scorer:
    """Scores candidate documents for one query (one instance per search)."""

    def __init__(self, postings: Postings, lengths: FieldLengths) -> None:
        self.postings = postings
        self.lengths = lengths
        self._partial: dict[tuple[str, Key], tuple[list[int], list[float]]] = {}

    def scores(self, query: wq.Query, docs: Sequence[int] | np.ndarray) -> list[float]:
        """Return the score of each document in ``docs`` (all assumed to match ``query``)."""
        return self.score_array(query, np.asarray(docs, np.int64)).tolist()

    def score_array(self, query: wq.Query, docs: np.ndarray) -> np.ndarray:
        """Return the scores of ``docs`` (an array of document numbers) as an array."""
        if len(docs) <= FEW:
            return np.array([self._score_one(query, d) for d in docs.tolist()], np.float64)
        dense = np.zeros(self.lengths.size, np.float64)  # docnum -> score
        wanted = np.zeros(self.lengths.size, np.bool_)
        wanted[docs] = True
        terms = []
        counted = _counted_terms(query, self.postings.phrase_counts)
        for (field, text), times in counted.items():
            lengths = self.lengths.lengths.get(field)
            if lengths is None:  # countries, topics ...: filters, not evidence
                continue
            ids, weights = self._arrays(field, text)
            if len(docs) * GATHER_RATIO < len(ids):  # few matches of a common word
                present = wanted[ids]
                ids, weights = ids[present], weights[present]
            terms.append((len(ids), field, text, times, ids, weights, lengths))
        terms.sort(key=lambda entry: -entry[0])  # as before: the same order of additions
        fields: dict[Key, dict[str, tuple[np.ndarray, np.ndarray]]] = {}  # a word's part per field
        typed = _times_typed(counted)
        for _, field, text, times, ids, weights, lengths in terms:
            average, b = self.lengths.saturation[field].average, self.lengths.saturation[field].b
            saturation = (weights * (K1 + 1)) / (
                weights + K1 * ((1 - b) + b * lengths[ids] / average)
            )
            if field == "title":  # a headline that repeats the lead is not evidence again
                saturation[self.lengths.lead_titles[ids]] = 0.0
            part = self._idf(field, text) * saturation
            dense[ids] += times * part  # ids are distinct
            fields.setdefault(text, {})[field] = ids, part
        for text, parts in fields.items():
            if len(parts) == 2:  # in the headline and the body: the lesser counts in part
                (ids_a, part_a), (ids_b, part_b) = parts.values()
                _, at_a, at_b = np.intersect1d(ids_a, ids_b, True, True)
                lesser = np.minimum(part_a[at_a], part_b[at_b])
                dense[ids_a[at_a]] -= (1 - TIE_BREAKER) * typed[text] * lesser
        return dense[docs]

    def _score_one(self, query: wq.Query, docnum: int) -> float:
        total = 0.0
        fields: dict[Key, dict[str, float]] = {}  # a word's score per field it is found in
        counted = _counted_terms(query, self.postings.phrase_counts)
        for (field, text), times in counted.items():
            lengths = self.lengths.lengths.get(field)
            if lengths is None or (field == "title" and self.lengths.lead_titles[docnum]):
                continue
            ids, weights = self._weights(field, text)
            i = bisect_left(ids, docnum)
            if i < len(ids) and ids[i] == docnum:
                pair = (weights[i], int(lengths[docnum]))
                part = self._idf(field, text) * self.lengths.saturation[field][pair]
                total += times * part
                fields.setdefault(text, {})[field] = part
        typed = _times_typed(counted)
        for text, parts in fields.items():
            if len(parts) == 2:  # in the headline and the body: the lesser counts in part
                total -= (1 - TIE_BREAKER) * typed[text] * min(parts.values())
        return total

    def _idf(self, field: str, text: Key) -> float:
        idf = self.postings.searcher.idf
        return sum(idf(field, w) for w in text) if isinstance(text, tuple) else idf(field, text)

    def _arrays(self, field: str, text: Key) -> tuple[np.ndarray, np.ndarray]:
        ids, weights = self._weights(field, text)
        if not isinstance(text, tuple) and self.postings.decoded(field, text):
            return self.postings.arrays(field, text)
        return np.array(ids, np.int64), np.array(weights, np.float64)

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


def _counted_terms(query: wq.Query, phrases: Mapping[Any, Any]) -> Counter[tuple[str, Key]]:
    """Return each scored (field, term or phrase) with how many times the query holds it (a
    word typed twice: 2), so that each is scored once and weighs as often as it is typed; a
    term's boost (a fuzzy word's variant: its similarity) counts as a fraction of a time."""
    counted: Counter[tuple[str, Key]] = Counter()
    for key, weight in _scored_terms(query, phrases):
        counted[key] += weight  # type: ignore[assignment]  # a fraction for a boosted term
    return counted


def _times_typed(counted: Counter[tuple[str, Key]]) -> dict[Key, int]:
    """Return how many times each word is searched in every field it is searched in."""
    typed: dict[Key, int] = {}
    for (_, text), count in counted.items():
        typed[text] = min(typed.get(text, count), count)
    return typed


def _scored_terms(
    query: wq.Query, phrases: Mapping[Any, Any]
) -> list[tuple[tuple[str, Key], float]]:
    """Return the (field, term or phrase) whose BM25 scores add up to a document's score, each
    with its weight (its boost: 1 but for a fuzzy word's variants)."""
    if isinstance(query, wq.Term):
        return [((query.fieldname, query.text), query.boost)]
    if isinstance(query, wq.And | wq.Or):
        return [term for q in query.subqueries for term in _scored_terms(q, phrases)]
    if isinstance(query, wq.AndNot):
        return _scored_terms(query.a, phrases)
    if isinstance(query, wq.Phrase):
        words = tuple(query.words)
        if (query.fieldname, words) in phrases:  # matched here: its occurrences are counted
            return [((query.fieldname, words), 1.0)]
        return [((query.fieldname, word), 1.0) for word in words]
    return []  # Every, dates: no preference (ties break by date)


def top_ranked(
    docs: Sequence[int] | np.ndarray,
    scores: Sequence[float] | np.ndarray,
    rank: Sequence[int],
    limit: int,
) -> list[tuple[float, int]]:
    """Return the ``limit`` best (score, docnum): higher score, then newer, then smaller id."""
    if limit <= 0 or not len(docs):
        return []
    doc_array = np.asarray(docs, np.int64)
    score_array = np.asarray(scores, np.float64)
    if limit < len(doc_array):  # keep every tie at the threshold too
        threshold = np.partition(score_array, len(score_array) - limit)[len(score_array) - limit]
        keep = score_array >= threshold
        doc_array, score_array = doc_array[keep], score_array[keep]
    ranks = np.asarray(rank)[doc_array] if isinstance(rank, np.ndarray) else _ranks(rank, doc_array)
    order = np.lexsort((ranks, -score_array))[:limit]
    return list(zip(score_array[order].tolist(), doc_array[order].tolist(), strict=True))


def _ranks(rank: Sequence[int], docs: np.ndarray) -> np.ndarray:
    return np.fromiter(map(rank.__getitem__, docs.tolist()), np.int64, len(docs))
