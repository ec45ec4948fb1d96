"""Did you mean: respell the query's rare words from the index's own unstemmed vocabulary.

Candidates come from the ``exact`` field (words as written, folded) through whoosh's Levenshtein
automaton (a swap of two neighbouring letters counts as one edit), so a suggestion is always a
real word of the archive and never a stem (``cofee prices`` -> ``coffee prices``, not
``coffe``). The closest, then most frequent, candidate wins, and only when it is much more
common than the word typed; a word the archive holds is only respelled by one edit, and never
into a word of its own stem (the search finds both already).

>>> _closest([("coffee", 1, 120), ("coffees", 2, 3)], typed_frequency=0)
'coffee'
"""

from __future__ import annotations

import math
import re

import numpy as np
from whoosh.reading import IndexReader

from indexer.analysis import stem
from indexer.codec.postings import Postings
from search.query.compile import stems_of, words_of
from search.query.fuzzy import edit_distance, swaps
from search.query.parse import Node, Word, positive_words

# How many times more articles a candidate must be in than a word the archive holds. To fix a
# query whose words never meet (``budget cup`` -> ``budget cut``) the meeting is the evidence;
# to suggest another word for words that already meet, the candidate must be far commoner, as a
# slip the archive repeats ("goverment") is far rarer than its word while words one letter
# apart ("linger", "longer") are often only a few times apart (bench/RESULTS.md: for Reuters'
# rare words 20 drops 21 of 37 wrong suggestions and 1 of 17 right ones).
MORE_COMMON = 5
MORE_COMMON_FOR_WORDS_THAT_MEET = 20
RARE_SHARE = 2000  # only words in fewer than 1 of this many articles are respelled
MAX_RESPELLED = 6
MAX_WORD = 20  # longer "words" are junk, and costly to compare
MAX_TWO_EDIT_SEARCHES = 2


