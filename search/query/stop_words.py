"""Stop words of a query: the words a person writes around what they look for.

A query may also start by saying what it asks for ("news about", "latest stories on", "show me
articles about"): those words are left out the same way (``request_words``), since an article
that happens to write "news" or "information" is not more relevant for it. "news" elsewhere
("fake news", "celebrities in the news", "news networks") is a word like any other: at the end
of a query it may be what is sought (HuffPost's entertainment query, bench/RESULTS.md).

The index drops whoosh's short list (``the``, ``of``, ``and`` ...; ``indexer.analysis``), so
those never match a plain word. A natural-language query holds more function words than that
("the dollar falling against the yen", "such as", "during the month"); the ones below also
neither restrict the match set nor add to the score, unless they stand inside quotes (a phrase
keeps every word) or the query has nothing else. nltk's stopwords corpus is not available
offline, so the list ships here: English function words only, never a word that names a thing.
"""

from __future__ import annotations

import re

from whoosh.analysis.filters import STOP_WORDS

FUNCTION_WORDS = frozenset(
    """
    about above across after again against all almost along also although among amongst
    another any anybody anyone anything around because been before behind being below beside
    besides between beyond both but could did do does doing done during each either else
    even ever every few further had has having he her here hers herself him himself his how
    however i into its itself just least less me more most much must my myself neither no nor
    now off often once only onto other others otherwise ought our ours ourselves out over
    own per perhaps quite rather same shall she should since so some somebody someone
    something such than their theirs them themselves then there therefore these they those
    though through throughout thus till too toward towards under unless until unto upon
    very via was were what whatever whether which while who whoever whom whose why within
    without would
    """.split()
)
QUERY_STOP_WORDS = frozenset(STOP_WORDS) | FUNCTION_WORDS


def is_stop_word(folded: str) -> bool:
    """Tell whether a folded query word is a stop word (``between``, ``the``)."""
    return folded in QUERY_STOP_WORDS


_REQUEST = re.compile(
    r"""^(?:(?:tell\s+me|everything|anything|all)\s+about\s|
    what(?:'s|\s+is|\s+was|\s+has)?\s+(?:happened|happening|going\s+on)\s+(?:to|with|in|at)\s|
    (?:(?:please\s+)?(?:show(?:\s+me)?|find(?:\s+me)?|search(?:\s+for)?|look(?:ing)?\s+for|
    give\s+me|get\s+me|i\s+want|i\s+need|i'?m\s+looking\s+for|i\s+am\s+looking\s+for)\s+)?
    (?:(?:all|any|some|the|a)\s+)?
    (?:(?:latest|recent|new|newest|top|breaking|current|old|older|past)\s+)?
    (?:news|stories|story|articles?|reports?|information|info|coverage|updates?|headlines|
    items|pieces|reporting)\s+
    (?:about|on|of|regarding|concerning|covering|mentioning|from|in|with|related\s+to|
    relating\s+to)\s)""",
    re.X,
)


def request_words(words: list[str]) -> int:
    """Return how many leading words of a query only say what it asks for.

    >>> request_words("latest news about coffee prices".split()), request_words(["fake", "news"])
    (3, 0)
    >>> request_words("what happened to coffee prices".split())
    3
    """
    match = _REQUEST.match(" ".join(words) + " ")
    return len(match.group().split()) if match else 0
