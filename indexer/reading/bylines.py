"""Bylines as written: "By Jane Doe | 5 May", "Jane Doe for Daily Mail" -> "Jane Doe".

Shared by the readers of pages (the byline in the markup) and of plain text (a "By" line under
the headline).
"""

from __future__ import annotations

import re

# "By", "Written by", "Analysis by", "Von", "Por", "Par" before the names.
_BY_RE = re.compile(r"^\s*(?:[^\W\d]+\s+){0,2}?(?:by|von|por|par)[:\s]+", re.I)
# A label before the names: "Text: Jenny Smith", "Reporting: ...", "Текст: ..."
_LABEL_RE = re.compile(r"^\s*[^\W\d_]{2,15}:\s+")
MAX_AUTHOR_CHARS = 80
# "Jenny Smith and John Smith", "und", "et", "y", "&": two names, as a list writes them.
_NAME_JOINER = re.compile(r"\s*,?\s+(?:and|und|et|y|&)\s+(?=[^\W\d_][^\W\d_]*[ .])", re.I)
# Lower-case words of names and lists of names: "Jean de la Fontaine", "Smith and Jones"
_NAME_PARTICLES = frozenset(
    "de la le du des da di del van von der den ten bin al y e and und et".split()
)
_BYLINE_END = re.compile(r"[\d@(]")  # a date, a time, a handle or an e-mail address follows
# Weekday and month names ending a byline before its date: "by Jeff Foust Monday, November"
_DATE_WORDS = re.compile(
    r"(?:[\s,.|-]+(?:on|updated|published|posted|(?:mon|tues|wednes|thurs|fri|satur|sun)day"
    r"|mon|tue|wed|thu|fri|sat|sun|january|february|march|april|may|june|july|august|september"
    r"|october|november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)\.?)+"
    r"[\s,.|-]*$",
    re.I,
)
# What follows the name in a byline: "Jenny Smith | 5 May", "Jenny Smith - The Moon",
# "Jenny Smith for Daily Mail Australia", "Jenny Smith from Trafilatura".
_BYLINE_TAIL = re.compile(r"\s*[|\u2013\u2014]\s*|\s+-\s+|\s+(?:for|from)\s+(?=[A-Z])", re.I)


def byline_name(text: str) -> str:
    """Return the names a byline's text starts with, or "" when it does not read as names.

    A byline often carries more: keep its first line up to a "|", a dash, "for" or "from"
    ("Jenny Smith | 5 May", "Jenny Smith for Daily Mail"). Names are mostly capitalised words
    without digits ("The Russian and Syrian defense ministries" is not a byline).
    """
    line = text.split("\n", 1)[0]
    end = _BYLINE_END.search(line)  # "Jenny Smith 11:57", "Jenny Smith @handle"
    if end:
        line = line[: end.start()]
        line = _DATE_WORDS.sub("", line) if end.group().isdigit() else line  # "..., May 5"
    text = _BYLINE_TAIL.split(line.replace("_", " "), maxsplit=1)[0]
    text = _LABEL_RE.sub("", _BY_RE.sub("", text)).strip(" ,;:")
    words = text.split()
    limit = MAX_AUTHOR_CHARS * (3 if "," in text else 1)  # a list of names may be longer
    if not words or len(text) > limit:
        return ""
    named = [word for word in words if word.lower() not in _NAME_PARTICLES]
    capitalised = sum(word[:1].isupper() for word in named)
    # one word is a label more often than a name ("Print", "Submitted", "Share")
    return separate_names(text) if len(named) > 1 and capitalised * 3 >= len(named) * 2 else ""


def separate_names(names: str) -> str:
    """Write several authors as a list, as the JSON-LD and meta tags give them.

    >>> separate_names("Jenny Smith and John Smith"), separate_names("Ana Ruiz y Luis Gil")
    ('Jenny Smith, John Smith', 'Ana Ruiz, Luis Gil')
    """
    return _NAME_JOINER.sub(", ", names)


def strip_by_label(name: str) -> str:
    """Return a name without the "By" or "Text:" before it."""
    return _LABEL_RE.sub("", _BY_RE.sub("", name))
