"""Engine tests on the small sample index: query language, ranking ties, filters, facets, paging."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from indexer import store
from indexer.article import Article
from indexer.writing.writer import publish_articles
from newsarchive.errors import ArticleNotFound, IndexMissing, QueryError
from newsarchive.settings import Settings
from search import Engine, FacetCount, SearchRequest
from search.ranking import TIE_BREAKER
from search.selection import select


@pytest.fixture(scope="module")
def engine(sample_settings: Settings) -> Engine:
    engine = Engine(sample_settings)
    yield engine
    engine.close()


def ids(engine: Engine, q: str, **kwargs) -> list[str]:
    return [hit.article.id for hit in engine.search(SearchRequest(q=q, **kwargs)).hits]


def found(engine: Engine, q: str, **kwargs) -> set[str]:
    return set(ids(engine, q, per_page=100, **kwargs))


def test_a_misspelling_finding_nothing_is_corrected_and_reversible(engine):
    results = engine.search(SearchRequest(q="cofee frost"))
    assert results.corrected == "coffee frost" and results.suggestion is None
    assert [h.article.id for h in results.hits][0] == "coffee-brazil"
    assert "<mark>" in results.hits[0].snippet
    assert results.to_dict()["corrected"] == "coffee frost"
    as_typed = engine.search(SearchRequest(q="cofee frost", correct=False))
    assert as_typed.corrected is None and as_typed.suggestion == "coffee frost"
    assert [h.article.id for h in as_typed.hits] == ["coffee-brazil"]  # "frost" alone
    assert engine.search(SearchRequest(q="coffee frost")).corrected is None


@pytest.mark.parametrize(
    ("typed", "respelled"),
    [
        ('"cofee prices"', '"coffee prices"'),  # inside quotes
        ('"cofee prices"~2', '"coffee prices"~2'),
        ("title:cofee", "title:coffee"),  # after its field
        ('title:"cofee prices"', 'title:"coffee prices"'),
    ],
)
def test_misspellings_in_phrases_and_fields_are_corrected(engine, typed, respelled):
    results = engine.search(SearchRequest(q=typed))
    assert results.corrected == respelled and results.total >= 1


def test_a_rare_real_word_is_not_respelled_when_the_respelling_finds_no_more(tmp_path):
    index_dir = tmp_path / "index"
    cut = [_article(f"c{n}", "Budget cut", "1987-01-01", "The world saw a cut.") for n in range(6)]
    _publish(
        index_dir, [*cut, _article("w", "World cup won", "1987-01-02", "Who won the world cup")]
    )
    engine = Engine(Settings(index_dir=index_dir))
    results = engine.search(SearchRequest(q="who won the world cup"))
    assert results.suggestion is None and results.corrected is None  # not "... world cut"
    assert engine.search(SearchRequest(q="budget cup")).corrected == "budget cut"  # a typo
    engine.close()


def test_stemming_is_transparent(engine):
    assert (
        found(engine, "prices")
        == found(engine, "price")
        == {
            "coffee-brazil",
            "oil-opec",
            "oil-heating",
        }
    )


def test_all_words_tier_ranks_above_some_words_tier(engine):
    # "coffee" is in both coffee stories, "frost" only in one: the one with both words first,
    # even though the other is a better BM25 match for "coffee" alone.
    results = engine.search(SearchRequest(q="coffee frost", per_page=100))
    assert [h.article.id for h in results.hits][0] == "coffee-brazil"
    assert {h.article.id for h in results.hits} == {"coffee-brazil", "coffee-colombia"}
    assert results.total == 2
    assert results.notice == "1 article has all the words; 1 more have some of them."
    assert engine.search(SearchRequest(q="coffee brazil")).notice is None  # both have both


def test_no_article_with_all_words_says_so_and_shows_those_with_some(engine):
    results = engine.search(SearchRequest(q="frost football"))
    assert {h.article.id for h in results.hits} == {"coffee-brazil"}
    assert results.notice == "No article has all the words; 1 article has some of them."


def test_long_query_ranks_the_article_with_most_words_first(engine):
    results = engine.search(SearchRequest(q="record coffee exports expected from colombia"))
    assert results.hits[0].article.id == "coffee-colombia"
    assert "coffee-brazil" in {h.article.id for h in results.hits}


def test_a_description_s_rare_subject_word_outweighs_its_common_words(tmp_path):
    # The platinum story lacks the common "mining"; the gold story holds every word but names
    # platinum in passing. Words weigh their idf in the coordination factor, so the subject
    # comes first (counting words alike, the gold story did).
    index_dir = tmp_path / "index"
    fill = [
        _article(
            f"f{n}", f"Metals {n}", "1987-01-01", f"Mining shares and metal prices moved, {n}."
        )
        for n in range(12)
    ]
    focus = _article(
        "focus",
        "Platinum demand seen higher",
        "1987-01-02",
        "Platinum demand will rise, a producer said. Platinum prices are expected to firm as car "
        "makers buy more of the metal.",
    )
    passing = _article(
        "passing",
        "Gold mining shares mixed",
        "1987-01-03",
        "Gold mining shares were mixed. Prices of gold rose, while platinum was little changed.",
    )
    _publish(index_dir, [*fill, focus, passing])
    engine = Engine(Settings(index_dir=index_dir))
    results = engine.search(SearchRequest(q="platinum prices and platinum mining"))
    assert [h.article.id for h in results.hits[:2]] == ["focus", "passing"]
    engine.close()


def test_operators_stay_strict_among_plain_words(engine):
    assert found(engine, "+frost coffee") == {"coffee-brazil"}
    assert found(engine, "coffee AND frost") == {"coffee-brazil"}
    assert found(engine, 'prices coffee "heating oil"') == {"oil-heating"}
    assert found(engine, "coffee frost -paulo") == {"coffee-colombia"}


def test_stop_words_neither_restrict_nor_score_outside_phrases(engine):
    assert ids(engine, "coffee exports", per_page=100) == ids(
        engine, "the coffee exports between", per_page=100
    )
    plain = engine.search(SearchRequest(q="coffee exports"))
    wordy = engine.search(SearchRequest(q="coffee exports during all their"))
    assert [h.score for h in wordy.hits] == [h.score for h in plain.hits]
    assert found(engine, '"prices rise after"') == {"coffee-brazil"}  # kept in quotes
    assert found(engine, '"prices rise during"') == set()


def test_words_that_say_what_is_asked_for_neither_restrict_nor_score(tmp_path):
    index_dir = tmp_path / "index"
    _publish(
        index_dir,
        [
            _article("a", "Coffee prices fall", "1987-01-01", "Coffee prices fell on Monday."),
            _article("b", "Coffee news", "1987-01-02", "Latest news and information: coffee."),
            _article("n", "Fake news spreads", "1987-01-03", "Fake news spread online."),
        ],
    )
    engine = Engine(Settings(index_dir=index_dir))
    plain = ids(engine, "coffee prices")
    for typed in (
        "news about coffee prices",
        "latest stories on coffee prices",
        "show me articles about coffee prices",
        "information on coffee prices",
        "what happened to coffee prices",
        "tell me about coffee prices",
    ):
        assert ids(engine, typed) == plain == ["a", "b"], typed
    assert ids(engine, "fake news")[0] == "n"  # "news" elsewhere is a word like any other
    assert ids(engine, "news AND coffee") == ["b"]  # operators keep every word
    engine.close()


def test_phrases_match_words_as_written(engine):
    assert found(engine, '"coffee prices"') == {"coffee-brazil"}
    assert found(engine, '"coffee price"') == set()  # no stemming inside quotes


def test_proximity_phrases_find_the_words_near_each_other_in_any_order(engine):
    # "Coffee prices rose sharply": 2 words between "coffee" and "sharply"
    assert found(engine, '"coffee sharply"~1') == set()
    assert found(engine, '"coffee sharply"~2') == found(engine, '"sharply coffee"~2')
    assert found(engine, '"coffee sharply"~2') == {"coffee-brazil"}
    assert found(engine, '"coffee prices"~0') == found(engine, '"coffee prices"')  # adjacent
    # "crude oil production to support prices": 4 words between
    assert found(engine, '"crude prices"~3') == set()
    assert found(engine, '"crude prices"~4') == {"oil-opec"}
    assert found(engine, '"prices support crude"~3') == {"oil-opec"}  # 3 of 6 are others
    results = engine.search(SearchRequest(q='"prices coffee"~3'))
    assert "<mark>" in results.hits[0].snippet  # each word is highlighted where it stands


def test_a_word_too_long_to_be_indexed_finds_nothing_without_an_error(engine):
    assert found(engine, "x" * 999) == set()
    assert found(engine, '"' + "x" * 200 + '"') == set()
    assert found(engine, "coffee " + "x" * 200) == {"coffee-brazil", "coffee-colombia"}


def test_lucene_boosts_and_old_fuzzy_similarity_are_understood(engine):
    def scores(q: str) -> dict[str, float]:
        return {h.article.id: h.score for h in engine.search(SearchRequest(q=q)).hits}

    plain, boosted = scores("crude frost"), scores("crude^3 frost")
    assert boosted["oil-opec"] == pytest.approx(3 * plain["oil-opec"])  # counts three times
    assert boosted["coffee-brazil"] == pytest.approx(plain["coffee-brazil"])
    assert found(engine, '"coffee prices"^2') == found(engine, '"coffee prices"')
    assert found(engine, "cofee~0.8") == found(engine, "cofee~")  # Lucene 3's similarity


def test_open_date_ranges_and_comparisons(engine):
    dated_1987 = {"coffee-brazil", "coffee-colombia", "oil-opec", "oil-heating"}
    assert found(engine, "date:[2000 TO]") == {"football-final", "taiwan-ukraine"}
    assert found(engine, "date:[TO 1987-03-03]") == {"oil-heating", "coffee-brazil"}
    assert found(engine, "date:>1987") == {"football-final", "taiwan-ukraine"}  # after 1987
    assert found(engine, "date:>=1987-04") == found(engine, "date:[1987-04 TO *]")
    assert found(engine, "date:<1987-03") == {"oil-heating"}  # before March
    assert found(engine, "date:<=1987-03") == {"oil-heating", "coffee-brazil"}  # March too
    assert found(engine, "year:<2000") == found(engine, "year:[1987 TO 1999]") == dated_1987
    assert found(engine, "year:>=2005") == {"football-final", "taiwan-ukraine"}
    # Lucene's brackets: { } leave their bound out
    assert found(engine, "date:{1987-02-01 TO 1987-04-10}") == {"coffee-brazil"}
    assert found(engine, "date:[1987-02-01 TO 1987-04-10}") == {"oil-heating", "coffee-brazil"}
    assert found(engine, "date:{1987 TO *]") == found(engine, "date:>1987")


def test_boolean_operators_and_parentheses(engine):
    assert found(engine, "oil NOT crude") == found(engine, "oil -crude") == {"oil-heating"}
    assert found(engine, "coffee OR goal") == {"coffee-brazil", "coffee-colombia", "football-final"}
    assert found(engine, "(coffee OR oil) -brazil") == {"oil-opec", "oil-heating"}
    assert found(engine, "oil AND heating") == {"oil-heating"}


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("country:br", {"coffee-brazil", "coffee-colombia"}),
        ("country:BR -colombia", {"coffee-brazil"}),
        ("source:reuters", {"coffee-brazil", "coffee-colombia", "oil-opec"}),
        ('source:"defence talks"', {"taiwan-ukraine"}),
        ("title:oil", {"oil-opec", "oil-heating"}),
        ("author:souza", {"coffee-brazil"}),
        ("topic:sport", {"football-final"}),
        ("region:eastern-asia", {"taiwan-ukraine"}),
        ("date:1987-03", {"coffee-brazil"}),
        ("date:2005", {"football-final"}),
        ("date:[1987-02-01 TO 1987-04-10]", {"oil-heating", "coffee-brazil", "coffee-colombia"}),
        ("date:[2000-01-01 TO *]", {"football-final", "taiwan-ukraine"}),
        ("refrain*", {"taiwan-ukraine"}),
        ("star*", set()),
        ("co?fee", {"coffee-brazil", "coffee-colombia"}),
        ("cofee~", {"coffee-brazil", "coffee-colombia"}),
        ("military aid", {"taiwan-ukraine"}),
        ("the", {"coffee-brazil", "coffee-colombia", "oil-opec", "oil-heating", "football-final"}),
    ],
)
def test_field_wildcard_fuzzy_and_date_queries(engine, q, expected):
    assert found(engine, q) == expected


@pytest.mark.parametrize(
    "q",
    [
        '"coffee prices',  # unclosed quote
        "(coffee OR oil",  # unclosed parenthesis
        "coffee) prices)",  # stray parentheses
        "coffee\x00\x07 prices\x1b",  # control characters
        "AND coffee OR",  # operators with nothing on one side
        "coffee NOT",
        "title: coffee",
        "unknownfield:coffee",
        "coffee [",
        "+coffee",
    ],
)
def test_malformed_queries_are_repaired(engine, q):
    results = engine.search(SearchRequest(q=q))
    assert results.total >= 1


@pytest.mark.parametrize(
    ("q", "message"),
    [
        ("OR", "no words"),
        ("NOT", "no words"),
        ("%%% ### !!!", "no words"),
        ("(" * 30 + "coffee", "nests"),
        ("c*", "two letters"),
        ("date:March", "Dates look like"),
        ("date:[1987-05-01 TO 1987-04-01]", "starts after it ends"),
        ("title:[a TO b]", "Ranges work on dates"),
        ("date:>", "Compare with a date"),
        ("date:{1987 TO 1987}", "leaves out its only date"),
        ("year:>87", "Years look like 1987"),
        ("date:>=March", "Dates look like"),
        ("year:87", "Years look like 1987"),
        ("year:abc", "Years look like 1987"),
        ("date:1987-13", "no such date"),
        ("date:[1987-02-29 TO 1987-03]", "no such date"),
        (" ".join(f"w{i}" for i in range(100)), "more than 64 terms"),
        ("%$#@!" * 400, "the limit is 1000"),
    ],
)
def test_unsearchable_queries_raise_a_clear_query_error(engine, q, message):
    with pytest.raises(QueryError, match=message):
        engine.search(SearchRequest(q=q))


# What the query language refuses (README "Query language"); junk is otherwise repaired.
REFUSALS = ("The query has no words to search for.", "Put at least two letters before a wildcard")


def test_random_junk_never_raises_anything_but_query_error(engine):
    import random

    rng = random.Random(7)
    alphabet = 'abc xyz()"*?~:-!+[]^{}\\/\x00\t\n' + "ÄéΩ"
    answered = refused = 0
    for _ in range(200):
        q = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 60)))
        try:
            results = engine.search(SearchRequest(q=q))
        except QueryError as error:
            assert str(error).startswith(REFUSALS), (q, str(error))
            refused += 1
        else:
            assert len(results.hits) <= min(results.total, 10), q
            answered += 1
    assert answered >= 50 and refused >= 50  # both paths taken: most junk is repaired


@pytest.mark.parametrize("q", ["", " * ", "*:*"])
def test_empty_query_or_a_lone_star_lists_every_article_newest_first(engine, q):
    assert ids(engine, q, per_page=3) == ["taiwan-ukraine", "football-final", "oil-opec"]


def test_sort_by_date_newest_first(engine):
    assert ids(engine, "prices", sort="date") == ["oil-opec", "coffee-brazil", "oil-heating"]


def test_pagination_with_total_and_empty_page_past_the_end(engine):
    first = engine.search(SearchRequest(q="", per_page=4, page=1))
    second = engine.search(SearchRequest(q="", per_page=4, page=2))
    past = engine.search(SearchRequest(q="", per_page=4, page=9))
    assert (first.total, second.total, past.total) == (6, 6, 6)
    assert len(first.hits) == 4 and len(second.hits) == 2 and past.hits == []
    assert not {h.article.id for h in first.hits} & {h.article.id for h in second.hits}


def test_filters_or_within_a_facet_and_across_facets(engine):
    assert found(engine, "", filters={"country": ("BR", "US")}) == {
        "coffee-brazil",
        "coffee-colombia",
        "oil-heating",
    }
    assert found(engine, "", filters={"country": ("BR", "US"), "source": ("reuters",)}) == {
        "coffee-brazil",
        "coffee-colombia",
    }
    assert found(engine, "", date_from="1987-03-01", date_to="1987-06-30") == {
        "coffee-brazil",
        "coffee-colombia",
        "oil-opec",
    }
    assert found(engine, "oil", filters={"year": ("1987",), "topic": ("weather",)}) == {
        "oil-heating"
    }


def test_facets_count_the_whole_match_set_disjunctively(engine):
    results = engine.search(SearchRequest(q="coffee", filters={"country": ("CO",)}, per_page=1))
    assert results.total == 1
    # The country facet ignores its own filter, so adding Brazil would show 2 articles ...
    assert results.facets["country"] == [
        FacetCount("BR", "Brazil", 2),
        FacetCount("CO", "Colombia", 1),
    ]
    # ... while the other facets count the filtered set.
    assert results.facets["source"] == [FacetCount("Reuters", "Reuters", 1)]
    assert results.facets["year"] == [FacetCount("1987", "1987", 1)]
    assert results.facets["topic"] == [
        FacetCount("economy-business-finance", "Economy, business and finance", 1)
    ]


def test_a_selected_value_stays_in_its_facet_even_with_no_matches(engine):
    results = engine.search(SearchRequest(q="coffee", filters={"country": ("UA",)}))
    assert results.total == 0
    assert FacetCount("UA", "Ukraine", 0) in results.facets["country"]


def test_search_document_shape(engine):
    document = engine.search(SearchRequest(q="heating oil")).to_dict()
    assert document["total"] == 2  # both words, then "oil" alone
    assert set(document["facets"]) == {"country", "region", "topic", "source", "year"}
    result = document["results"][0]
    assert "body" not in result and result["id"] == "oil-heating"
    assert "&lt;script&gt;" in result["snippet"] and "<script>" not in result["snippet"]
    assert result["snippet"].count("<mark>") >= 2 and result["score"] > 0


def test_did_you_mean_uses_unstemmed_words(engine):
    results = engine.search(SearchRequest(q="cofee prices", correct=False))
    assert results.suggestion == "coffee prices" and results.corrected is None
    assert engine.search(SearchRequest(q="coffee prices")).suggestion is None


def test_get_article_and_unknown_id(engine):
    assert engine.get_article("oil-opec").title == "OPEC agrees to cut crude oil output"
    with pytest.raises(ArticleNotFound):
        engine.get_article("nope")


def test_highlight_article_marks_stemmed_matches_and_escapes_the_rest(engine):
    html = engine.highlight_article(engine.get_article("oil-heating"), "price")
    assert html.startswith("<p>") and html.endswith("</p>")
    assert "<mark>Prices</mark>" in html and "&lt;script&gt;" in html
    assert engine.highlight_article(engine.get_article("oil-heating"), '"(((').startswith("<p>")


def test_concurrent_searches_from_threads_agree(engine):
    expected = ids(engine, "coffee OR oil", per_page=10)
    results: list[list[str]] = []
    errors: list[BaseException] = []

    def worker() -> None:
        try:
            for _ in range(20):
                results.append(ids(engine, "coffee OR oil", per_page=10))
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors and len(results) == 80 and all(r == expected for r in results)


def _publish(index_dir: Path, articles: list[Article]) -> str:
    return publish_articles(index_dir, articles)


def _article(id_: str, title: str, date: str, body: str = "Same words in every copy.") -> Article:
    return Article(id=id_, title=title, body=body, date=date, source="Wire")


def test_ties_break_by_date_then_id(tmp_path):
    copies = [
        _article("c", "Tin price", "1987-01-01"),
        _article("a", "Tin price", "1987-01-01"),
        _article("b", "Tin price", "1988-01-01"),
        _article("d", "Tin price", "1986-01-01"),
    ]
    _publish(tmp_path / "index", copies)
    engine = Engine(Settings(index_dir=tmp_path / "index"))
    assert ids(engine, "tin") == ["b", "a", "c", "d"]
    assert ids(engine, "tin", per_page=2, page=2) == ["c", "d"]
    engine.close()


def test_a_rebuilt_generation_is_served_without_reopening_each_time(tmp_path):
    index_dir = tmp_path / "index"
    engine = Engine(Settings(index_dir=index_dir))
    with pytest.raises(IndexMissing):
        engine.search(SearchRequest(q="tin"))
    assert engine.generation is None
    first = _publish(index_dir, [_article("a", "Tin price", "1987-01-01")])
    assert ids(engine, "tin") == ["a"] and engine.generation == first
    searcher = engine.current_view().searcher
    assert engine.current_view().searcher is searcher  # reused while the generation stays
    second = _publish(index_dir, [_article("z", "Zinc price", "1987-01-02")])
    assert ids(engine, "zinc") == ["z"] and ids(engine, "tin") == []
    assert engine.generation == second != first
    engine.close()


def test_a_word_the_archive_holds_is_not_respelled_into_another_word(tmp_path):
    """Two edits turn a real word into another ("inflation" -> "infection"); a word the archive
    has is only respelled by one edit into a far commoner word, a slip ("goverment" ->
    "government", not "linger" -> "longer"), and never into a word of its own stem, which the
    search finds already."""
    index_dir = tmp_path / "index"
    body = "The infection spread: the government could not prevent it."
    common = [_article(f"i{n}", "Infection spreads", "2020-01-01", body) for n in range(40)]
    rare = [
        _article("inflation", "Prices", "2020-01-02", "Inflation rose."),
        _article("slip", "Budget", "2020-01-03", "The goverment spent more."),
        _article("form", "Fraud", "2020-01-04", "The rule prevents fraud."),
        _article("linger", "Doubts", "2020-01-05", "Doubts linger."),
    ]
    longer = [_article(f"l{n}", "Waits", "2020-01-06", "Waits grow longer.") for n in range(10)]
    _publish(index_dir, [*common, *rare, *longer])
    engine = Engine(Settings(index_dir=index_dir))
    try:
        assert engine.search(SearchRequest(q="inflation")).suggestion is None
        assert engine.search(SearchRequest(q="prevents")).suggestion is None  # finds "prevent"
        assert engine.search(SearchRequest(q="linger")).suggestion is None  # only 10x rarer
        assert engine.search(SearchRequest(q="goverment")).suggestion == "government"
        assert engine.search(SearchRequest(q="infaltion")).corrected == "inflation"  # unknown
    finally:
        engine.close()


def test_a_respelling_is_chosen_by_the_query_s_other_words(tmp_path):
    """Among words one edit away, the one whose articles hold the query's other words wins
    (a noisy channel): "olympic gams" is "olympic games", though "gas" is commoner; a typo after
    the sixth word is respelled too; a rare real word that fits the others stays."""
    index_dir = tmp_path / "index"
    gas = [
        _article(f"g{n}", "Gas prices", "1987-01-01", "Gas prices rose again.") for n in range(30)
    ]
    games = [
        _article(f"o{n}", "Olympics", "1988-01-01", "The Olympic games open.") for n in range(8)
    ]
    herds = [
        _article(f"c{n}", "Show", "1988-02-01", "Olympic cattle herds shown.") for n in range(2)
    ]
    heads = [_article(f"h{n}", "Heads", "1987-02-01", "Heads of state met.") for n in range(40)]
    summit = _article(
        "s",
        "Summit",
        "1988-03-01",
        "Heads of state met as gas prices rose and the Olympic games opened.",
    )
    _publish(index_dir, [*gas, *games, *herds, *heads, summit])
    engine = Engine(Settings(index_dir=index_dir))
    try:
        assert engine.search(SearchRequest(q="olympic gams")).corrected == "olympic games"
        long = "state heads met as gas prices rose and the olympic gmaes opened"
        assert engine.search(SearchRequest(q=long)).corrected == long.replace("gmaes", "games")
        typo = "olympic cattle herds shwn"  # "herds" (in 2 articles) fits: not "heads" (40)
        assert engine.search(SearchRequest(q=typo)).corrected == "olympic cattle herds shown"
    finally:
        engine.close()


def test_did_you_mean_is_reused_within_a_generation_only(tmp_path):
    index_dir = tmp_path / "index"
    coffee = [_article(f"c{n}", "Coffee price", "1987-01-01", "Coffee rose.") for n in range(25)]
    _publish(index_dir, [*coffee, _article("t", "Cofee typo", "1987-01-02")])
    engine = Engine(Settings(index_dir=index_dir))
    assert engine.search(SearchRequest(q="cofee")).suggestion == "coffee"
    filtered = SearchRequest(q="cofee", date_to="1987-01-02")  # other filters, same words
    assert engine.search(filtered).suggestion == "coffee"
    # not where the respelling finds no more than the typed word (no coffee after Jan 1)
    assert engine.search(SearchRequest(q="cofee", date_from="1987-01-02")).suggestion is None
    tea = [_article(f"t{n}", "Tea price", "1987-01-01", "Cofeer rose.") for n in range(25)]
    _publish(index_dir, [*tea, _article("t", "Cofee typo", "1987-01-02")])
    assert engine.search(SearchRequest(q="cofee")).suggestion == "cofeer"  # a new vocabulary
    engine.close()


def test_more_like_this_excludes_copies(tmp_path):
    body = "Tin miners in Bolivia went on strike over pay, halting exports of tin concentrate."
    articles = [
        _article("orig", "Bolivian tin miners strike", "1987-01-01", body),
        _article("copy", "Bolivian tin miners strike", "1987-01-02", body + " "),
        _article("rerun", "Tin strike (corrected)", "1987-01-03", body.upper()),
        _article("related", "Tin exports fall", "1987-01-04", "Bolivia's tin exports fell."),
        _article("other", "Football", "1987-01-05", "A late goal won the cup final."),
    ]
    _publish(tmp_path / "index", articles)
    engine = Engine(Settings(index_dir=tmp_path / "index"))
    assert [h.article.id for h in engine.more_like_this("orig")] == ["related"]
    with pytest.raises(ArticleNotFound):
        engine.more_like_this("missing")
    engine.close()


def test_min_mentions_keeps_articles_about_the_subject(engine):
    assert found(engine, "oil") == {"oil-opec", "oil-heating"}
    # "heating oil" twice in the body and once in the headline; OPEC's story says oil once
    assert found(engine, "oil", min_mentions=3) == {"oil-heating"}
    assert found(engine, '"heating oil"', min_mentions=3) == {"oil-heating"}
    assert found(engine, "oil", min_mentions=9) == set()
    assert engine.search(SearchRequest(q="oil", min_mentions=3)).facets["source"] == [
        FacetCount("AP", "AP", 1)
    ]


def test_iter_matches_yields_every_match_in_rank_order(engine):
    request = SearchRequest(q="prices OR goal", per_page=1, page=3)
    streamed = [hit.article.id for hit in engine.iter_matches(request)]
    ranked = ids(engine, "prices OR goal", per_page=100)
    assert streamed == ranked and len(streamed) == 4
    by_date = SearchRequest(q="", sort="date")
    assert [h.article.id for h in engine.iter_matches(by_date)] == ids(engine, "", per_page=100)


def test_count_matches_the_search_total(engine):
    for request in (
        SearchRequest(q="prices"),
        SearchRequest(q="", filters={"country": ("BR", "US")}, date_from="1987-03-01"),
        SearchRequest(q="frost football"),  # articles with some of the words count too
    ):
        assert engine.count(request) == engine.search(request).total


def test_scores_are_whoosh_bm25f_scores(sample_settings, monkeypatch):
    from whoosh import index as whoosh_index

    from search import ranking, scoring

    # whoosh adds a word's headline and body scores; ours does too with the tie breaker at 1
    monkeypatch.setattr(scoring, "TIE_BREAKER", 1.0)
    from search.query.compile import compile_query
    from search.query.parse import parse_query

    generation = store.current_generation(sample_settings.index_dir)
    with whoosh_index.open_dir(str(generation)).searcher(weighting=ranking.weighting()) as s:
        for q in ("prices", "oil OR coffee", "heating oil", "cofee~ OR refin*"):
            query = compile_query(parse_query(q), s.reader(), {}).query
            expected = {s.stored_fields(h.docnum)["id"]: h.score for h in s.search(query)}
            engine = Engine(sample_settings)
            hits = engine.search(SearchRequest(q=q)).hits
            engine.close()
            got = {h.article.id: h.score for h in hits}
            assert got.keys() == expected.keys()
            for key, score in expected.items():
                assert got[key] == pytest.approx(score, rel=1e-9)


def test_threads_keep_searching_while_rebuilds_swap_generations(tmp_path):
    index_dir = tmp_path / "index"
    _publish(index_dir, [_article("a", "Tin price", "1987-01-01")])
    engine = Engine(Settings(index_dir=index_dir))
    errors: list[BaseException] = []
    seen: set[tuple[str, ...]] = set()
    stop = threading.Event()

    def worker() -> None:
        while not stop.is_set():
            try:
                seen.add(tuple(ids(engine, "price")))
            except BaseException as error:  # noqa: BLE001 - reported below
                errors.append(error)
                return

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for thread in threads:
        thread.start()
    for n in range(3):  # each publish prunes all but the previous generation
        time.sleep(0.3)
        _publish(index_dir, [_article(f"z{n}", "Zinc price", f"1987-01-0{n + 2}")])
    time.sleep(0.3)
    stop.set()
    for thread in threads:
        thread.join()
    engine.close()
    assert not errors
    assert ("a",) in seen and ("z2",) in seen and seen <= {("a",), ("z0",), ("z1",), ("z2",)}


def test_multi_segment_index_with_deletions_searches_like_one_segment(tmp_path, engine):
    from conftest import SAMPLE_ARTICLES

    from indexer.writing.writer import add_article, create_index

    index_dir = tmp_path / "index"
    with store.writer_lock(index_dir):
        building = store.start_generation(index_dir)
        index = create_index(building)
        for part in (SAMPLE_ARTICLES[:3], SAMPLE_ARTICLES[3:]):
            writer = index.writer()
            for article in part:
                add_article(writer, article)
            writer.commit(merge=False)
        writer = index.writer()  # replacing an article deletes its first copy
        add_article(writer, SAMPLE_ARTICLES[0], replace=True)
        writer.commit(merge=False)
        store.publish_generation(index_dir, building)
    split = Engine(Settings(index_dir=index_dir))
    assert len(split.current_view().searcher.reader().leaf_readers()) == 3
    for request in (
        SearchRequest(q="prices", per_page=100),
        SearchRequest(q='"coffee prices" OR "crude oil"', per_page=100),
        SearchRequest(q="", filters={"country": ("BR", "US")}, per_page=100),
        SearchRequest(q="oil", sort="date"),
    ):
        one, many = engine.search(request), split.search(request)
        assert [h.article.id for h in many.hits] == [h.article.id for h in one.hits]
        # (scores differ a little: whoosh's statistics count a deleted copy until a merge)
        assert many.facets == one.facets and many.total == one.total
    split.close()


def test_phrases_rank_by_how_often_they_occur(tmp_path):
    filler = "Markets were quiet and traders waited for news from the ministry. "
    articles = [
        _article("once", "Rates", "1987-01-01", "The rate cut came. " + filler * 3),
        _article("twice", "Rates", "1987-01-01", "A rate cut. Another rate cut. " + filler * 3),
        _article("apart", "Rates", "1987-01-02", "The rate was cut. " + filler * 3),
    ]
    _publish(tmp_path / "index", articles)
    engine = Engine(Settings(index_dir=tmp_path / "index"))
    assert ids(engine, '"rate cut"') == ["twice", "once"]
    engine.close()


def test_a_repeat_with_other_paging_reuses_the_match_set_and_other_filters_do_not(engine):
    everywhere = engine.search(SearchRequest(q="prices"))
    view, settings = engine.current_view(), engine.settings
    matches = select(view, SearchRequest(q="prices"), settings)
    engine.search(SearchRequest(q="prices", sort="date", page=2, per_page=1))
    assert select(view, SearchRequest(q="prices", page=3), settings) is matches  # same matches
    brazil = engine.search(SearchRequest(q="prices", filters={"country": ("BR",)}))
    assert brazil.total < everywhere.total
    assert select(view, SearchRequest(q="prices"), settings) is not matches  # chosen again
    assert engine.search(SearchRequest(q="prices")).total == everywhere.total
    assert engine.histogram(SearchRequest(q="prices", date_from="1987-06-01")) == [("1987-06", 1)]


def test_a_word_typed_twice_weighs_twice(tmp_path):
    filler = " ".join(f"filler{n}" for n in range(30))
    stories = [
        Article(id="imports", title="Trade news", body=f"steel imports imports imports {filler}"),
        Article(id="steel", title="Trade news", body=f"steel steel imports filler99 {filler}"),
        *(Article(id=f"other-{n}", title="Other news", body=filler) for n in range(4)),
    ]
    publish_articles(tmp_path, stories)
    engine = Engine(Settings(index_dir=tmp_path))
    try:
        assert ids(engine, "steel imports")[:2] == ["imports", "steel"]
        assert ids(engine, "steel imports steel")[:2] == ["steel", "imports"]
        longer = engine.search(SearchRequest(q="steel imports steel"))
        assert longer.notice is None  # both articles hold all the words
    finally:
        engine.close()


def test_a_fuzzy_word_s_rare_near_miss_does_not_outrank_the_word_itself(tmp_path):
    """``oil~`` stands for "oil" and the words one edit away, but "oi" (a ticker, rarer, so of
    a higher idf) scores with oil's idf at most, times its similarity: "oil" comes first."""
    filler = " ".join(f"filler{n}" for n in range(30))
    stories = [
        Article(id="ticker", title="Owens-Illinois news", body=f"OI OI OI shares rose. {filler}"),
        *(
            Article(id=f"oil-{n}", title="Energy news", body=f"oil output rose {filler}")
            for n in range(6)
        ),
        *(Article(id=f"other-{n}", title="Other news", body=filler) for n in range(6)),
    ]
    publish_articles(tmp_path, stories)
    engine = Engine(Settings(index_dir=tmp_path))
    try:
        ranked = ids(engine, "oil~", per_page=20)
        assert set(ranked) == {"ticker", *(f"oil-{n}" for n in range(6))}  # both words match
        assert ranked[-1] == "ticker"
    finally:
        engine.close()


def test_a_word_in_headline_and_body_counts_less_than_twice(tmp_path):
    """The headline and the body are not two full pieces of evidence for the same word: the
    better field counts whole, the other at ``TIE_BREAKER`` (less than the sum, more than one)."""
    filler = " ".join(f"filler{n}" for n in range(30))
    stories = [
        Article(id="both", title="Coffee prices", body=f"coffee growers {filler}"),
        *(Article(id=f"other-{n}", title="Other news", body=filler) for n in range(6)),
    ]
    publish_articles(tmp_path, stories)
    engine = Engine(Settings(index_dir=tmp_path))
    try:

        def score(q: str) -> float:
            return engine.search(SearchRequest(q=q)).hits[0].score

        title, body, both = score("title:coffee"), score("body:coffee"), score("coffee")
        assert both == pytest.approx(max(title, body) + TIE_BREAKER * min(title, body))
        assert max(title, body) < both < title + body
        assert score("coffee coffee") == pytest.approx(2 * both)  # typed twice: twice that
    finally:
        engine.close()
