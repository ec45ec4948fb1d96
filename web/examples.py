"""Example searches taken from the index being served, for the search box and the tips.

An archive of 1987 wire stories and one of Wikinews from 2019 need different examples: a
placeholder query built from words that occur together in headlines (checked to find
something), a frequent headline word for ``title:``, the busiest month for ``date:`` and the
most frequent country for ``country:``. Derived once per index generation (``web.overview``).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from whoosh.analysis.filters import STOP_WORDS

from search import Engine, SearchRequest
from search.results import MISSING

SAMPLED_TITLES = 400  # headlines read, spread evenly over the archive
_WORD = re.compile(r"[A-Za-z][a-z]{3,}")
# Headline words that say nothing about a subject.
_DULL = frozenset(
    "says said after over with from into amid will have been more than year years week "
    "first last could would their about report reports news dies dead aged announces kills "
    "interview interviews wins calls gets takes makes back under against sets plans".split()
) | frozenset(STOP_WORDS)


@dataclass(frozen=True)
class Examples:
    """What the search box and the tips suggest."""

    query: str = "election results"
    title_word: str = "election"
    month: str = "2020-03"
    country: str = "us"


def archive_examples(engine: Engine, countries: list[str], sources: list[str]) -> Examples:
    """Return examples that find articles in the live index (defaults when it is empty).

    ``countries``: the archive's country facet values, most frequent first; ``sources``: its
    source names (their words make dull examples: every Reuters headline is from Reuters).
    """
    view = engine.current_view()
    columns, reader = view.columns, view.searcher.reader()
    order = columns.order
    if not order:
        return Examples()
    step = max(1, len(order) // SAMPLED_TITLES)
    titles = [_words(reader.stored_fields(d).get("title") or "") for d in order[::step]]
    month = _busiest_month(columns.date_keys)
    country = next((c.lower() for c in countries if c != MISSING), "")
    named = {word for source in sources for word in _words(source)}
    found = Counter(word for words in titles for word in words - named)
    if not found:
        return Examples(query=country or "*", title_word="", month=month, country=country)
    title_word = found.most_common(1)[0][0]
    query = _query(engine, title_word, titles, named | {title_word})
    return Examples(query=query, title_word=title_word, month=month, country=country)


def _words(title: str) -> set[str]:
    return {w.lower() for w in _WORD.findall(title)} - _DULL


def _query(engine: Engine, word: str, titles: list[set[str]], named: set[str]) -> str:
    """Return ``word`` and the word most often beside it in headlines, when both find articles."""
    beside = Counter(other for words in titles if word in words for other in words - named)
    for other, _count in beside.most_common(3):
        query = f"{word} {other}"
        if engine.count(SearchRequest(q=query)):
            return query
    return word


def _busiest_month(date_keys: list[int]) -> str:
    months = Counter(key // 100 for key in date_keys if key)
    if not months:
        return ""
    month = months.most_common(1)[0][0]
    return f"{month // 100:04d}-{month % 100:02d}"
