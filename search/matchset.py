"""Match sets: every document number a query matches, by set algebra over posting lists.

Totals and facet counts need the whole match set, not just the top hits. Each term's posting
list comes decoded from ``search.postings`` and queries combine them with Python's set
operators (which run in C). Phrases are checked by whoosh's own matcher.
"""

from __future__ import annotations

from whoosh import query as wq

from search.postings import Postings

DocSet = set[int] | frozenset[int]


def match_set(postings: Postings, query: wq.Query) -> DocSet:
    """Return the live document numbers matching ``query``."""
    if isinstance(query, wq.Every):
        return postings.live
    if isinstance(query, wq.Term):
        return set(postings.get(query.fieldname, query.text)[0])
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
    return set(postings.searcher.docs_for_query(query))
