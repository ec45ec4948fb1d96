"""More like this: the articles sharing the most distinctive words of one article.

The article's own text is analyzed again (no term vectors are stored), its words weighed by
tf-idf, and the strongest become an OR query ranked like any search. Copies of the article (the
same normalised title or body, or its near-duplicate group) are left out: a reader looking for
related stories has already seen those.
"""

from __future__ import annotations

from collections import Counter
from math import log

from whoosh import query as wq
from whoosh.searching import Searcher

from indexer.analysis import words
from search.compile import stems_of
from search.ranking import top_documents

KEY_TERMS = 12
MIN_WORD = 3


def similar_documents(
    searcher: Searcher, docnum: int, limit: int, rank: list[int]
) -> list[tuple[float, int]]:
    """Return up to ``limit`` (score, docnum) of the articles most like ``docnum``."""
    stored = searcher.stored_fields(docnum)
    query = _key_terms_query(searcher, f"{stored.get('title', '')}\n{stored.get('body', '')}")
    if query is None or limit <= 0:
        return []
    own = _fingerprints(stored)
    allow = set(range(searcher.doc_count_all()))
    allow.discard(docnum)
    found: list[tuple[float, int]] = []
    for score, other in top_documents(searcher, query, limit * 4 + 10, rank, allow):
        fields = searcher.stored_fields(other)
        if own & _fingerprints(fields):
            continue
        found.append((score, other))
        if len(found) == limit:
            break
    return found


def _key_terms_query(searcher: Searcher, text: str) -> wq.Query | None:
    counts = Counter(s for s in stems_of(text) if len(s) >= MIN_WORD and not s.isdigit())
    total = max(1, searcher.doc_count())
    reader = searcher.reader()

    def weight(term: str) -> float:
        frequency = reader.doc_frequency("body", term)
        return counts[term] * log(1 + total / frequency) if frequency > 1 else 0.0

    top = sorted(counts, key=lambda t: (-weight(t), t))[:KEY_TERMS]
    clauses = [
        wq.Term(name, term) for term in top if weight(term) > 0 for name in ("title", "body")
    ]
    return wq.Or(clauses) if clauses else None


def _fingerprints(stored: dict) -> set[tuple[str, str]]:
    """Return what makes two articles copies: normalised title, normalised body, group."""
    marks = set()
    for field in ("title", "body", "group"):
        value = stored.get(field) or ""
        normal = " ".join(words(value)) if field != "group" else value
        if normal:
            marks.add((field, normal))
    return marks
