"""Match sets: every document number a query matches, by set algebra over posting lists.

Totals and facet counts need the whole match set, not just the top hits. Whoosh's
``docs_for_query`` steps its matchers one posting at a time in Python; here each term's posting
list is decoded a block at a time (the block's delta-encoded ids summed by
``itertools.accumulate``, in C) and queries combine them with Python's set operators (also C).
Queries without a set form here (phrases) fall back to whoosh's own matcher.
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import accumulate

from whoosh import query as wq
from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.reading import IndexReader
from whoosh.searching import Searcher

DocSet = set[int] | frozenset[int]


def match_set(searcher: Searcher, query: wq.Query, live: frozenset[int]) -> DocSet:
    """Return the live document numbers matching ``query``."""
    docs = _evaluate(searcher, query, live)
    return docs


def _evaluate(searcher: Searcher, query: wq.Query, live: frozenset[int]) -> DocSet:
    if isinstance(query, wq.Every):
        return live
    if isinstance(query, wq.Term):
        return term_docs(searcher, query.fieldname, [query.text], live)
    if isinstance(query, wq.And):
        sets = sorted((_evaluate(searcher, q, live) for q in query.subqueries), key=len)
        result = sets[0]
        for other in sets[1:]:
            if not result:
                break
            result = result & other
        return result
    if isinstance(query, wq.Or):
        sets = [_evaluate(searcher, q, live) for q in query.subqueries]
        return set().union(*sets)
    if isinstance(query, wq.AndNot):
        positive = _evaluate(searcher, query.a, live)
        return positive - _evaluate(searcher, query.b, live) if positive else positive
    if isinstance(query, wq.Prefix | wq.TermRange):
        reader = searcher.reader()
        return term_docs(searcher, query.fieldname, list(query._btexts(reader)), live)
    return set(searcher.docs_for_query(query))


def term_docs(
    searcher: Searcher, fieldname: str, texts: Iterable[str | bytes], live: frozenset[int]
) -> DocSet:
    """Return the live documents holding any of the terms in a field."""
    found: set[int] = set()
    for reader, offset in _leaves(searcher):
        for text in texts:
            if (fieldname, text) not in reader:
                continue
            ids = _posting_ids(reader, fieldname, text)
            found.update(ids if offset == 0 else (docnum + offset for docnum in ids))
    if searcher.reader().has_deletions():
        found &= live
    return found


def _leaves(searcher: Searcher) -> list[tuple[IndexReader, int]]:
    return [(s.reader(), offset) for s, offset in searcher.leaf_searchers()]


def _posting_ids(reader: IndexReader, fieldname: str, text: str | bytes) -> Iterable[int]:
    matcher = reader.postings(fieldname, text)
    matcher = getattr(matcher, "child", matcher)  # deletions wrap it; the caller filters them
    if isinstance(matcher, W3LeafMatcher):
        return _decode_blocks(matcher)
    return list(matcher.all_ids())


def _decode_blocks(matcher: W3LeafMatcher) -> list[int]:
    # Reads whoosh3's block layout directly (whoosh3 is pinned below 4 in pyproject.toml):
    # each block is (ids, weights, values); ids are delta-encoded unless stored as bytes.
    ids: list[int] = []
    while True:
        if matcher._data is None:
            matcher._read_data()
        block = matcher._data[0]
        ids.extend(block if matcher._byteids else accumulate(block))
        if matcher._lastblock:
            return ids
        matcher._goto(matcher._nextoffset)
