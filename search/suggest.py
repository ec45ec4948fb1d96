"""Did you mean: respell the query's rare words from the index's own unstemmed vocabulary.

Candidates come from the ``exact`` field (words as written, folded) through whoosh's
Levenshtein automaton, so a suggestion is always a real word of the archive and never a stem
(``cofee prices`` -> ``coffee prices``, not ``coffe``). The closest, then most frequent,
candidate wins, and only when it is much more common than the word typed.

>>> _closest([("coffee", 1, 120), ("coffees", 2, 3)], typed_frequency=0)
'coffee'
"""

from __future__ import annotations

import re

from whoosh.reading import IndexReader

from search.compile import words_of
from search.query import Node, positive_words

MORE_COMMON = 5  # a candidate must be in this many times more articles than the typed word
RARE_SHARE = 2000  # only words in fewer than 1 of this many articles are respelled
MAX_RESPELLED = 6


def suggest_query(q: str, node: Node, reader: IndexReader) -> str | None:
    """Return the query with its rare words respelled, or None when nothing better is known."""
    suggestion = q
    changed = False
    rare = max(3, reader.doc_count() // RARE_SHARE)
    for word in positive_words(node)[:MAX_RESPELLED]:
        if re.search(r"[*?~]", word.text):
            continue
        folded = words_of(word.text)
        if len(folded) != 1 or len(folded[0]) < 3 or folded[0].isdigit():
            continue
        if reader.doc_frequency("exact", folded[0]) >= rare:
            continue  # a common word is not what went wrong
        better = respell(folded[0], reader)
        if better is not None:
            pattern = re.compile(r"(?<![\w:])" + re.escape(word.text) + r"(?!\w)", re.IGNORECASE)
            suggestion, count = pattern.subn(better, suggestion, count=1)
            changed = changed or count > 0
    return suggestion if changed and suggestion != q else None


def respell(word: str, reader: IndexReader) -> str | None:
    """Return a much more frequent word of the vocabulary within one or two edits, or None."""
    typed = reader.doc_frequency("exact", word)
    maxdist = 1 if len(word) <= 4 else 2
    candidates: list[tuple[str, int, int]] = []
    seen = {word}
    for distance in range(1, maxdist + 1):
        for other in reader.terms_within("exact", word, distance, prefix=1):
            if other not in seen:
                seen.add(other)
                candidates.append((other, distance, reader.doc_frequency("exact", other)))
        if candidates and distance == 1 and _closest(candidates, typed):
            break
    return _closest(candidates, typed)


def _closest(candidates: list[tuple[str, int, int]], typed_frequency: int) -> str | None:
    """Pick the nearest, then most frequent, candidate that is much more common than the word."""
    needed = MORE_COMMON * typed_frequency if typed_frequency else 1
    good = [c for c in candidates if c[2] >= needed]
    if not good:
        return None
    return min(good, key=lambda c: (c[1], -c[2], c[0]))[0]
