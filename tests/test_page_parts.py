"""The web layer's own pieces: URL building, facet groups, chips, pagination, chart, dates."""

from __future__ import annotations

from indexer.article import Article
from newsarchive.settings import Settings
from search import Engine, FacetCount, Hit, SearchRequest, SearchResults
from search.histogram import Period
from web.chart import PeriodCounter, coverage_chart
from web.dates import long_date, month_bounds, period_label
from web.page_parts import chips, facet_groups, pagination
from web.params import (
    asks_something,
    request_params,
    to_query_string,
    toggle_value,
    without_filters,
)
from web.results_cache import BodyCache, GenerationCache
from web.template_tools import is_shouting, web_url


def results(facets: dict[str, list[FacetCount]], total: int = 10) -> SearchResults:
    hit = Hit(Article(id="a", title="A", body=""), "", 1.0)
    return SearchResults(SearchRequest(q="oil"), total, [hit], facets)


def test_links_carry_the_parsed_request_without_page_and_defaults():
    request = SearchRequest(
        q="oil", filters={"country": ("DE",)}, date_to="1987-05-01", sort="date", page=3
    )
    assert request_params(request, Settings()) == {
        "q": ["oil"], "country": ["DE"], "to": ["1987-05-01"], "sort": ["date"]
    }  # fmt: skip
    odd = SearchRequest(per_page=5, collapse=False, min_mentions=2)
    assert request_params(odd, Settings()) == {
        "per_page": ["5"], "collapse": ["0"], "min_mentions": ["2"]
    }  # fmt: skip


def test_only_a_query_filter_or_date_asks_for_results():
    assert asks_something({"country": ["DE"]}) and asks_something({"q": ["oil"]})
    assert not asks_something({"q": [" "], "sort": ["date"], "page": ["2"]})


def test_query_strings_change_one_parameter_and_drop_defaults():
    params = {"q": ["oil & gas"], "country": ["DE", "FR"], "sort": ["date"]}
    assert to_query_string(params, page=2) == "q=oil+%26+gas&country=DE&country=FR&sort=date&page=2"
    assert (
        to_query_string(params, sort="relevance", page=1) == "q=oil+%26+gas&country=DE&country=FR"
    )
    assert to_query_string(params, from_="1987-01-01") == (
        "q=oil+%26+gas&country=DE&country=FR&sort=date&from=1987-01-01"
    )


def test_toggle_adds_or_removes_one_facet_value():
    params = {"q": ["oil"], "country": ["DE"]}
    assert toggle_value(params, "country", "FR") == "q=oil&country=DE&country=FR"
    assert toggle_value(params, "country", "DE") == "q=oil"
    assert params == {"q": ["oil"], "country": ["DE"]}  # unchanged
    sorted_by_date = {**params, "sort": ["date"]}
    assert toggle_value(sorted_by_date, "country", "FR", "q=oil&country=DE&sort=date") == (
        "q=oil&country=DE&sort=date&country=FR"
    )
    assert toggle_value({}, "year", "1987") == "year=1987"
    assert (
        without_filters({**params, "from": ["1987-01-01"], "sort": ["date"]}) == "q=oil&sort=date"
    )


def test_facet_groups_put_checked_values_first_and_fold_the_tail():
    countries = [FacetCount(f"C{i}", f"Country {i}", 20 - i) for i in range(12)]
    groups = facet_groups(results({"country": countries}), {"q": ["oil"], "country": ["C10"]})
    (group,) = groups
    assert group.name == "country" and group.active == 1
    assert [i.value for i in group.shown] == ["C10", "C0", "C1", "C2", "C3", "C4", "C5", "C6"]
    assert [i.value for i in group.more] == ["C7", "C8", "C9", "C11"]
    assert group.shown[0].checked and group.shown[0].toggle_qs == "q=oil"
    assert group.shown[1].toggle_qs == "q=oil&country=C10&country=C0"


def test_a_selected_value_without_matches_still_shows_checked():
    groups = facet_groups(
        results({"country": [FacetCount("DE", "Germany", 3)]}), {"country": ["FR"]}
    )
    assert [(i.value, i.count, i.checked) for i in groups[0].shown] == [
        ("FR", 0, True),
        ("DE", 3, False),
    ]
    assert groups[0].shown[0].label == "France"


