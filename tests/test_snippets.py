"""Snippets, article highlighting and the terminal listing."""

from __future__ import annotations

import re

from indexer.article import Article
from newsarchive.results_table import render_results
from search.query.compile import Marks
from search.results import FacetCount, Hit, SearchRequest, SearchResults
from search.snippets import highlight_body, make_snippet, mark_title

BODY = (
    "Coffee prices rose sharply in Sao Paulo on Tuesday after a frost hit plantations. "
    + "Growers met officials to discuss the weather and the state of the crop. " * 6
    + "Traders said the price of arabica could climb further as the <b>harvest</b> shrinks."
)


def test_snippet_marks_stemmed_variants_and_escapes_everything_else():
    snippet = make_snippet(BODY, Marks(stems={"price", "frost", "harvest"}), 240)
    assert "<mark>prices</mark>" in snippet and "<mark>frost</mark>" in snippet
    assert "&lt;b&gt;<mark>harvest</mark>&lt;/b&gt;" in snippet
    assert re.sub(r"</?mark>", "", snippet).count("<") == 0
    # two fragments, because one window cannot hold both distant matches
    assert "…" in snippet and len(re.sub(r"</?mark>", "", snippet)) <= 240 + 10


def test_snippet_is_the_lead_when_only_the_title_matched():
    snippet = make_snippet(BODY, Marks(stems={"brazil"}), 100)
    assert snippet.startswith("Coffee prices rose") and snippet.endswith("…")
    assert "<mark>" not in snippet and len(snippet) <= 101


def test_snippet_marks_phrases_as_a_whole():
    snippet = make_snippet(BODY, Marks(phrases={("sao", "paulo")}), 240)
    assert "<mark>Sao Paulo</mark>" in snippet


def test_highlight_body_makes_paragraphs():
    html = highlight_body("First <one> coffee.\n\nSecond coffee.", Marks(stems={"coffe"}))
    assert (
        html == "<p>First &lt;one&gt; <mark>coffee</mark>.</p>\n<p>Second <mark>coffee</mark>.</p>"
    )


def _results(snippet: str) -> SearchResults:
    article = Article(
        id="a1",
        title="Coffee prices rise",
        body="",
        date="1987-03-03",
        source="Reuters",
        countries=("BR", "CO"),
    )
    facets = {"country": [FacetCount("BR", "Brazil", 3), FacetCount("CO", "Colombia", 1)]}
    return SearchResults(
        SearchRequest(q="cofee"), 3, [Hit(article, snippet, 1.5)], facets, suggestion="coffee"
    )


def test_render_results_plain():
    text = render_results(_results("a &lt;b&gt; <mark>coffee</mark> frost"), color=False, width=60)
    assert "\x1b" not in text
    assert "3 articles match “cofee”" in text and "Did you mean: coffee" in text
    assert "1. Coffee prices rise" in text and "1987-03-03 · Reuters · BR, CO" in text
    assert "a <b> coffee frost" in text
    assert "Country: Brazil (3), Colombia (1)" in text
    assert max(len(line) for line in text.splitlines()) <= 60


def test_render_results_in_colour_emphasises_matches():
    text = render_results(_results("the <mark>coffee</mark> frost"), color=True, width=80)
    assert "\x1b[1;33mcoffee\x1b[0m" in text


def test_the_summary_of_a_browse_names_what_was_searched():
    hit = _results("x").hits[0]
    facets = {"country": [FacetCount("US", "United States", 13_805)]}
    browse = SearchResults(SearchRequest(), 23_335, [hit], facets)
    text = render_results(browse, color=False, width=80)
    assert text.startswith("23,335 articles are in the archive (showing 1-1, ")
    assert "Country: United States (13,805)" in text
    filtered = SearchResults(SearchRequest(filters={"country": ("BR",)}), 1, [hit], {})
    assert render_results(filtered, color=False, width=80).startswith(
        "1 article matches the filters ("
    )
    past = SearchResults(SearchRequest(q="oil", page=9), 1_629, [], {})
    assert render_results(past, color=False, width=80).startswith(
        "1,629 articles match “oil”; page 9 is"
    )


WIRE = (
    "SAO PAULO, Feb 26 - Brazilian exporters said on Thursday that they would ship more "
    "green beans next month, traders said. Coffee prices rose sharply after the frost, "
    "and dealers expect further gains."
)


def test_snippet_starts_at_a_sentence_and_never_inside_the_dateline():
    marks = Marks(stems={"coffe", "price"})
    snippet = make_snippet(WIRE, marks, 80)
    assert snippet.startswith("…<mark>Coffee</mark> <mark>prices</mark> rose")
    lead = make_snippet("LONDON, March 2 - Coffee prices fell in London.", marks, 30)
    assert lead.startswith(("…<mark>Coffee</mark>", "LONDON, March 2 - "))
    for length in range(40, 200, 7):
        text = make_snippet(WIRE, Marks(stems={"export"}), length)
        assert text.startswith(("SAO PAULO", "…Brazilian")), text


def test_headline_words_are_marked_and_escaped():
    marks = Marks(stems={"coffe"})
    assert mark_title("Coffee & <tea>", marks) == "<mark>Coffee</mark> &amp; &lt;tea&gt;"
    assert mark_title("Tea prices", marks) is None


def test_a_window_full_of_matches_still_starts_at_its_sentence():
    body = (
        "ALGIERS, March 11 - The Algerian authorities have regulated the addition of chickpeas "
        "and barley used to make imported coffee go further, the official APS news agency "
        "reported.\n\nTaking advantage of scarcity, private roasters were selling ground coffee "
        "mixtures which were 75 pct non-coffee, it said. Since the beginning of March, the "
        "coffee market has been strictly regulated by the state food marketing monopoly."
    )
    snippet = make_snippet(body, Marks(stems={"coffe"}), 240)
    assert snippet.startswith(("…The Algerian authorities", "…Taking advantage")), snippet
    assert snippet.count("<mark>coffee</mark>") >= 2
    assert len(re.sub(r"</?mark>", "", snippet)) <= 240 + 2
