"""The fused analyzers and the FastText indexing path give exactly what whoosh's chain gives."""

from __future__ import annotations

import pytest
from whoosh.analysis.analyzers import CompositeAnalyzer
from whoosh.fields import TEXT

from indexer.analysis import exact_analyzer, stemming_analyzer
from indexer.schema import build_schema
from indexer.tagging.topics import tokenize

TEXTS = [
    "",
    "The the of and",
    "Taiwan’s envoy stated PRICES rose 4.5% in the U.S. café's garden",
    "Ukraine's grain: exports (via Danube ports) rose; it's the 2nd year — Kyiv's data.",
    "नई दिल्ली में बारिश हुई है  Zürich’s banks, São Paulo's exporters _ __ x",
    "word " * 50 + "the end. " * 10,
    "coffee " + "x" * 101 + " prices " + "z" * 100 + " rose",  # a blob between words
]
OPTIONS = [
    {},
    {"positions": True},
    {"positions": True, "chars": True},
    {"positions": True, "chars": True, "removestops": False},
    {"chars": True, "keeporiginal": True, "mode": "query"},
    {"positions": True, "start_pos": 5, "start_char": 7},
    {"positions": True, "no_morph": True},
]


def _tokens(analyzer: object, text: str, **options: object) -> list[tuple]:
    return [
        (t.text, getattr(t, "pos", None), getattr(t, "startchar", None),
         getattr(t, "endchar", None), t.stopped, getattr(t, "original", None))
        for t in analyzer(text, **options)  # type: ignore[operator]
    ]  # fmt: skip


@pytest.mark.parametrize("make", [stemming_analyzer, exact_analyzer])
@pytest.mark.parametrize("options", OPTIONS)
def test_fused_analyzer_yields_the_chain_tokens(make: object, options: dict) -> None:
    fused = make()  # type: ignore[operator]
    chain = CompositeAnalyzer(*fused.items)
    for text in TEXTS:
        assert _tokens(fused, text, **options) == _tokens(chain, text, **options)


@pytest.mark.parametrize("field", ["title", "body", "exact", "author"])
def test_fast_text_postings_equal_text_postings(field: str) -> None:
    fast = build_schema()[field]
    for text in TEXTS:
        assert sorted(fast.index(text)) == sorted(TEXT.index(fast, text))


def test_words_over_100_characters_are_blobs_left_out_in_place() -> None:
    text = "coffee " + "x" * 101 + " prices " + "z" * 100 + " rose"
    assert exact_analyzer().term_positions(text) == {
        "coffee": [0], "prices": [2], "z" * 100: [3], "rose": [4]
    }  # fmt: skip
    assert stemming_analyzer().term_sequence(text) == ["coffe", "", "price", "z" * 100, "rose"]
    assert tokenize("Coffee " + "z" * 61 + " prices") == ["coffee", "prices"]  # topic words


def test_term_sequence_marks_dropped_words() -> None:
    assert stemming_analyzer().term_sequence("The prices ROSE") == ["", "price", "rose"]
    assert exact_analyzer().term_sequence("The prices ROSE") == ["the", "prices", "rose"]
