"""One search, start to end: query -> match set -> filters -> page of hits -> facets -> suggestion.

``run_search`` is what ``Engine.search`` runs on the calling thread's ``View``: the matches
come from ``search.selection``, the page of stories from ``search.collapse``.
"""

from __future__ import annotations

import time
from dataclasses import replace
from typing import Any

from indexer.schema import from_stored
from newsarchive.settings import Settings
from search import collapse
from search.budget import budget, checkpoint
from search.facets import facet_counts
from search.histogram import coverage, day_counts
from search.query.compile import Marks
from search.results import Hit, SearchRequest, SearchResults
from search.selection import Selection, select
from search.snippets import make_snippet, mark_title
from search.suggest import MORE_COMMON, MORE_COMMON_FOR_WORDS_THAT_MEET, suggest_query
from search.view import View

SUGGEST_BELOW = 5  # suggest a respelling when fewer articles have all the words typed


def run_search(view: View, request: SearchRequest, settings: Settings) -> SearchResults:
    """Return one page of ranked, highlighted hits with the total, facets and suggestion."""
    with budget():
        return _run_search(view, request, settings)


def _run_search(view: View, request: SearchRequest, settings: Settings) -> SearchResults:
    started = time.perf_counter()
    chosen = select(view, request, settings)
    first = (request.page - 1) * request.per_page
    checkpoint()
    page = collapse.story_page(view, chosen, request, first, first + request.per_page)
    checkpoint()
    hits = [
        collapse.with_versions(make_hit(view, s, d, chosen.compiled.marks, settings), d, page, view)
        for s, d in page.ranked
    ]
    shown = {name: sorted(values) for name, values in chosen.wanted.items()}
    facets = facet_counts(
        view.columns, chosen.base_docs, chosen.wanted, shown, settings.facet_limit
    )
    checkpoint()
    suggestion = None
    if chosen.complete < SUGGEST_BELOW and chosen.node is not None and not chosen.corrected:
        node, reader, q = chosen.node, view.searcher.reader(), request.q
        # words that already meet are respelled only into far commoner ones
        ratio = MORE_COMMON_FOR_WORDS_THAT_MEET if chosen.complete else MORE_COMMON
        suggestion = view.shared.suggestion(
            q, lambda: suggest_query(q, node, reader, chosen.postings, ratio), strictness=ratio
        )
        if suggestion is not None and not _finds_more(view, request, settings, suggestion, chosen):
            suggestion = None  # "who won the world cup" -> "... cut" finds no better match
    elapsed = (time.perf_counter() - started) * 1000
    total = len(chosen.final)
    extra: dict[str, Any] = {"stories": page.stories}  # near-duplicate groups counted once
    if request.histogram:
        matched = day_counts(view.columns, chosen.final)
        periods = coverage(matched, view.shared.archive_days(), request.histogram)
        extra["histogram"] = [period.to_dict() for period in periods]
    return SearchResults(
        request, total, hits, facets, suggestion, elapsed, chosen.notice, extra, chosen.corrected
    )


def _finds_more(
    view: View, request: SearchRequest, settings: Settings, respelled: str, typed: Selection
) -> bool:
    """Tell whether the respelled query has more articles holding all its words than the
    query as typed: a rare real word ("cup" in a small archive) is not a misspelling."""
    if request.correct and typed.complete == 0:
        return False  # ``select`` tried this respelling already and it found none either
    fixed = select(view, replace(request, q=respelled, correct=False), settings)
    return fixed.complete > typed.complete


def make_hit(view: View, score: float, docnum: int, marks: Marks, settings: Settings) -> Hit:
    """Return the hit for one document: its stored article and a snippet."""
    article = from_stored(view.searcher.reader().stored_fields(docnum))
    title = mark_title(article.title, marks)
    extra = {"title_html": title} if title else {}
    return Hit(article, make_snippet(article.body, marks, settings.snippet_chars), score, extra)
