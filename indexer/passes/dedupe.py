"""Group near-duplicate articles at rebuild: syndicated copies, corrections and re-saved pages.

Two articles are near-duplicates when

- each has at least ``MIN_WORDS`` words of body: short briefs ("XYZ CORP SETS QUARTERLY
  DIVIDEND ...") share their wording with other companies' briefs, so text alone can't tell them
  apart and they are never grouped;
- the shingle similarity of title + body (Jaccard index of word 5-grams, see
  ``indexer.passes.minhash``) is at least ``threshold`` (default ``DEFAULT_THRESHOLD`` = 0.4, chosen
  on hand-labelled pairs: see ``bench/dedupe.py``; estimated from 128-byte MinHash signatures,
  standard error <= 0.045);
- their dates, when both are dated, are at most ``MAX_DAYS`` apart: wire services repeat
  templates word for word ("FED ADDS RESERVES VIA CUSTOMER REPURCHASES", the Bundesbank's
  fortnightly "leaves credit policies unchanged") and those are different stories.

Headline-only briefs (no body at all) cannot be compared by their text; two of them are
near-duplicates when their headlines are the same in all but case, spacing and punctuation and
they are of the same day (a wire repeating a brief; the Fed's daily "sets customer repurchase
agreements" briefs of consecutive days are different news).

Groups are the connected components of that relation (union-find). ``groups()`` names each group
by its earliest-dated member (undated after dated, ties by smallest id), so a group keeps its id
across rebuilds as long as its first article stays. Memory: 128 bytes per article plus its id;
candidate pairs come from LSH banding (42 bands of 3 bytes) over the signatures.
"""

from __future__ import annotations

import datetime
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from itertools import combinations, compress, pairwise
from operator import itemgetter

from indexer.article import Article
from indexer.passes.minhash import (
    BINS,
    estimate_similarity,
    shingle_hashes,
    shingle_words,
    signature,
)
from indexer.passes.minhash import similarity as similarity

DEFAULT_THRESHOLD = 0.4
MIN_WORDS = 25
MAX_DAYS = 3  # a weekend between a Friday story and its Monday repeat
# 42 bands of 3 bytes: a pair at similarity 0.4 shares a band with probability 0.94 (0.5: 0.996).
BAND_BYTES = 3
_UNDATED = 10**7  # sorts after every real date ordinal
_FULL_BUCKET = 64  # larger band buckets (boilerplate) are checked along a chain, not all pairs


def article_signature(article: Article) -> bytes | None:
    """Return the MinHash signature of title + body; None when the body is too short to be
    compared (fewer than ``MIN_WORDS`` words)."""
    body = shingle_words(article.body)
    if len(body) < MIN_WORDS:
        return None
    return signature(shingle_hashes(shingle_words(article.title) + body))


