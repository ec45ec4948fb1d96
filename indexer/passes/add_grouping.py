"""Near-duplicate groups and duplicate bodies for articles added to an existing index.

A rebuild groups every article with every other (``passes.dedupe``); two articles can only be
grouped when their dates are at most ``MAX_DAYS`` apart (or one is undated). So an add needs,
of the indexed articles, only its *neighbours*: those dated within ``MAX_DAYS`` of a new
article, and the other members of their groups. ``regroup`` runs the rebuild's grouper over the
neighbours and the new articles; a group that takes in a new article is named as a rebuild
names it (its earliest member) and absorbs the whole of any indexed group it touches, so a
group is never split. Indexed articles whose group changes are returned to be rewritten;
groups without a new article are left as they are.

Limit: an undated new article is compared with the batch and the neighbours of the dated ones,
not with the whole index (a rebuild compares it with everything).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from indexer.article import Article
from indexer.passes.corpus_passes import Fingerprint, body_key
from indexer.passes.dedupe import MAX_DAYS, NearDuplicateGrouper, article_signature
from indexer.schema import from_stored


@dataclass(frozen=True)
class Regrouped:
    """The outcome for one batch: new articles' groups and indexed articles to rewrite."""

    groups: dict[str, str]  # new article id -> group id (only articles in a group)
    rewrite: list[Article]  # indexed articles with their new group
    duplicate_of: dict[str, str]  # new article id -> indexed article with the same body


def window_days(dates: Iterable[str | None], days: int = MAX_DAYS) -> set[str]:
    """Return every YYYY-MM-DD within ``days`` of one of ``dates``.

    >>> sorted(window_days(["1987-03-01"], 1))
    ['1987-02-28', '1987-03-01', '1987-03-02']
    """
    found: set[str] = set()
    for date in dates:
        try:
            day = datetime.date.fromisoformat((date or "")[:10])
        except ValueError:
            continue
        found.update(str(day + datetime.timedelta(n)) for n in range(-days, days + 1))
    return found


def indexed_neighbours(reader: Any, new: Sequence[Article]) -> list[Article]:
    """Return the live indexed articles a rebuild could group with ``new`` (not ``new``'s ids)."""
    docnums = _docs_with(reader, "date", window_days(a.date for a in new))
    names = {reader.stored_fields(n).get("group") for n in docnums}
    docnums |= _docs_with(reader, "group", {name for name in names if name})
    replaced = {a.id for a in new}
    stored = (reader.stored_fields(n) for n in sorted(docnums) if not reader.is_deleted(n))
    return [from_stored(fields) for fields in stored if fields["id"] not in replaced]


def _docs_with(reader: Any, field: str, values: Iterable[str]) -> set[int]:
    docnums: set[int] = set()
    for value in values:
        if (field, value) in reader:
            docnums.update(reader.postings(field, value).all_ids())
    return docnums


def regroup(
    neighbours: Sequence[Article], new: Sequence[Article], prints: Sequence[Fingerprint]
) -> Regrouped:
    """Group the new articles with each other and their indexed neighbours, as a rebuild would."""
    by_body = {body_key(a.body): a.id for a in neighbours if a.body}
    duplicate_of = {a.id: by_body[p.body_key] for a, p in zip(new, prints, strict=True)
                    if p.body_key is not None and p.body_key in by_body}  # fmt: skip
    grouper = NearDuplicateGrouper()
    for article in neighbours:
        grouper.add_signed(article, article_signature(article))
    for article, fingerprint in zip(new, prints, strict=True):
        if article.id not in duplicate_of:
            grouper.add_signed(article, fingerprint.signature)
    computed = grouper.groups()
    members = _touched_groups(computed, neighbours, {a.id for a in new} - set(duplicate_of))
    dates = {a.id: a.date for a in [*neighbours, *new]}
    groups: dict[str, str] = {}
    for group in members:
        name = min(group, key=lambda i: (dates[i] or "9999", i))  # earliest, as a rebuild
        groups.update(dict.fromkeys(group, name))
    rewrite = [
        a.with_(group=groups[a.id]) for a in neighbours if groups.get(a.id, a.group) != a.group
    ]
    new_groups = {a.id: groups[a.id] for a in new if a.id in groups}
    return Regrouped(new_groups, rewrite, duplicate_of)


def _touched_groups(
    computed: dict[str, str], neighbours: Sequence[Article], new_ids: set[str]
) -> list[set[str]]:
    """Return the member ids of each group holding a new article, whole indexed groups
    included (a computed group and an indexed group that share a member are one group)."""
    by_name: dict[str, set[str]] = {}
    for article_id, name in computed.items():
        by_name.setdefault(name, set()).add(article_id)
    indexed: dict[str, set[str]] = {}
    for article in neighbours:
        if article.group:
            indexed.setdefault(article.group, set()).add(article.id)
    old_group = {a.id: a.group for a in neighbours}
    result = []
    for group in by_name.values():
        if not group & new_ids:
            continue
        whole = set(group)
        for i in group:
            old = old_group.get(i)
            if old:
                whole |= indexed[old]
        result.append(whole)
    return _merge_overlapping(result)


def _merge_overlapping(groups: list[set[str]]) -> list[set[str]]:
    merged: list[set[str]] = []
    for group in groups:
        for other in [m for m in merged if m & group]:
            group |= other
            merged.remove(other)
        merged.append(group)
    return merged