def test_years_are_listed_newest_first():
    years = [FacetCount("1987", "1987", 9), FacetCount("2024", "2024", 1)]
    (group,) = facet_groups(results({"year": years}), {})
    assert [i.value for i in group.shown] == ["2024", "1987"]


def test_chips_remove_one_filter_each():
    params = {"q": ["oil"], "country": ["DE"], "topic": ["sport"], "from": ["1987-03-01"]}
    found = chips(params, {("country", "DE"): "Germany"})
    assert [(c.title, c.label, c.remove_qs) for c in found] == [
        ("Country", "Germany", "q=oil&topic=sport&from=1987-03-01"),
        ("Topic", "Sport", "q=oil&country=DE&from=1987-03-01"),
        ("Dates", "from 1 March 1987", "q=oil&country=DE&topic=sport"),
    ]


def test_pagination_shows_a_window_with_first_last_and_gaps():
    links = pagination({"q": ["oil"]}, page=10, per_page=10, total=500, max_page=1000)
    assert [link.number for link in links] == [1, None, 8, 9, 10, 11, 12, None, 50]
    assert [link.number for link in links if link.current] == [10]
    assert links[0].qs == "q=oil" and links[-1].qs == "q=oil&page=50"
    assert pagination({}, page=1, per_page=10, total=7, max_page=1000) == []
    capped = pagination({}, page=1, per_page=1, total=10**6, max_page=1000)
    assert capped[-1].number == 1000


def fake_periods(rows: dict[str, list[tuple[str, int, int]]], asked: list | None = None):
    """Return a PeriodCounts answering from ``rows`` (unit -> (period, count, total))."""

    def periods(request: SearchRequest, unit: str) -> list[Period]:
        if asked is not None:
            asked.append((request.q, unit))
        return [Period(*row) for row in rows.get(unit, [])]

    return periods


def test_chart_draws_one_linked_bar_per_year_with_gaps():
    years = fake_periods({"year": [("1987", 8, 100), ("1990", 2, 10)]})
    chart = coverage_chart(results({}), {"q": ["oil"], "page": ["2"]}, years)
    assert chart.unit == "year" and chart.max_count == 8
    assert [(b.label, b.count) for b in chart.bars] == [
        ("1987", 8), ("1988", 0), ("1989", 0), ("1990", 2)
    ]  # fmt: skip
    first = chart.bars[0]
    assert first.qs == "q=oil&from=1987-01-01&to=1987-12-31"
    assert first.title == "1987: 8 articles"
    assert first.height == chart.plot_bottom - chart.plot_top  # the tallest bar fills the plot
    assert chart.bars[3].height == first.height / 4
    assert [b.tick for b in chart.bars] == ["1987", "1988", "1989", "1990"]
    long_span = fake_periods({"year": [(str(y), 1, 1) for y in range(1987, 2025)]})
    ticks = [b.tick for b in coverage_chart(results({}), {}, long_span).bars if b.tick]
    assert ticks == ["1990", "1995", "2000", "2005", "2010", "2015", "2020"]
    assert all(0 <= b.slot_x and b.slot_x + b.slot_width <= 100 for b in chart.bars)  # percent


def test_a_normalised_chart_draws_shares_of_all_articles():
    years = fake_periods({"year": [("1987", 8, 100), ("1990", 2, 10)]})
    chart = coverage_chart(results({}), {"q": ["oil"]}, years, normalised=True)
    assert chart.normalised and chart.max_label == "20%"
    assert chart.bars[0].title == "1987: 8 of 100 articles (8%)"
    assert chart.bars[3].height == chart.plot_bottom - chart.plot_top  # 2 of 10 is the most
    assert chart.bars[0].height == chart.bars[3].height * 0.4


def test_chart_drills_down_to_months_then_days():
    asked: list = []
    rows = {"year": [("1987", 4, 40)], "month": [("1987-02", 3, 9), ("1987-04", 1, 9)]}
    chart = coverage_chart(results({}), {"q": ["oil"]}, fake_periods(rows, asked))
    assert asked == [("oil", "year"), ("oil", "month")]
    assert chart.unit == "month"
    assert [(b.label, b.count) for b in chart.bars] == [
        ("February 1987", 3), ("March 1987", 0), ("April 1987", 1)
    ]  # fmt: skip
    assert chart.bars[0].qs == "q=oil&from=1987-02-01&to=1987-02-28"
    rows = {"year": [("1987", 4, 40)], "month": [("1987-02", 4, 9)],
            "day": [("1987-02-03", 3, 5), ("1987-02-05", 1, 5)]}  # fmt: skip
    chart = coverage_chart(results({}), {"q": ["oil"]}, fake_periods(rows))
    assert chart.unit == "day" and chart.caption.endswith("per day, February 1987")
    assert [b.label for b in chart.bars] == [
        "3 February 1987", "4 February 1987", "5 February 1987"
    ]  # fmt: skip
    assert chart.bars[0].qs == "q=oil&from=1987-02-03&to=1987-02-03"
    assert [b.tick for b in chart.bars] == ["3", "4", "5"]  # a few days: each labelled