def suggest_query(
    q: str, node: Node, reader: IndexReader, postings: Postings, more_common: int = MORE_COMMON
) -> str | None:
    """Return the query with its rare words respelled, or None when nothing better is known.

    ``postings``: the search's posting lists, to read the other words' articles;
    ``more_common``: how many times more articles a respelling of a word the archive holds
    must be in."""
    suggestion = q
    changed = False
    rare = max(3, reader.doc_count() // RARE_SHARE)
    budget = [MAX_TWO_EDIT_SEARCHES]
    seen: set[str] = set()
    looked_up = 0  # rare words respelled: the costly part, capped
    articles = _Articles(reader, postings)
    words = positive_words(node)
    for word in words:
        folded = words_of(word.text)
        if looked_up >= MAX_RESPELLED or re.search(r"[*?~]", word.text) or len(folded) != 1:
            continue
        typed = folded[0]
        if typed in seen or not 3 <= len(typed) <= MAX_WORD or typed.isdigit():
            continue
        seen.add(typed)
        if reader.doc_frequency("exact", typed) >= rare:
            continue  # a common word is not what went wrong
        looked_up += 1
        others = [w.text for w in words if w is not word and "*" not in w.text]
        context = _Context(articles, others)
        better = respell(typed, reader, budget, more_common, context)
        if better is not None:
            suggestion, count = _replace(suggestion, word, better)
            changed = changed or count > 0
    return suggestion if changed and suggestion != q else None


class _Articles:
    """The articles holding each word of one query (its stems, in headlines and bodies), read
    once from the search's own posting arrays: as a mask over document numbers and as those
    numbers."""

    def __init__(self, reader: IndexReader, postings: Postings) -> None:
        self.reader, self.postings = reader, postings
        self.size = max(1, reader.doc_count_all())
        self._read: dict[str, tuple[np.ndarray, np.ndarray]] = {}

    def holding(self, word: str) -> tuple[np.ndarray, np.ndarray]:
        """Return (mask, document numbers) of the articles holding ``word``."""
        found = self._read.get(word)
        if found is None:
            mask = np.zeros(self.size, np.bool_)
            for term in stems_of(word):
                for field in ("title", "body"):
                    if self.reader.doc_frequency(field, term):
                        mask[self.postings.arrays(field, term)[0]] = True
            found = self._read[word] = mask, np.flatnonzero(mask)
        return found


class _Context:
    """The query's other words, to choose among respellings as a noisy channel does: the
    likeliest candidate is common and its articles hold the other words ("olympic gams":
    "games", not the commoner "gas"), a candidate whose articles hold none of them is no
    respelling of this query, and a word the archive holds stays unless a respelling fits them
    far better ("hog herds", not "hog heads")."""

    SMOOTHING = 10.0  # articles' worth of the archive's rate a candidate's counts start from
    # A word the archive holds was meant unless a respelling is this much likelier (log odds:
    # e^4.6 = 100 times), the noisy channel's prior that a typed word is a slip.
    TYPO_ODDS = math.log(100)

    def __init__(self, articles: _Articles, words: list[str]) -> None:
        self.articles = articles
        held = (articles.holding(word) for word in words)
        self.others = [(mask, len(numbers)) for mask, numbers in held if len(numbers)]

    def likelihood(self, candidate: str) -> float | None:
        """Return log P(candidate) + the sum over the other words of log P(word | candidate)
        (smoothed towards the word's share of the archive); None when its articles hold none
        of the other words."""
        mine = self.articles.holding(candidate)[1]
        met = [int(np.count_nonzero(mask[mine])) for mask, _ in self.others]
        if not any(met):
            return None
        k, size = self.SMOOTHING, self.articles.size
        score = math.log(len(mine))
        for count, (_, holding) in zip(met, self.others, strict=True):
            score += math.log((count + k * holding / size) / (len(mine) + k))
        return score


def _replace(query: str, word: Word, better: str) -> tuple[str, int]:
    """Respell the first ``word`` of the query: after its field (``title:cofee``), else where
    no field precedes it (plain or inside quotes), never a field's value spelled the same
    (``source:cofee``)."""
    patterns = [r"(?<![\w:])"]
    if word.field:
        patterns.insert(0, re.escape(f"{word.field}:"))
    for before in patterns:
        found = re.search(before + re.escape(word.text) + r"(?!\w)", query, re.IGNORECASE)
        if found is not None:
            start = found.end() - len(word.text)
            return query[:start] + better + query[found.end() :], 1
    return query, 0


def respell(
    word: str,
    reader: IndexReader,
    budget: list[int] | None = None,
    more_common: int = MORE_COMMON,
    context: _Context | None = None,
) -> str | None:
    """Return a much more frequent word of the vocabulary within one or two edits, or None.

    ``budget`` counts the two-edit searches still allowed (they cost ten times a one-edit one);
    among candidates equally close, the likeliest with the query's other words wins
    (``context``), else the most frequent.
    """
    typed = reader.doc_frequency("exact", word)
    frequency = reader.doc_frequency
    swapped = [(w, 1, frequency("exact", w)) for w in set(swaps(word)) - {word}]
    candidates = _within(reader, word, 1, {word}) + [c for c in swapped if c[2]]
    best = _closest(candidates, typed, more_common, context, word)
    if best is not None and stem(best) == stem(word):
        return None  # "prevents" -> "prevent": the search finds both already
    if best is not None or len(word) <= 4 or (budget is not None and budget[0] <= 0):
        return best
    if typed:  # a word the archive has is a word: two edits make another ("inflation",
        return None  # "infection"), where one fixes a slip ("goverment")
    if budget is not None:
        budget[0] -= 1
    seen = {word, *(c[0] for c in candidates)}
    more = _within(reader, word, 2, seen)
    return _closest(candidates + more, typed, more_common, context, word)


def _within(
    reader: IndexReader, word: str, distance: int, seen: set[str]
) -> list[tuple[str, int, int]]:
    frequency = reader.doc_frequency
    others = reader.terms_within("exact", word, distance, prefix=1)
    return [(o, edit_distance(word, o), frequency("exact", o)) for o in others if o not in seen]


def _closest(
    candidates: list[tuple[str, int, int]],
    typed_frequency: int,
    more_common: int = MORE_COMMON,
    context: _Context | None = None,
    typed: str = "",
) -> str | None:
    """Pick, among the candidates much more common than the word, the nearest, then the
    likeliest with the query's other words (``context``; none that they never meet, and not
    over the typed word unless far likelier), else the most frequent."""
    needed = more_common * typed_frequency if typed_frequency else 1
    good = [c for c in candidates if c[2] >= needed]
    if not good:
        return None
    if context is None or not context.others:
        return min(good, key=lambda c: (c[1], -c[2], c[0]))[0]
    for distance in sorted({c[1] for c in good}):  # the nearest that the other words meet
        group = [c for c in good if c[1] == distance]
        scored = [(score, c) for c in group if (score := context.likelihood(c[0])) is not None]
        if scored:
            break
    else:
        return None  # a word the other words never meet is not what was meant
    score, best = max(scored)
    kept = context.likelihood(typed) if typed_frequency else None
    return best[0] if kept is None or score > kept + _Context.TYPO_ODDS else None
