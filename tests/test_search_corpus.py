"""Search over the whole Reuters-21578 index (built once per session with the real pipeline)."""

from __future__ import annotations

import html
import time
from pathlib import Path

import pytest

from newsarchive.errors import QueryError
from newsarchive.settings import Settings
from search import Engine, SearchRequest

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def engine(reuters_index_dir: Path) -> Engine:
    engine = Engine(Settings(index_dir=reuters_index_dir))
    yield engine
    engine.close()


def total(engine: Engine, q: str, **kwargs) -> int:
    return engine.search(SearchRequest(q=q, per_page=1, **kwargs)).total


def all_ids(engine: Engine, q: str) -> set[str]:
    found: set[str] = set()
    page = 1
    while True:
        results = engine.search(SearchRequest(q=q, per_page=100, page=page, collapse=False))
        found.update(hit.article.id for hit in results.hits)
        if page * 100 >= results.total:
            assert len(found) == results.total
            return found
        page += 1


@pytest.mark.parametrize("words", ["crude oil", "interest rates", "trade deficit", "bank japan"])
def test_phrase_finds_fewer_than_and_which_finds_fewer_than_or(engine, words):
    first, second = words.split()
    phrase = total(engine, f'"{words}"')
    both = total(engine, f"{first} AND {second}")
    either = total(engine, f"{first} OR {second}")
    assert 0 <= phrase < both < either
    if words != "bank japan":
        assert phrase > 0


def test_not_is_the_set_difference(engine):
    both = all_ids(engine, "oil AND crude")
    assert all_ids(engine, "oil NOT crude") == all_ids(engine, "oil") - both
    assert all_ids(engine, "oil -crude") == all_ids(engine, "oil NOT crude")


@pytest.mark.parametrize("q", ["", "oil", "coffee OR cocoa", '"interest rates"'])
def test_each_facet_count_equals_the_total_of_the_filtered_search(engine, q):
    results = engine.search(SearchRequest(q=q))
    assert results.total > 0
    for name, values in results.facets.items():
        for facet in sorted(values, key=lambda f: -f.count)[:3]:
            assert facet.count == total(engine, q, filters={name: (facet.value,)}), (name, facet)


def test_facet_counts_are_disjunctive_under_a_filter(engine):
    chosen = {"country": ("US",)}
    results = engine.search(SearchRequest(q="oil", filters=chosen))
    assert results.total == total(engine, "oil", filters=chosen)
    for facet in results.facets["country"][:4]:  # its own filter is left out
        assert facet.count == total(engine, "oil", filters={"country": (facet.value,)})
    for name in ("topic", "source", "year", "region"):
        for facet in results.facets[name][:2]:  # the country filter applies
            filters = {**chosen, name: (facet.value,)}
            assert facet.count == total(engine, "oil", filters=filters), (name, facet)


def test_coffee_ranks_reuters_coffee_stories_first(engine):
    hits = engine.search(SearchRequest(q="coffee")).hits
    coffee = [h for h in hits if "coffee" in h.article.source_meta.get("topics", [])]
    assert len(hits) == 10 and len(coffee) >= 8


def test_sort_by_date_is_newest_first_and_pages_do_not_overlap(engine):
    first = engine.search(SearchRequest(q="gold", sort="date", per_page=50))
    second = engine.search(SearchRequest(q="gold", sort="date", per_page=50, page=2))
    dates = [h.article.date for h in first.hits + second.hits]
    assert dates == sorted(dates, reverse=True)
    assert not {h.article.id for h in first.hits} & {h.article.id for h in second.hits}


def test_snippets_escape_the_wire_tickers(engine):
    hits = engine.search(SearchRequest(q="exxon", per_page=20)).hits
    assert any("&lt;" in hit.snippet for hit in hits)  # company tickers like <XON>
    for hit in hits:
        assert hit.snippet.replace("<mark>", "").replace("</mark>", "").count("<") == 0


def test_did_you_mean_respells_from_the_unstemmed_vocabulary(engine):
    as_typed = SearchRequest(q="cofee prices", correct=False)
    assert engine.search(as_typed).suggestion == "coffee prices"
    assert engine.search(SearchRequest(q="bundesbnk", correct=False)).suggestion == "bundesbank"


@pytest.mark.parametrize(
    ("q", "refusal"),
    [('"crude oil', None), ("(oil OR gas", None), ("oil)))", None), ("AND oil", None),
     ("oil NOT", None), ("\x00oil\x1f", None), ("x" * 999, None), ("(" * 19 + "oil", None),
     (" ".join(["oil"] * 64), None), ("cofee~2 OR refin* OR date:1987", None),
     ("a* OR b*", "Put at least two letters before a wildcard, as in refin*: a*")],
)  # fmt: skip
def test_malformed_queries_answer_quickly(engine, q, refusal):
    started = time.perf_counter()
    if refusal is None:  # repaired and answered
        found = engine.search(SearchRequest(q=q)).total
        assert (found > 0) == ("oil" in q or "refin" in q), found  # x * 999 matches nothing
    else:
        with pytest.raises(QueryError) as error:
            engine.search(SearchRequest(q=q))
        assert str(error.value) == refusal
    assert time.perf_counter() - started < 10.0  # a bound on hangs, not a speed target


def _mentions(hit, word: str) -> bool:
    return word in f"{hit.article.title} {hit.article.body}".lower()


@pytest.mark.parametrize("q", ["cofee~", "ocffee~", "coffee~"])
def test_fuzzy_word_stands_for_the_closest_frequent_word(engine, q):
    results = engine.search(SearchRequest(q=q, per_page=20))
    assert results.hits and all(_mentions(hit, "coffee") for hit in results.hits)
    assert results.total == total(engine, "coffee OR coffees")


def test_misspelled_natural_query_is_corrected_on_the_archive(engine):
    results = engine.search(SearchRequest(q="cofee export quotas"))
    assert results.corrected == "coffee export quotas"
    assert all(_mentions(hit, "coffee") for hit in results.hits[:5])


@pytest.mark.parametrize("q", ["coffee prices", "oil", "interest rates cut", "tin council"])
def test_a_snippet_never_starts_inside_the_dateline(engine, q):
    for hit in engine.search(SearchRequest(q=q, per_page=50)).hits:
        body = " ".join(hit.article.body.split())
        dateline = body[: body.find(" - ") + 3] if 0 < body.find(" - ") < 60 else ""
        plain = hit.snippet.replace("<mark>", "").replace("</mark>", "")
        at = body.find(html.unescape(plain.lstrip("…"))[:40])
        if dateline and at > 0:
            assert at >= len(dateline), (hit.article.id, plain[:60])
