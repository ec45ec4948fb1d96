"""More like this: the articles sharing the most distinctive words of one article.

The article's own text is analyzed again (no term vectors are stored), its words weighed by
tf-idf, and the strongest become an OR query ranked like any search. Copies of the article (the
same normalised title or body, or its near-duplicate group) are left out: a reader looking for
related stories has already seen those.
"""

from __future__ import annotations

from collections import Counter
from math import log
from typing import Any

from whoosh import query as wq

from indexer.analysis import words
from search.matchset import match_set
from search.query.compile import stems_of
from search.scoring import top_ranked
from search.view import View

KEY_TERMS = 12
MIN_WORD = 3


def similar_documents(view: View, docnum: int, limit: int) -> list[tuple[float, int]]:
    """Return up to ``limit`` (score, docnum) of the articles most like ``docnum``."""
    searcher = view.searcher
    stored = searcher.reader().stored_fields(docnum)
    query = _key_terms_query(view, f"{stored.get('title', '')}\n{stored.get('body', '')}")
    if query is None or limit <= 0:
        return []
    postings = view.postings()
    docs = list(match_set(postings, query) - {docnum})
    scores = view.scorer(postings).scores(query, docs)
    own = _fingerprints(stored)
    found: list[tuple[float, int]] = []
    for score, other in top_ranked(docs, scores, view.columns.rank, limit * 4 + 10):
        if own & _fingerprints(searcher.reader().stored_fields(other)):
            continue
        found.append((score, other))
        if len(found) == limit:
            break
    return found


def _key_terms_query(view: View, text: str) -> wq.Query | None:
    counts = Counter(s for s in stems_of(text) if len(s) >= MIN_WORD and not s.isdigit())
    reader = view.searcher.reader()
    total = max(1, reader.doc_count())

    def weight(term: str) -> float:
        frequency = reader.doc_frequency("body", term)
        return counts[term] * log(1 + total / frequency) if frequency > 1 else 0.0

    top = sorted(counts, key=lambda t: (-weight(t), t))[:KEY_TERMS]
    clauses = [
        wq.Term(name, term) for term in top if weight(term) > 0 for name in ("title", "body")
    ]
    return wq.Or(clauses) if clauses else None


def _fingerprints(stored: dict[str, Any]) -> set[tuple[str, str]]:
    """Return what makes two articles copies: normalised title, normalised body, group."""
    marks = set()
    for field in ("title", "body", "group"):
        value = stored.get(field) or ""
        normal = " ".join(words(value)) if field != "group" else value
        if normal:
            marks.add((field, normal))
    return marks
