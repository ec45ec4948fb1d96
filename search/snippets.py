"""Snippets and article highlighting: matched words in ``<mark>``, everything else escaped.

Faster than whoosh's highlighter because it never runs the whoosh analyzer chain: one compiled
regular expression (the analyzers' own word pattern) finds the words, and the cached ``fold``
and ``stem`` functions decide which of them match the query's stems or phrases.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from functools import lru_cache
from html import escape

from indexer.analysis import WORD_PATTERN, fold, stem
from search.query.compile import Marks

_WORD = re.compile(WORD_PATTERN)
_SPACES = re.compile(r"\s+")
_SPACE = re.compile(r"\s")
_PARAGRAPHS = re.compile(r"\n\s*\n|\n(?=[ \t]{2,})")
# Where a snippet may start: after a sentence's end, a clause's colon or semicolon, a dash
# between spaces (a wire dateline's "SALVADOR, Feb 26 - "), or a line break.
_BOUNDARY = re.compile(r"[.!?][\"')\]]?\s+|[;:]\s+|\s[-\u2013\u2014]+\s+|\n\s*")
# A dateline ending within the first characters of a body: "SALVADOR, Feb 26 - ".
_DATELINE = re.compile(r"[^\n]{0,80}?\s-\s+")
ELLIPSIS = "…"
MAX_WINDOWS = 200  # fragment starts tried in a body with very many matches
FRAMED = 3  # of them, the best before framing that are framed and compared again
SCAN_CHARS = 50_000  # a snippet comes from the start of a very long body
LOOK_BACK = 240  # characters a window reaches back at least for the start of its sentence
Span = tuple[int, int, str]  # start, end, what matched (a stem or a phrase)


def find_matches(text: str, marks: Marks) -> list[Span]:
    """Return the character spans of the words or phrases of ``text`` that the query matched."""
    if not marks.stems and not marks.phrases:
        return []
    firsts = {phrase[0]: phrase for phrase in marks.phrases if phrase}
    spans: list[Span] = []
    for match in _candidates(frozenset(marks.stems), frozenset(firsts)).finditer(text):
        word = fold(match.group())
        if word in firsts:
            end = _phrase_end(text, match.end(), marks.phrases, word)
            if end is not None:
                spans.append((match.start(), end[0], end[1]))
                continue
        if word and stem(word) in marks.stems:
            spans.append((match.start(), match.end(), stem(word)))
    return _without_overlaps(spans)


@lru_cache(maxsize=512)
def _candidates(stems: frozenset[str], firsts: frozenset[str]) -> re.Pattern[str]:
    """Return a regex finding the words that may match: those starting like a stem or phrase.

    Snowball rewrites at most the end of a word (``company`` -> ``compani``), so a word can only
    stem to ``s`` if it starts with ``s`` minus its last letter; only those words are then
    folded and stemmed, instead of every word of the body.
    """
    prefixes = {s[: max(1, min(len(s) - 1, 4))] for s in stems} | {w[:4] for w in firsts}
    alternatives = "|".join(sorted((re.escape(p) for p in prefixes if p), key=len, reverse=True))
    return re.compile(rf"(?<![\w.'’])(?:{alternatives})(?:[.'’]?\w)*", re.IGNORECASE)


def _phrase_end(
    text: str, position: int, phrases: set[tuple[str, ...]], first: str
) -> tuple[int, str] | None:
    """Return (end, phrase) of the longest phrase starting with ``first`` at this word."""
    best = None
    for phrase in phrases:
        if phrase[0] != first:
            continue
        end = position
        for word in phrase[1:]:
            following = _WORD.search(text, end)
            if following is None or fold(following.group()) != word:
                break
            end = following.end()
        else:
            if best is None or end > best[0]:
                best = (end, " ".join(phrase))
    return best


def _without_overlaps(spans: list[Span]) -> list[Span]:
    kept: list[Span] = []
    for span in spans:
        if not kept or span[0] >= kept[-1][1]:
            kept.append(span)
    return kept


def mark_text(text: str, spans: list[Span], start: int = 0, end: int | None = None) -> str:
    """Return ``text[start:end]`` HTML-escaped with the spans inside it wrapped in ``<mark>``."""
    end = len(text) if end is None else end
    out = []
    position = start
    for span_start, span_end, _ in spans:
        if span_start < start or span_end > end:
            continue
        out.append(escape(text[position:span_start], quote=False))
        out.append("<mark>" + escape(text[span_start:span_end], quote=False) + "</mark>")
        position = span_end
    out.append(escape(text[position:end], quote=False))
    return _SPACES.sub(" ", "".join(out))


def mark_title(title: str, marks: Marks) -> str | None:
    """Return the headline HTML-escaped with its matched words in ``<mark>``; None without any."""
    spans = find_matches(title, marks)
    return mark_text(title, spans) if spans else None


def make_snippet(body: str, marks: Marks, length: int) -> str:
    """Return one or two fragments of ``body`` around the matches (the lead when none)."""
    spans = find_matches(body[:SCAN_CHARS], marks)
    if not spans:
        start, end = 0, _cut_end(body, min(len(body), length))
        return mark_text(body, [], start, end) + (ELLIPSIS if end < len(body) else "")
    first = _best_window(body, spans, length, set())
    covered = {s[2] for s in spans if first[0] <= s[0] and s[1] <= first[1]}
    missing = {s[2] for s in spans} - covered
    windows = [first]
    if missing:
        half = length // 2
        second = _best_window(body, spans, half, covered)
        if second[1] <= first[0] or second[0] >= first[1]:
            windows = sorted([_best_window(body, spans, half, set()), second])
            if windows[0][1] > windows[1][0]:
                windows = [first]
    return _join(body, spans, windows)


def _best_window(body: str, spans: list[Span], length: int, known: set[str]) -> tuple[int, int]:
    """Return the window of about ``length`` characters holding the most new distinct matches,
    counted once it is framed (``_frame`` may move its start back to a sentence's start): the
    ``FRAMED`` windows with the most matches before framing are framed and compared."""
    ends = [span[1] for span in spans]  # increasing: spans are in order and never overlap
    starts = [span[0] for span in spans]
    ranked = []
    for i, (start, _, _) in enumerate(spans[:MAX_WINDOWS]):
        inside = spans[i : bisect_right(ends, start + length, lo=i)]
        ranked.append((-_window_score(inside, known), i, inside[-1][1]))
    best, best_score = (0, 0), -1
    for _, i, last in sorted(ranked)[:FRAMED]:
        window = _frame(body, spans[i][0], last, length)
        inside = spans[bisect_right(starts, window[0] - 1) : bisect_right(ends, window[1])]
        score = _window_score(inside, known)
        if score > best_score or (score == best_score and window[0] < best[0]):
            best, best_score = window, score
    return best


def _window_score(inside: list[Span], known: set[str]) -> int:
    return len({s[2] for s in inside} - known) * 100 + len(inside)


def _frame(body: str, first: int, last: int, length: int) -> tuple[int, int]:
    """Frame the matches [first, last) in a window of ``length``: it starts where a sentence or
    clause starts (never inside a dateline) when one is near enough, else at a word boundary.
    Reaching back to a sentence's start may leave the last matches out of the window: a
    fragment that reads from its start is worth more than one more highlighted word."""
    slack = max(0, length - (last - first))
    start = _start(body, first, slack)
    end = min(len(body), max(first + 1, start + length))
    return start, _cut_end(body, end, floor=last if end >= last else first)


def _start(body: str, first: int, slack: int) -> int:
    """Return where a window showing the match at ``first`` starts (see ``_frame``)."""
    dateline = _DATELINE.match(body)
    floor = dateline.end() if dateline and dateline.end() <= first else 0
    reach = max(floor, first - max(slack // 2, LOOK_BACK))
    boundaries = [m.end() for m in _BOUNDARY.finditer(body, reach, first) if m.end() <= first]
    if boundaries:
        return boundaries[-1]
    if reach <= floor:
        return floor
    space = _SPACE.search(body, reach, first)
    return space.end() if space else reach


def _cut_end(body: str, end: int, floor: int = 0) -> int:
    """Move ``end`` back to the last whitespace before it, but not before ``floor``."""
    if end >= len(body):
        return len(body)
    cut = max((m.start() for m in _SPACE.finditer(body, floor, end)), default=end)
    return cut if cut > floor else end


def _join(body: str, spans: list[Span], windows: list[tuple[int, int]]) -> str:
    parts = []
    for start, end in windows:
        text = mark_text(body, spans, start, end).strip()
        parts.append((ELLIPSIS if start > 0 else "") + text + (ELLIPSIS if end < len(body) else ""))
    return " ".join(parts).replace(ELLIPSIS + " " + ELLIPSIS, " " + ELLIPSIS + " ")


def paragraphs(body: str) -> Iterator[tuple[int, int]]:
    """Yield the (start, end) of each paragraph of a body (blank lines or indented lines)."""
    start = 0
    for match in _PARAGRAPHS.finditer(body):
        if body[start : match.start()].strip():
            yield start, match.start()
        start = match.end()
    if body[start:].strip():
        yield start, len(body)


def highlight_body(body: str, marks: Marks) -> str:
    """Return the body as HTML ``<p>`` paragraphs with the matches in ``<mark>``."""
    spans = find_matches(body, marks)
    return "\n".join(f"<p>{mark_text(body, spans, s, e).strip()}</p>" for s, e in paragraphs(body))
