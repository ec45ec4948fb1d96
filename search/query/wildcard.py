"""Wildcard words (``refin*``, ``co?fee``) matched in linear time, without regular expressions.

A regular expression made of ``.*`` runs backtracks: ``in`` + 60 ``*`` + ``q`` tried against
one word takes minutes. Here a pattern is split at its stars into pieces; the first piece must
start the word, the last must end it, and each middle piece is found leftmost after the one
before (the leftmost place never loses a match that a later one would find). ``?`` stands for
one character. The work is at most the word's length times the pattern's.

>>> glob_match(compile_glob("co?fee*"), "coffeehouse")
True
>>> glob_match(compile_glob("in***q"), "international")
False
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_STARS = re.compile(r"\*+")


@dataclass(frozen=True)
class Glob:
    """A pattern split at its stars: ``pieces[0]`` starts a match, ``pieces[-1]`` ends it."""

    pieces: tuple[str, ...]

    @property
    def stars(self) -> int:
        return len(self.pieces) - 1


def collapse_stars(pattern: str) -> str:
    """Return the pattern with each run of ``*`` as one ``*`` (they mean the same)."""
    return _STARS.sub("*", pattern)


def compile_glob(pattern: str) -> Glob:
    """Return a pattern of ``*`` (any characters) and ``?`` (one character) ready to match."""
    return Glob(tuple(collapse_stars(pattern).split("*")))


def glob_match(glob: Glob, word: str) -> bool:
    """Return True when the whole of ``word`` matches the pattern."""
    pieces = glob.pieces
    if len(pieces) == 1:
        return len(word) == len(pieces[0]) and _piece_at(pieces[0], word, 0)
    first, last = pieces[0], pieces[-1]
    if len(word) < len(first) + len(last):
        return False
    if not _piece_at(first, word, 0) or not _piece_at(last, word, len(word) - len(last)):
        return False
    position, end = len(first), len(word) - len(last)
    for piece in pieces[1:-1]:
        found = _find_piece(piece, word, position, end)
        if found < 0:
            return False
        position = found + len(piece)
    return True


def _piece_at(piece: str, word: str, start: int) -> bool:
    """Return True when ``piece`` (with ``?``) matches ``word`` at ``start``."""
    if start + len(piece) > len(word):
        return False
    window = word[start : start + len(piece)]
    return all(p == "?" or p == c for p, c in zip(piece, window, strict=True))


def _find_piece(piece: str, word: str, start: int, end: int) -> int:
    """Return the leftmost place in ``word[start:end]`` where ``piece`` matches, else -1."""
    if "?" not in piece:
        return word.find(piece, start, end)
    for position in range(start, end - len(piece) + 1):
        if _piece_at(piece, word, position):
            return position
    return -1
