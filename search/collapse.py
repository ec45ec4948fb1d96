"""Syndicated and duplicate stories: one representative per near-duplicate group in results.

Groups are made at rebuild (``indexer.passes.dedupe``) and stored in the sortable ``group`` column
(the id of the group's earliest article). ``Groups`` reads that column once per index generation,
like the facet columns. Collapsing keeps the best-ranked match of each group on the page and lists
the group's other matches as its *other versions*; ``stories`` counts groups once (``total`` still
counts articles). When no match belongs to a group, which is most searches, the page is the plain
ranked page and the only extra work is one lookup of the matches in the group-number array.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
from whoosh.searching import Searcher

from indexer.article import Article
from indexer.codec.columns import bytes_column
from search.results import Hit, SearchRequest
from search.selection import Selection, rank
from search.view import Shared, View

MAX_VERSIONS = 50  # other versions listed under one hit (the count covers them all)
CACHED_GENERATIONS = 4
RANK_AHEAD = 20  # articles ranked beyond twice a page's end before trying its stories
Ranked = list[tuple[float, int]]


@dataclass(frozen=True)
class Groups:
    """Near-duplicate groups of one index generation, by document number."""

    group_of: dict[int, int]  # docnum -> group number, for articles in a group of two or more
    number_of: np.ndarray  # docnum -> group number, -1 for an article alone
    members: list[list[int]]  # group number -> live docnums, earliest first
    names: list[str]  # group number -> group id (its earliest article's id)

    @classmethod
    def load(cls, searcher: Searcher, shared: Shared) -> Groups:
        """Read the ``group`` column of the searcher's index (once per generation)."""
        reader = searcher.reader()
        number_of = np.full(reader.doc_count_all(), -1, np.int32)
        if not reader.has_column("group"):
            return cls({}, number_of, [], [])
        live = shared.columns.live
        by_name: dict[bytes, list[int]] = {}
        for docnum, raw in enumerate(bytes_column(reader, "group")):  # one read a segment
            if raw and docnum in live:
                by_name.setdefault(raw, []).append(docnum)
        rank = shared.columns.rank
        names: list[str] = []
        members: list[list[int]] = []
        group_of: dict[int, int] = {}
        for raw, docs in by_name.items():
            if len(docs) < 2:  # its copies were removed by a later `add`: alone again
                continue
            docs.sort(key=rank.__getitem__, reverse=True)  # oldest first
            group_of.update(dict.fromkeys(docs, len(names)))
            names.append(raw.decode("utf-8") if isinstance(raw, bytes) else str(raw))
            members.append(docs)
        if group_of:
            number_of[np.fromiter(group_of, np.int64)] = np.fromiter(group_of.values(), np.int32)
        return cls(group_of, number_of, members, names)

    def stories(self, docs: np.ndarray) -> tuple[int, int]:
        """Return how many stories ``docs`` (an array) hold, each group counting once, and how
        many of them are in a group."""
        numbers = self.number_of[docs]
        grouped = numbers[numbers >= 0]
        return len(docs) - len(grouped) + len(np.unique(grouped)), len(grouped)


_cache: dict[int, tuple[Shared, Groups]] = {}
_lock = threading.Lock()


def groups_of(view: View) -> Groups:
    """Return the groups of the view's generation, read once and shared by every thread."""
    key = id(view.shared)  # the entry holds ``shared`` itself, so the id is never reused
    entry = _cache.get(key)
    if entry is not None:
        return entry[1]
    groups = Groups.load(view.searcher, view.shared)
    with _lock:
        while len(_cache) >= CACHED_GENERATIONS:
            _cache.pop(next(iter(_cache)))
        _cache[key] = (view.shared, groups)
    return groups


@dataclass(frozen=True)
class StoryPage:
    """One page of ranked matches, collapsed or not, with the story count."""

    ranked: Ranked
    stories: int
    collapsed: bool
    versions: dict[int, list[int]] = field(default_factory=dict)  # shown docnum -> others


def story_page(
    view: View, chosen: Selection, request: SearchRequest, first: int, last: int
) -> StoryPage:
    """Return the matches ranked [first:last]: stories (when collapsing) or articles."""
    groups = groups_of(view)
    final = chosen.final
    stories, in_groups = groups.stories(chosen.final_docs)
    if not request.collapse or not in_groups:
        ranked = rank(view, chosen, request, first, last)
        return StoryPage(ranked, stories, request.collapse)
    # ``last + in_groups`` ranked articles hold ``last`` stories however they fall, but the
    # first few times ``last`` nearly always do: a ranking's first N are the same however
    # many are ranked (ties break by date, then id), so rank more only when they do not.
    enough = min(last + in_groups, len(final))
    ranking = min(enough, 2 * last + RANK_AHEAD)
    while True:
        shown = _stories(rank(view, chosen, request, 0, ranking), groups, last)
        if len(shown) == last or ranking == enough:
            break
        ranking = min(enough, ranking * 8)
    page = shown[first:]
    versions = {
        docnum: [d for d in groups.members[groups.group_of[docnum]] if d != docnum and d in final]
        for _, docnum in page
        if docnum in groups.group_of
    }
    return StoryPage(page, stories, True, versions)


def _stories(ranked: Ranked, groups: Groups, last: int) -> Ranked:
    """Return the first ``last`` ranked articles of distinct stories (groups)."""
    shown, seen = [], set()
    for score, docnum in ranked:
        key = groups.group_of.get(docnum, -1 - docnum)
        if key not in seen:
            seen.add(key)
            shown.append((score, docnum))
            if len(shown) == last:
                break
    return shown


def with_versions(hit: Hit, docnum: int, page: StoryPage, view: View) -> Hit:
    """Return the hit with its group's other matching versions (when the page is collapsed).

    Each version says what differs from the hit (``differs``: headline, source, date, URL,
    text); a copy of the hit or of a version listed before it (the same in everything but
    spacing and case) is not offered.
    """
    if not page.collapsed:
        return hit
    others = page.versions.get(docnum, [])
    group = hit.article.group
    seen = {_signature(hit.article.to_dict())}
    listed = []
    for other in others[:MAX_VERSIONS]:
        stored = view.searcher.reader().stored_fields(other)
        if _signature(stored) not in seen:
            seen.add(_signature(stored))
            listed.append(_version(stored, group, hit.article))
    return replace(hit, extra={**hit.extra, "other_versions": listed})


# What a version can differ in: the label shown, and the stored field compared.
DIFFERENCES = (
    ("headline", "title"), ("source", "source"), ("date", "date"), ("URL", "url"), ("text", "body")
)  # fmt: skip


def _signature(fields: dict[str, Any]) -> tuple[str, ...]:
    return tuple(_same(fields.get(name)) for _label, name in DIFFERENCES)


def _version(stored: dict[str, Any], group: str | None, shown: Article) -> dict[str, Any]:
    differs = [
        label
        for label, name in DIFFERENCES
        if _same(stored.get(name)) != _same(getattr(shown, name))
    ]
    return {
        "id": stored["id"],
        "title": stored.get("title", ""),
        "source": stored.get("source"),
        "date": stored.get("date"),
        "first": stored["id"] == group,
        "differs": differs,
    }


def _same(value: str | None) -> str:
    """A value as compared between versions: case and spacing left out."""
    return " ".join((value or "").lower().split())
