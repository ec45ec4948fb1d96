"""What one request may cost: caps on expansions, phrases, fuzzy words, filter values, nesting,
the search time budget and the answer cache's bytes (issue 14, findings 3-6)."""

from __future__ import annotations

from urllib.parse import parse_qs

import pytest
from conftest import SAMPLE_ARTICLES

from indexer import store
from indexer.article import Article
from indexer.writing.writer import publish_articles
from newsarchive.errors import SearchTooCostly
from newsarchive.settings import Settings
from search import Engine
from search.budget import budget
from search.query.compile import compile_query
from search.query.limits import (
    MAX_FILTER_VALUES,
    MAX_FUZZY_LETTERS,
    MAX_PHRASE_WORDS,
    MAX_TOTAL_EXPANSIONS,
)
from search.query.parse import Not, Word, parse_query
from search.results import SearchRequest
from web import create_app
from web.results_cache import GenerationCache, answer_bytes


@pytest.fixture(scope="module")
def client(sample_settings: Settings):
    return create_app(sample_settings).test_client()


def error_of(client, **params) -> tuple[int, str]:
    response = client.get("/api/search", query_string=params)
    return response.status_code, (response.get_json() or {}).get("error", "")


def test_a_fuzzy_word_longer_than_the_cap_is_refused(client):
    status, error = error_of(client, q="c" * (MAX_FUZZY_LETTERS + 1) + "~")
    assert status == 400 and f"at most {MAX_FUZZY_LETTERS} letters" in error
    assert error_of(client, q="cofee~")[0] == 200


def test_a_phrase_longer_than_the_cap_is_refused(client):
    words = " ".join(["coffee"] * (MAX_PHRASE_WORDS + 1))
    status, error = error_of(client, q=f'"{words}"')
    assert status == 400 and f"at most {MAX_PHRASE_WORDS} words" in error


def test_all_wildcards_of_a_query_expand_to_at_most_the_total_cap(tmp_path):
    letters = "abcdefghij"
    vocabulary = [f"zq{a}{b}{c}" for a in letters for b in letters for c in letters]
    publish_articles(tmp_path, [Article(id="words", title="Words", body=" ".join(vocabulary))])
    searcher = store.open_live(tmp_path).searcher()
    query = " OR ".join(f"zq{a}*" for a in letters[:6])  # 6 x 100 words; 50 each allowed
    compiled = compile_query(parse_query(query), searcher.reader(), {})
    assert len(compiled.marks.stems) == MAX_TOTAL_EXPANSIONS


def test_a_search_past_its_time_budget_is_a_clear_error(sample_settings):
    engine = Engine(sample_settings)
    with pytest.raises(SearchTooCostly, match="narrow it"), budget(0.0):
        engine.search(SearchRequest(q="coffee OR oil"))
    assert engine.search(SearchRequest(q="coffee OR oil")).total == 4


def test_too_many_values_of_one_filter_are_refused_repeats_forgiven(client):
    codes = [a + b for a in "ABCDEFGHIJ" for b in "ABCDEFGHIJ"][: MAX_FILTER_VALUES + 1]
    status, error = error_of(client, q="oil", country=codes)
    assert status == 400 and f"at most {MAX_FILTER_VALUES} values of country" in error
    assert error_of(client, q="oil", country=["US"] * 660)[0] == 200


def test_every_chip_removes_just_its_own_value(client):
    codes = ["US", "BR", "SA", "AT", "CO", "GB"]
    page = client.get("/search", query_string={"q": "oil", "country": codes}).get_data(True)
    for code in codes:
        kept = [c for c in codes if c != code]
        links = [chunk.split('"')[0] for chunk in page.split('href="/search?')[1:]]
        removals = [parse_qs(link.replace("&amp;", "&")) for link in links]
        assert {"q": ["oil"], "country": kept} in removals


@pytest.mark.parametrize("query", ["!" * 995 + "oil", "NOT " * 248 + "oil", "-!" * 300 + "oil"])
def test_long_runs_of_negations_are_read_without_recursion(client, query):
    status, _ = error_of(client, q=query)
    assert status in (200, 400)  # never a 500 (a RecursionError)


def test_a_run_of_negations_is_one_negation_or_none():
    assert parse_query("!!!oil") == Not(Word("oil"))
    assert parse_query("NOT NOT oil") == Word("oil")


def test_the_answer_cache_is_bounded_by_bytes(sample_settings):
    engine = Engine(sample_settings)
    cache = GenerationCache(engine, size=4_000, cost=answer_bytes)
    for article in SAMPLE_ARTICLES:
        cache.search(SearchRequest(q=article.title.split()[0]))
    assert 1_000 < cache.used <= 4_000  # each answer is counted as 1-2 KB, not as 1
    assert 1 < len(cache) < len(SAMPLE_ARTICLES)
