"""Taggers: fill an article's countries, regions and topics, and explain each tag.

Reads only the article's title and body (never ``source_meta``: the Reuters gold PLACES and
TOPICS would make the benchmark meaningless). See countries.py, regions.py and topics.py.
"""

from __future__ import annotations

from typing import Any

from indexer.article import Article
from indexer.tagging.countries import is_prominent, score_countries, tag_countries
from indexer.tagging.regions import regions_of
from indexer.tagging.topics import (
    classify,
    lexicon_hits,
    lexicon_terms,
    model_words,
    primary_scores,
    score_topics,
)

EXPLAINED_WORDS = 8


def tag(article: Article) -> Article:
    """Return the article with countries, regions and topics filled."""
    countries = tag_countries(article.title, article.body)
    return article.with_(
        countries=countries,
        regions=regions_of(countries),
        topics=tuple(classify(article.title, article.body)),
    )


def explain(article: Article) -> dict[str, Any]:
    """Return why each tag was given: scores, the mentions and the words behind them.

    Countries: every candidate with its score, whether it was tagged, and its mentions.
    Topics: the candidates with their combined score, whether tagged, the lexicon words
    found ("words") and the article words the trained model weighed most ("model_words").
    """
    countries = {}
    ranked = score_countries(article.title, article.body)
    for country in ranked:
        countries[country.code] = {
            "score": round(country.score, 2),
            "tagged": is_prominent(country, ranked, article.body),
            "mentions": [{"text": m.text, "where": m.where} for m in country.mentions],
        }
    evidence = score_topics(article.title, article.body)
    chosen = classify(article.title, article.body)
    scores = primary_scores(evidence)
    hits = lexicon_hits(lexicon_terms(article.title, article.body))
    topics = {}
    for slug, score in sorted(scores.items(), key=lambda item: -item[1]):
        if score < 0.05 and slug not in chosen:
            continue
        words = sorted(hits.get(slug, {}).items(), key=lambda item: -item[1])
        topics[slug] = {
            "score": round(score, 3),
            "tagged": slug in chosen,
            "words": [word for word, _ in words[:EXPLAINED_WORDS]],
            "model_words": model_words(article.title, article.body, slug, EXPLAINED_WORDS),
        }
    return {"countries": countries, "topics": topics}
