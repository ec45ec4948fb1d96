"""Tiers of plain words: how many of a query's words each match holds, and what to say about it.

Plain words side by side (``coffee export quotas``) match every article holding any of them
(``query.compile.Compiled.words``). For a keyword query of up to ``STRICT_TIERS`` words,
articles with all the words rank first, then those missing one word, and so on, BM25F
ordering each tier: ``coffee prices`` keeps its precision (an article with both words always
outranks one with only one). A longer query written in sentences is a description, not a list
of requirements: its BM25F score is multiplied by the share of the query's word weight an
article holds (Lucene's coordination factor, each word weighing its idf), so the articles
holding most of what the query says come first, but one missing a vague word ("changes in the
wholesale price index") is not sent below every article that happens to hold it, and one
missing a common word ("platinum prices and platinum mining" without "mining") stays above
one that holds the common words and names the subject in passing. On the development set
strict tiers for such queries scored nDCG@10 0.778 against 0.861 with the factor; counting
words by idf rather than alike kept the development set level and raised every held-out set
(``bench/RESULTS.md``).

>>> tier_notice(93, 1303)
'93 articles have all the words; 1,210 more have some of them.'
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Sequence

import numpy as np

# Added per matched word to a score when ranking: far above any BM25F score, so tiers never mix.
TIER_GAP = 1_000_000.0
STRICT_TIERS = 2  # plain words up to which tiers are strict (a keyword query)


def word_counts(word_docs: Iterable[np.ndarray], size: int) -> np.ndarray:
    """Return, per document number, how many of the words' match sets (arrays of distinct
    document numbers) hold it."""
    counts = np.zeros(size, np.uint8)  # a query has at most 64 terms (search.query.limits)
    for docs in word_docs:
        counts[docs] += 1
    return counts


def idf_shares(word_docs: Sequence[np.ndarray], size: int) -> np.ndarray:
    """Return, per document number, the share of the words' summed idf (BM25's) that the
    words' match sets (arrays of distinct document numbers) holding it add up to."""
    weights = [_idf(len(docs), size) for docs in word_docs]
    shares = np.zeros(size, np.float64)
    for docs, weight in zip(word_docs, weights, strict=True):
        shares[docs] += weight
    return shares / max(sum(weights), 1e-9)


def _idf(holding: int, size: int) -> float:
    return math.log(1 + (size - holding + 0.5) / (holding + 0.5))


def is_keyword_query(words: Sequence[Hashable]) -> bool:
    """Tell whether plain words rank in strict tiers (up to ``STRICT_TIERS`` distinct words)."""
    return len(set(words)) <= STRICT_TIERS


def ranking_keys(
    scores: np.ndarray, docs: np.ndarray, counts: np.ndarray, shares: np.ndarray | None
) -> np.ndarray:
    """Return the key each document ranks by: for a keyword query (no ``shares``) its score
    raised by its tier (``TIER_GAP`` per matched word), otherwise its score times the share of
    the query's idf it holds (``idf_shares``). A word typed twice counts twice in both."""
    if shares is None:
        return scores + TIER_GAP * counts[docs].astype(np.float64)
    return scores * shares[docs]


def untiered(score: float) -> float:
    """Return the score shown for a ranking key (the BM25F score inside a tiered one)."""
    return score % TIER_GAP


def tier_notice(complete: int, total: int) -> str | None:
    """Return what the tiers did, in words, or None when every match has all the words."""
    rest = total - complete
    if rest <= 0:
        return None
    if complete == 0:
        return f"No article has all the words; {_articles(rest)} some of them."
    return f"{_articles(complete)} all the words; {rest:,} more have some of them."


def _articles(count: int) -> str:
    return "1 article has" if count == 1 else f"{count:,} articles have"
