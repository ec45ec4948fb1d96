"""Match sets: every document number a query matches, by set algebra over posting lists.

Totals and facet counts need the whole match set, not just the top hits. Each term's posting
list comes decoded from ``indexer.codec.postings`` and queries combine them with Python's set
operators (which run in C); the words of tiered queries are counted in numpy arrays
(``match_mask``). Phrases check the word positions of the documents holding all their words,
all documents at once with numpy (one sorted array of (document, position) numbers a word), and
so do proximity phrases (``Near``).
"""

from __future__ import annotations

from itertools import repeat
from operator import itemgetter, sub

import numpy as np
from whoosh import query as wq

from indexer.codec.positions import iter_positions, position_arrays
from indexer.codec.postings import Postings
from search.budget import checkpoint
from search.query.near import Near

DocSet = set[int] | frozenset[int]
# A phrase word in this many times more documents than the candidates is looked up, not read.
SKIP_RATIO = 8
_STRIDE = 1 << 32  # (document, position) as one number: more than any position
CHECK_EVERY = 2048  # documents of a phrase checked between two budget checkpoints (pickled)


def match_set(postings: Postings, query: wq.Query) -> DocSet:
    """Return the live document numbers matching ``query``."""
    if isinstance(query, wq.Every):
        return postings.live
    if isinstance(query, wq.Term):
        return set(postings.get(query.fieldname, query.text)[0])
    checkpoint()
    if isinstance(query, Near):  # before wq.And: a Near is one
        return near_docs(postings, query.fieldname, query.words, query.within)
    if isinstance(query, wq.And):
        sets = sorted((match_set(postings, q) for q in query.subqueries), key=len)
        result = sets[0]
        for other in sets[1:]:
            if not result:
                break
            result = result & other
        return result
    if isinstance(query, wq.Or):
        return set().union(*(match_set(postings, q) for q in query.subqueries))
    if isinstance(query, wq.AndNot):
        positive = match_set(postings, query.a)
        return positive - match_set(postings, query.b) if positive else positive
    if isinstance(query, wq.Prefix | wq.TermRange):
        texts = list(query._btexts(postings.searcher.reader()))
        return set().union(*(postings.get(query.fieldname, t)[0] for t in texts))
    if isinstance(query, wq.Phrase) and query.slop == 1 and len(query.words) > 1:
        return phrase_docs(postings, query.fieldname, query.words)
    return set(postings.searcher.docs_for_query(query))


def match_mask(postings: Postings, query: wq.Query, size: int) -> np.ndarray:
    """Return the documents matching ``query`` as a boolean array over document numbers.

    A word's terms (``title:oil OR body:oil``) are set straight from their posting arrays;
    anything else goes through ``match_set``.
    """
    subqueries = query.subqueries if isinstance(query, wq.Or) else [query]
    mask = np.zeros(size, np.bool_)
    if all(isinstance(q, wq.Term) for q in subqueries):
        for term in subqueries:
            mask[postings.arrays(term.fieldname, term.text)[0]] = True  # type: ignore[attr-defined]
    else:
        docs = match_set(postings, query)
        mask[np.fromiter(docs, np.int64, len(docs))] = True
    return mask


def phrase_docs(postings: Postings, field: str, words: list[str]) -> set[int]:
    """Return the documents where ``words`` occur one after the other."""
    candidates, encoded = _positions(postings, field, words)
    if not candidates:
        return candidates
    counts = _adjacent(candidates, [encoded[word] for word in words])
    postings.phrase_counts[(field, tuple(words))] = counts  # the phrase's frequency, for scoring
    return set(counts)


def near_docs(postings: Postings, field: str, words: list[str], within: int) -> set[int]:
    """Return the documents where all ``words`` occur, in any order, within a stretch of text
    holding at most ``within`` other words (``"rate cut"~5``)."""
    distinct = list(dict.fromkeys(words))
    candidates, encoded = _positions(postings, field, distinct)
    if not candidates:
        return candidates
    docs = sorted(candidates)
    keys = []
    for word in distinct:
        checkpoint()
        numbers, positions = position_arrays(list(map(encoded[word].__getitem__, docs)))
        keys.append(numbers * _STRIDE + positions)
    # The shortest stretch starting at an occurrence holds every word's next occurrence from
    # there: a match when it spans at most len(words) + within positions (in one document:
    # another document's numbers are _STRIDE apart).
    starts = np.unique(np.concatenate(keys))
    span = np.zeros(len(starts), np.int64)
    for word_keys in keys:
        checkpoint()
        at = np.searchsorted(word_keys, starts)
        found = np.append(word_keys, np.int64(np.iinfo(np.int64).max // 2))[at]
        np.maximum(span, found - starts, out=span)
    matched = starts[span <= len(distinct) - 1 + within] // _STRIDE
    return set(np.asarray(docs, np.int64)[np.unique(matched)].tolist())


def _positions(
    postings: Postings, field: str, words: list[str]
) -> tuple[set[int], dict[str, dict[int, bytes]]]:
    """Return the documents holding every word, and each word's encoded positions by document
    (at least for those documents)."""
    by_rarity = sorted(set(words), key=lambda w: postings.frequency(field, w))
    candidates = set(postings.get(field, by_rarity[0])[0])
    encoded = {by_rarity[0]: postings.positions(field, by_rarity[0])}
    for word in by_rarity[1:]:
        if not candidates:
            break
        if postings.frequency(field, word) > SKIP_RATIO * len(candidates):
            encoded[word] = postings.positions_of(field, word, sorted(candidates))
            candidates.intersection_update(encoded[word])
        else:
            candidates.intersection_update(postings.get(field, word)[0])
            encoded[word] = postings.positions(field, word)
    return candidates, encoded


def _adjacent(candidates: set[int], encoded: list[dict[int, bytes]]) -> dict[int, int]:
    """Return the candidates where word i occurs at some position p + i, for every word i,
    with the number of times the phrase occurs in each."""
    # Every (document, position - i) of word i as one number, sorted; a phrase start is a
    # number of the first word found in every other word's numbers.
    docs = sorted(candidates)
    if not docs:
        return {}
    values = [list(map(by_doc.__getitem__, docs)) for by_doc in encoded]
    if not all(map(itemgetter(0), values[0])):  # whoosh's layout (an index built before)
        return _adjacent_pickled(docs, values)
    starts = np.zeros(0, np.int64)
    for offset, word_values in enumerate(values):
        checkpoint()
        numbers, positions = position_arrays(word_values)
        keys = numbers * _STRIDE + (positions - offset)
        if not offset:
            starts = keys[np.concatenate(([True], keys[1:] != keys[:-1]))]  # distinct
            continue
        at = np.minimum(np.searchsorted(keys, starts), len(keys) - 1)
        starts = starts[keys[at] == starts] if len(keys) else keys
        if not len(starts):
            return {}
    per_doc = np.bincount(starts // _STRIDE, minlength=len(docs))
    return {docs[i]: int(per_doc[i]) for i in np.flatnonzero(per_doc).tolist()}


def _adjacent_pickled(docs: list[int], values: list[list[bytes]]) -> dict[int, int]:
    """``_adjacent`` for positions in whoosh's layout, a pickle each: document by document."""
    found = {}
    for count, docnum in enumerate(docs):
        if not count % CHECK_EVERY:
            checkpoint()
        starts = set(iter_positions(values[0][count]))
        for offset, word_values in enumerate(values[1:], start=1):
            starts.intersection_update(map(sub, iter_positions(word_values[count]), repeat(offset)))
            if not starts:
                break
        else:
            found[docnum] = len(starts)
    return found