def test_no_chart_without_dated_matches():
    assert coverage_chart(results({}), {}, fake_periods({})) is None


def test_dates_read_well():
    assert long_date("1987-03-03") == "3 March 1987"
    assert long_date("sometime") == "sometime"
    assert month_bounds(1988, 2) == ("1988-02-01", "1988-02-29")
    assert period_label("1987-01-01", "1987-12-31") == "1987"
    assert period_label("1987-03-01", "1987-03-31") == "March 1987"
    assert period_label("1987-03-02", "1987-04-01") == "2 March 1987 – 1 April 1987"
    assert period_label(None, "1987-04-01") == "until 1 April 1987"
    assert period_label("1987-04-01", "1987-04-01") == "1 April 1987"


def test_wire_headlines_in_capitals_are_recognised():
    assert is_shouting("COFFEE PRICES BAD NEWS FOR LATIN AMERICA -MINISTER")
    assert not is_shouting("Brazil coffee prices rise after frost")
    assert not is_shouting("IBM") and not is_shouting(None)


def test_only_web_links_become_hrefs():
    assert web_url(" https://example.com/a ") == "https://example.com/a"
    assert web_url("javascript:alert(1)") is None and web_url(None) is None


def test_engine_histogram_counts_matches_per_month(sample_settings):
    engine = Engine(sample_settings)
    request = SearchRequest(q="coffee OR oil", per_page=1)
    assert engine.histogram(request) == [
        ("1987-02", 1),
        ("1987-03", 1),
        ("1987-04", 1),
        ("1987-06", 1),
    ]
    narrowed = SearchRequest(q="coffee OR oil", date_from="1987-03-15", page=2, sort="date")
    assert engine.histogram(narrowed) == [("1987-04", 1), ("1987-06", 1)]
    assert engine.histogram(SearchRequest(q="nosuchwordanywhere")) == []


def test_period_counter_reads_the_engine_coverage(sample_settings):
    engine = Engine(sample_settings)
    counter = PeriodCounter(engine, GenerationCache(engine))
    request = SearchRequest(q="coffee OR oil", per_page=1)
    assert [(p.period, p.count, p.total) for p in counter(request, "month")] == [
        ("1987-02", 1, 1), ("1987-03", 1, 1), ("1987-04", 1, 1), ("1987-06", 1, 1)
    ]  # fmt: skip
    assert [(p.period, p.count, p.total) for p in counter(request, "year")] == [("1987", 4, 4)]
    bounded = SearchRequest(q="coffee", date_from="1987-03-15", per_page=1)
    assert [p.to_dict() for p in counter(bounded, "day")] == [
        {"period": "1987-04-10", "count": 1, "total": 1, "share": 1.0}
    ]


def test_generation_cache_is_bounded_by_the_cost_of_its_entries(sample_settings):
    cache = GenerationCache(Engine(sample_settings), size=10, cost=len)
    for key in "abcd":
        assert cache.get(key, lambda k=key: k * 4) == key * 4  # 4 each: two fit
    assert len(cache) == 2 and cache.used == 8
    assert cache.get("d", lambda: "other") == "dddd" and cache.hits == 1
    assert cache.get("a", lambda: "new") == "new"  # the oldest went first


def test_body_cache_renders_once_per_generation_and_returns_the_same_bytes(sample_settings):
    engine = Engine(sample_settings)
    bodies = BodyCache(engine, max_bytes=1 << 20)
    renders = []
    page = b"<p>" + b"results " * 1000 + b"</p>"

    def render() -> bytes:
        renders.append(1)
        return page

    assert bodies.get(("page", 1), render) == page == bodies.get(("page", 1), render)
    assert len(renders) == 1 and bodies.entries.used < len(page) / 10  # kept compressed
