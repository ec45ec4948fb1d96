"""Which words of the vocabulary a fuzzy word (``cofee~``) stands for, best first.

As Elasticsearch's ``fuzziness: AUTO``: a word of up to 2 letters must match exactly, 3-5
letters allow one edit, longer words two (``cofee~1`` / ``~2`` set it). Candidates share the
typed word's first letter (``prefix_length``; or its first two, swapped), a swap of two
neighbouring letters counts as one edit (``ocffee`` -> ``coffee``), and only the closest
candidates are kept: the typed word itself when the archive has it, plus the words at the
smallest distance found, the most frequent first. So ``cofee~`` stands for ``coffee``, not for
every word two edits away (``coke``, ``conference``). The caps on how many words that may be are
in ``limits``.

>>> [edit_distance(a, "coffee") for a in ("cofee", "ocffee", "coke")]
[1, 1, 3]
"""

from __future__ import annotations

from whoosh.reading import IndexReader

FIELD = "exact"  # the unstemmed vocabulary: a fuzzy word is a word as written
PREFIX = 1  # letters a candidate shares with the typed word


def auto_distance(letters: int) -> int:
    """Return the edits a word of ``letters`` letters allows (Elasticsearch's AUTO)."""
    return 0 if letters <= 2 else 1 if letters <= 5 else 2


def candidates(reader: IndexReader, word: str, distance: int) -> list[str]:
    """Return the words ``word~distance`` stands for, best first (see the module docstring)."""
    frequency = reader.doc_frequency
    found = {word: 0} if frequency(FIELD, word) else {}
    if distance > 0:
        for other in reader.terms_within(FIELD, word, distance, prefix=PREFIX):
            found.setdefault(other, edit_distance(word, other))
        for swapped in swaps(word):
            if swapped not in found and frequency(FIELD, swapped):
                found[swapped] = 1
    near = [d for d in found.values() if d > 0]
    closest = min(near, default=0)
    kept = [w for w, d in found.items() if d in (0, closest)]
    return sorted(kept, key=lambda w: (found[w], -frequency(FIELD, w), w))


def similarity(typed: str, candidate: str) -> float:
    """Return how close a candidate is to the typed word: 1 less the share of the shorter word
    its edits change (Lucene's fuzzy similarity), at least 0.1.

    >>> similarity("coffee", "coffee"), round(similarity("cofee", "coffee"), 2)
    (1.0, 0.8)
    """
    edits = edit_distance(typed, candidate)
    return max(0.1, 1.0 - edits / max(1, min(len(typed), len(candidate))))


def swaps(word: str) -> list[str]:
    """Return ``word`` with two neighbouring letters swapped, at every place (the first two
    letters too: a swap keeps them, only in the other order)."""
    return [
        word[:i] + word[i + 1] + word[i] + word[i + 2 :]
        for i in range(len(word) - 1)
        if word[i] != word[i + 1]
    ]


def edit_distance(a: str, b: str) -> int:
    """Return the edits from ``a`` to ``b``: insert, delete, replace, or swap two neighbours."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, letter in enumerate(a, 1):
        current = [i]
        for j, other in enumerate(b, 1):
            cost = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (letter != other))
            if i > 1 and j > 1 and letter == b[j - 2] and a[i - 2] == other:
                cost = min(cost, previous2[j - 2] + 1)
            current.append(cost)
        previous2, previous = previous, current
    return previous[-1]