class NearDuplicateGrouper:
    """Collect articles one at a time, then return their near-duplicate groups."""

    def __init__(self, threshold: float = DEFAULT_THRESHOLD, max_days: int = MAX_DAYS) -> None:
        if not 0.0 < threshold <= 1.0:
            raise ValueError(f"threshold must be in (0, 1], not {threshold}")
        self.threshold = threshold
        self.max_days = max_days
        self._ids: list[str] = []
        self._days: list[int] = []
        self._signatures: list[bytes] = []
        self._position: dict[str, int | None] = {}  # id -> index, None when too short
        self._replaced: set[int] = set()
        self._briefs: dict[str, dict[str, int]] = defaultdict(dict)  # headline -> id -> day
        self._brief_of: dict[str, str] = {}  # id -> its brief's headline key

    def __len__(self) -> int:
        """Return how many articles were long enough to be compared."""
        return len(self._ids) - len(self._replaced)

    def add(self, article: Article) -> None:
        """Sign one article; a later article with the same id replaces it, as in a rebuild."""
        self.add_signed(article, article_signature(article))

    def add_signed(self, article: Article, signed: bytes | None) -> None:
        """Take one article with its ``article_signature`` (None: too short to compare)."""
        previous = self._position.pop(article.id, None)
        if previous is not None:
            self._replaced.add(previous)
        if article.id in self._brief_of:
            self._briefs[self._brief_of.pop(article.id)].pop(article.id, None)
        if not article.body.strip() and (headline := _headline_key(article.title)):
            self._briefs[headline][article.id] = _day_number(article.date)
            self._brief_of[article.id] = headline
        if signed is None:
            self._position[article.id] = None
            return
        self._position[article.id] = len(self._ids)
        self._ids.append(article.id)
        self._days.append(_day_number(article.date))
        self._signatures.append(signed)

    def groups(self) -> dict[str, str]:
        """Return article id -> group id for every article in a group of two or more."""
        parent = list(range(len(self._ids)))
        for i, j, _ in self.similar_pairs(skip=lambda i, j: _find(parent, i) == _find(parent, j)):
            parent[_find(parent, i)] = _find(parent, j)
        members: dict[int, list[int]] = defaultdict(list)
        for i in range(len(parent)):
            if i not in self._replaced:
                members[_find(parent, i)].append(i)
        result: dict[str, str] = {}
        for group in members.values():
            if len(group) > 1:
                first = min(group, key=lambda i: (self._days[i], self._ids[i]))
                result.update((self._ids[i], self._ids[first]) for i in group)
        for briefs in self._briefs.values():
            result.update(self._brief_groups(briefs))
        return result

    def _brief_groups(self, briefs: dict[str, int]) -> dict[str, str]:
        """Return id -> group id for briefs of one headline and one day (undated: none)."""
        result: dict[str, str] = {}
        run: list[str] = []
        last_day = None
        for day, brief in sorted((day, brief) for brief, day in briefs.items()):
            if last_day is not None and (day == _UNDATED or day != last_day):
                result.update(_named_after_first(run))
                run = []
            run.append(brief)
            last_day = day
        result.update(_named_after_first(run))
        return result

    def similar_pairs(
        self, skip: Callable[[int, int], bool] | None = None
    ) -> Iterator[tuple[int, int, float]]:
        """Yield (index, index, estimated similarity) for each pair of articles that passes.

        Indices are positions for ``article_id``; ``skip(i, j)`` may say a pair needs no check
        (both already in one group; a relation that only grows while pairs are yielded).
        """
        checked: set[int] = set()  # i * n + j: ints, not tuples, keep the memory flat
        seen: set[tuple[int, ...]] = set()  # buckets met in an earlier band: nothing new
        n = len(self._ids)
        for bucket in self._band_buckets():
            if not self._close_pair_in(bucket):
                continue  # no pair can pass, and none is remembered (most buckets, at 1M)
            if len(bucket) > 2:  # a pair is cheap to check again; larger buckets repeat a lot
                if (members := tuple(bucket)) in seen:
                    continue
                seen.add(members)
                if skip is not None and all(skip(bucket[0], j) for j in bucket[1:]):
                    continue  # one group already: none of its pairs needs a look
            for i, j in _pairs_to_check(bucket):
                if i * n + j in checked or i in self._replaced or j in self._replaced:
                    continue
                if not self._close_in_time(i, j):  # before anything is remembered of it
                    continue
                if skip is not None and skip(i, j):
                    continue
                checked.add(i * n + j)
                score = estimate_similarity(self._signatures[i], self._signatures[j])
                if score >= self.threshold:
                    yield i, j, score

    def article_id(self, index: int) -> str:
        """Return the id of the article at an index yielded by ``similar_pairs``."""
        return self._ids[index]

    def _close_pair_in(self, bucket: list[int]) -> bool:
        """Return True when some two articles of a bucket are close enough in time to pair
        (copies of a story years apart share bands but can never be grouped)."""
        days = sorted(self._days[i] for i in bucket)
        if days[-1] == _UNDATED:  # an undated article may pair with any other
            return True
        return any(b - a <= self.max_days for a, b in pairwise(days))

    def _close_in_time(self, i: int, j: int) -> bool:
        day_i, day_j = self._days[i], self._days[j]
        if day_i == _UNDATED or day_j == _UNDATED:
            return True
        return abs(day_i - day_j) <= self.max_days

    def _band_buckets(self) -> Iterator[list[int]]:
        """Yield the lists (sorted, >= 2 long) of articles whose signatures agree on a band."""
        n = len(self._signatures)
        for start in range(0, BINS - BAND_BYTES + 1, BAND_BYTES):
            keys = list(map(itemgetter(slice(start, start + BAND_BYTES)), self._signatures))
            counts = Counter(keys)
            if len(counts) == n:
                continue
            shared = {key for key, count in counts.items() if count > 1}
            members: dict[bytes, list[int]] = defaultdict(list)
            for i in compress(range(n), map(shared.__contains__, keys)):
                members[keys[i]].append(i)
            yield from members.values()


def _headline_key(title: str) -> str:
    """Return a headline in lower case without punctuation ('' for one under three words)."""
    words = re.findall(r"\w+", title.casefold())
    return " ".join(words) if len(words) >= 3 else ""


def _named_after_first(run: list[str]) -> dict[str, str]:
    return {brief: run[0] for brief in run} if len(run) > 1 else {}


def _pairs_to_check(bucket: list[int]) -> list[tuple[int, int]]:
    """Return all pairs of a small bucket; of a large one, each member with the next and first."""
    if len(bucket) <= _FULL_BUCKET:
        return list(combinations(bucket, 2))
    chain = list(zip(bucket, bucket[1:], strict=False))
    return chain + [(bucket[0], j) for j in bucket[2:]]


def _find(parent: list[int], i: int) -> int:
    """Return the root of ``i`` in a union-find forest, halving the path on the way."""
    while parent[i] != i:
        parent[i] = parent[parent[i]]
        i = parent[i]
    return i


def _day_number(date: str | None) -> int:
    """Return the proleptic ordinal of a YYYY-MM-DD date, or ``_UNDATED``."""
    if not date:
        return _UNDATED
    try:
        return datetime.date.fromisoformat(date[:10]).toordinal()
    except ValueError:
        return _UNDATED
