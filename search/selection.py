"""The matches of a request before paging (``select``), and their ranking (``rank``).

What search results, exports and the story collapse all start from: the query parsed and
compiled, its match set narrowed by dates, mentions, facet filters and exclusions, then scored
and ordered for one slice (plain words side by side in tiers, ``search.tiers``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import cached_property
from heapq import nsmallest
from itertools import islice

import numpy as np
from whoosh import query as wq

from indexer.codec.postings import Postings
from newsarchive.errors import QueryError, UnknownValue
from newsarchive.settings import Settings
from search.budget import budget, checkpoint
from search.matchset import DocSet, match_mask, match_set
from search.mentions import keep_mentioned
from search.query.compile import Compiled, compile_query
from search.query.parse import Node, means_every_article, parse_query
from search.request import check_query_length
from search.results import MISSING, SearchRequest
from search.scoring import top_ranked
from search.suggest import MORE_COMMON, suggest_query
from search.tiers import (
    idf_shares,
    is_keyword_query,
    ranking_keys,
    tier_notice,
    untiered,
    word_counts,
)
from search.view import View

SOURCES_LISTED = 10  # sources named when a source filter names none of them


@dataclass
class Selection:
    """The matches of a request, before paging: what results and exports both start from."""

    node: Node | None
    compiled: Compiled
    postings: Postings
    wanted: dict[str, set[str]]  # filter values per facet, as stored
    base: DocSet  # query (and dates, mentions) without the facet filters
    final: DocSet  # ... and with them
    complete: int  # matches holding every word of the query (all of them but in tiers)
    counts: np.ndarray | None = None  # plain words in tiers: docnum -> words it holds
    shares: np.ndarray | None = None  # ... in a description: docnum -> share of its idf held
    notice: str | None = None  # what was done, in words ("93 articles have all the words; ...")
    corrected: str | None = None  # the respelled query searched instead of the one typed

    @cached_property
    def final_docs(self) -> np.ndarray:
        """Return ``final`` as an array of document numbers (in no particular order)."""
        return np.fromiter(self.final, np.int64, len(self.final))

    @cached_property
    def base_docs(self) -> np.ndarray:
        """Return ``base`` as an array of document numbers (in no particular order)."""
        if self.base is self.final:
            return self.final_docs
        return np.fromiter(self.base, np.int64, len(self.base))


def select(view: View, request: SearchRequest, settings: Settings) -> Selection:
    """Return every match of a request (raises QueryError for an unsearchable query).

    Sort and paging make no difference to the matches, so a repeat of the thread's last
    request with other ones (a page's chart after its hits) reuses its selection.
    """
    key = (
        request.q,
        tuple(sorted((name, tuple(values)) for name, values in request.filters.items())),
        tuple(sorted((name, tuple(values)) for name, values in request.exclude.items())),
        request.date_from,
        request.date_to,
        request.min_mentions,
        request.correct,
    )
    selection = view.recall(key)
    if selection is None:
        with budget():
            selection = _select(view, request, settings)
            if request.correct and selection.complete == 0 and selection.node is not None:
                selection = _respelled(view, request, settings, selection)
        view.remember(key, selection)
    return selection


def _respelled(
    view: View, request: SearchRequest, settings: Settings, typed: Selection
) -> Selection:
    """Return the matches of the query respelled (``cofee`` -> ``coffee``) when no article has
    all the words typed and some article has all the respelled ones; else ``typed``. (Taking a
    respelling of a description no article holds whole on weaker evidence corrected real words
    the archive lacks: another archive's headlines, 116 of 300 on the demo archive.)"""
    node, reader, q = typed.node, view.searcher.reader(), request.q
    assert node is not None
    respelled = view.shared.suggestion(
        q, lambda: suggest_query(q, node, reader, typed.postings), strictness=MORE_COMMON
    )
    if respelled is None:
        return typed
    fixed = _select(view, replace(request, q=respelled), settings)
    if fixed.complete == 0:
        return typed
    fixed.corrected = respelled
    return fixed


def _select(view: View, request: SearchRequest, settings: Settings) -> Selection:
    check_query_length(request.q, settings)
    node = parse_query(request.q)
    if node is None and not means_every_article(request.q):
        raise QueryError("The query has no words to search for.")
    reader = view.searcher.reader()
    postings = view.postings()
    compiled = compile_query(node, reader, view.columns.sources)
    filters, wanted = filter_sets(view, postings, request)
    excluded = excluded_docs(view, postings, request)
    checkpoint()
    counts = shares = None
    if compiled.words:
        size = view.shared.lengths.size
        held = {w: np.flatnonzero(match_mask(postings, w, size)) for w in set(compiled.words)}
        word_docs = [held[w] for w in compiled.words]  # once a word; document numbers
        counts = word_counts(word_docs, size)
        shares = None if is_keyword_query(compiled.words) else idf_shares(word_docs, size)
    base = _matches(view, postings, compiled, request, counts)
    base = base - excluded if excluded else base
    final = intersect(base, filters.values())
    selection = Selection(node, compiled, postings, wanted, base, final, len(final), counts, shares)
    if counts is not None:
        holding = counts[selection.final_docs]
        selection.complete = int(np.count_nonzero(holding == len(compiled.words)))
        selection.notice = tier_notice(selection.complete, len(final))
    return selection


def filter_sets(
    view: View, postings: Postings, request: SearchRequest
) -> tuple[dict[str, frozenset[int]], dict[str, set[str]]]:
    """Return each filtered facet's allowed documents (values OR-ed) and its stored values."""
    docs: dict[str, frozenset[int]] = {}
    wanted: dict[str, set[str]] = {}
    for name, values in request.filters.items():
        values = stored_values(view, name, values)
        if values:
            docs[name] = value_docs(view, postings, name, values)
            wanted[name] = set(values)
    return docs, wanted


def excluded_docs(view: View, postings: Postings, request: SearchRequest) -> frozenset[int]:
    """Return the documents having any excluded value (``not_country=US``), over every facet."""
    sets = [
        value_docs(view, postings, name, stored_values(view, name, values))
        for name, values in request.exclude.items()
        if values
    ]
    return frozenset().union(*sets)


def value_docs(view: View, postings: Postings, name: str, values: Sequence[str]) -> frozenset[int]:
    """Return the documents having any of a facet's (stored) values.

    The one place a facet value becomes documents: filters and exclusions both come here.
    """
    return view.shared.filter_docs(postings, name, values)


def stored_values(view: View, name: str, values: tuple[str, ...]) -> tuple[str, ...]:
    """Return a facet's filter values as the index stores them."""
    if name == "source":  # the user may type any case; the index holds one spelling
        sources = view.columns.sources
        unknown = [v for v in values if v.lower() not in sources and v != MISSING]
        if unknown:
            message = _unknown_source(unknown[0], sources.values())
            raise UnknownValue(message, "source", unknown[0])
        return tuple(sources.get(v.lower(), v) for v in values)
    return values


def _unknown_source(value: str, sources: Iterable[str]) -> str:
    named = sorted(s for s in sources if s != MISSING)
    listed = ", ".join(named[:SOURCES_LISTED]) + (", ..." if len(named) > SOURCES_LISTED else "")
    return f"There is no source {value[:60]!r} in this archive; its sources: {listed or '-'}."


def intersect(base: DocSet, sets: Iterable[DocSet]) -> DocSet:
    """Return ``base`` narrowed by every set (smallest first)."""
    result = base
    for docs in sorted(sets, key=len):
        result = result & docs
    return result


def _matches(
    view: View,
    postings: Postings,
    compiled: Compiled,
    request: SearchRequest,
    counts: np.ndarray | None,
) -> DocSet:
    if counts is not None and compiled.query == wq.Or(list(compiled.words)):
        docs: DocSet = set(np.flatnonzero(counts).tolist())  # any of the words: those counted
    else:
        docs = match_set(postings, compiled.query)
    checkpoint()
    if request.date_from or request.date_to:
        docs = docs & view.columns.date_set(request.date_from, request.date_to)
    return keep_mentioned(postings, compiled.marks, docs, request.min_mentions)


def rank(
    view: View, chosen: Selection, request: SearchRequest, first: int, last: int
) -> list[tuple[float, int]]:
    """Return the (score, docnum) of the matches ranked [first:last]."""
    final = chosen.final
    if first >= len(final):
        return []
    scorer = view.scorer(chosen.postings)
    query = chosen.compiled.query
    if chosen.node is None or request.sort == "date":
        page = newest(view, final, first, last)
        return list(zip(scorer.scores(query, page), page, strict=True))
    docs = chosen.final_docs
    scores = scorer.score_array(query, docs)
    if chosen.counts is None:
        return top_ranked(docs, scores, view.columns.rank, last)[first:]
    keyed = ranking_keys(scores, docs, chosen.counts, chosen.shares)
    best = top_ranked(docs, keyed, view.columns.rank, last)
    return [(untiered(score), docnum) for score, docnum in best[first:]]


def newest(view: View, docs: DocSet, first: int, last: int) -> list[int]:
    """Return ``docs`` ranked [first:last] in newest-first order."""
    order = view.columns.order
    if len(docs) * 8 > len(order):  # dense: walk the global order, stop at ``last``
        return list(islice(filter(docs.__contains__, order), first, last))
    return nsmallest(last, docs, key=view.columns.rank.__getitem__)[first:]
