"""The vectorised search paths against plain Python on the Reuters index: facet counts
(numpy over combinations) equal a document-by-document count with the disjunctive rule, and
the ranking (BM25F, tiers and top-k over arrays) equals every match scored alone and sorted."""

from __future__ import annotations

import math
from collections import Counter
from pathlib import Path

import pytest

from indexer.codec.columns import bytes_column
from newsarchive.settings import Settings
from search import Engine, SearchRequest
from search.matchset import match_set
from search.results import FACET_NAMES, FILTER_FIELDS, MISSING
from search.selection import rank, select
from search.tiers import STRICT_TIERS, TIER_GAP, untiered

pytestmark = pytest.mark.slow

REQUESTS = (
    SearchRequest(q=""),
    SearchRequest(q="oil"),
    SearchRequest(q="oil", filters={"country": ("US", "GB")}),
    SearchRequest(q="prices", filters={"country": ("US",), "topic": ("economy-business-finance",)}),
    SearchRequest(q="bank", filters={"year": ("none", "1987")}, exclude={"country": ("US",)}),
    SearchRequest(q="trade", filters={"source": ("none",), "region": ("eastern-asia",)}),
)


@pytest.fixture(scope="module")
def engine(reuters_index_dir: Path) -> Engine:
    engine = Engine(Settings(index_dir=reuters_index_dir))
    yield engine
    engine.close()


def _document_values(engine: Engine) -> dict[str, list[tuple[str, ...]]]:
    reader = engine.current_view().searcher.reader()
    found = {}
    for name in FACET_NAMES:
        column = bytes_column(reader, FILTER_FIELDS[name])
        found[name] = [tuple(raw.decode().split()) or (MISSING,) for raw in column]
    return found


def _plain_counts(docs, values, wanted) -> dict[str, Counter[str]]:
    """Count each facet over the documents passing every other facet's filter."""
    counts: dict[str, Counter[str]] = {name: Counter() for name in FACET_NAMES}
    for docnum in docs:
        failing = [n for n in wanted if not set(values[n][docnum]) & wanted[n]]
        for name in FACET_NAMES:
            if not failing or failing == [name]:
                counts[name].update(values[name][docnum])
    return counts


@pytest.mark.parametrize("request_", REQUESTS, ids=lambda r: f"{r.q or '*'}-{sorted(r.filters)}")
def test_facet_counts_equal_a_plain_count_of_every_document(engine: Engine, request_) -> None:
    values = _document_values(engine)
    view = engine.current_view()
    chosen = select(view, request_, engine.settings)
    expected = _plain_counts(chosen.base, values, chosen.wanted)
    facets = engine.search(request_).facets
    assert sum(f.count for f in facets["year"]) == len(chosen.final) or chosen.wanted
    for name in FACET_NAMES:
        shown = {f.value: f.count for f in facets[name]}
        for value, count in shown.items():
            assert count == expected[name][value], (name, value)
        top = sorted(expected[name].items(), key=lambda item: (-item[1], item[0]))
        listed = [v for v, _ in top if v != MISSING][: engine.settings.facet_limit]
        assert all(v in shown for v in listed if name != "year"), name


QUERIES = (
    "oil",
    "coffee prices",
    "oil OR gas",
    '"interest rates"',
    "trade NOT deficit",
    "coffee export quotas negotiated by the international coffee organization",
)


@pytest.mark.parametrize("q", QUERIES)
def test_the_ranking_is_a_plain_sort_of_every_match_scored_one_by_one(engine: Engine, q) -> None:
    """BM25F over whole arrays, tier counts, idf shares and top-k by partition against the
    per-document path: each match scored alone, counted word by word in Python sets, sorted."""
    view = engine.current_view()
    request = SearchRequest(q=q)
    chosen = select(view, request, engine.settings)
    scorer = view.scorer(chosen.postings)
    words = [match_set(chosen.postings, w) for w in chosen.compiled.words]
    size = view.shared.lengths.size
    idf = [math.log(1 + (size - len(docs) + 0.5) / (len(docs) + 0.5)) for docs in words]
    keys = {}
    for docnum in chosen.final:
        score = scorer._score_one(chosen.compiled.query, docnum)
        count = sum(docnum in docs for docs in words)
        if not words:
            keys[docnum] = score
        elif len(set(chosen.compiled.words)) <= STRICT_TIERS:
            keys[docnum] = score + TIER_GAP * count
        else:
            held = sum(w for docs, w in zip(words, idf, strict=True) if docnum in docs)
            keys[docnum] = score * held / sum(idf)
    expected = sorted(keys, key=lambda d: (-keys[d], view.columns.rank[d]))[:20]
    ranked = rank(view, chosen, request, 0, 20)
    assert len(chosen.final) > 20
    assert [docnum for _, docnum in ranked] == expected, q
    assert [score for score, _ in ranked] == pytest.approx(
        [untiered(keys[d]) for d in expected], rel=1e-12
    )
