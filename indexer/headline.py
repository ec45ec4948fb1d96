"""Headlines that only repeat the lead: not a second piece of evidence.

Some archives have no real headlines: old magazine news, plain-text dumps and some exports put
the lead's first words in the title (``"The Federal Reserve said on Tuesday that"``). Scoring
such a title as a headline counts the lead's words twice, and with the title's weight (three
times a body word) at that, so the first words of every story outweigh the rest. An article
whose headline repeats its lead is marked in the index (``HEADLINE_FIELD``) and its title does
not score (``search.scoring``); it is still searched (``title:`` finds it) and shown.

>>> repeats_lead("The Fed said on Tuesday", "THE FED said, on Tuesday, that rates would rise.")
True
>>> repeats_lead("Fed raises rates", "The Federal Reserve raised rates on Tuesday.")
False
"""

from __future__ import annotations

from indexer.analysis import fold, raw_words

HEADLINE_FIELD = "headline"  # an ID field; its term ``LEAD`` marks such articles
LEAD = "lead"
MIN_WORDS = 3  # shorter headlines ("Obituary", "Oil prices") are never taken for a lead
DATELINE_WORDS = 12  # the lead may start after a dateline ("LONDON, March 3 (Reuters) -")


def repeats_lead(title: str, body: str) -> bool:
    """Return True when the headline's words are the lead's (in order, from its start or just
    after a dateline), so the headline says nothing the body does not."""
    words = raw_words(title)
    if len(words) < MIN_WORDS:
        return False
    start = body[: 40 * (len(words) + DATELINE_WORDS)]
    if words[0].isascii() and words[0].lower() not in start.lower():  # most headlines: fast
        return False
    headline = [fold(word) for word in words]
    lead = [fold(word) for word in raw_words(start)]
    starts = range(min(DATELINE_WORDS, len(lead)) + 1)
    return any(lead[start : start + len(headline)] == headline for start in starts)
