"""parse_request: URL/CLI parameters -> SearchRequest, and its one-sentence errors."""

from __future__ import annotations

import pytest

from newsarchive.errors import QueryError
from newsarchive.settings import Settings
from search.request import parse_request
from search.results import SearchRequest

SETTINGS = Settings()


def test_defaults_for_no_parameters():
    assert parse_request({}, SETTINGS) == SearchRequest(q="", per_page=SETTINGS.page_size)


def test_every_parameter_is_read_and_normalised():
    request = parse_request(
        {
            "q": ["  coffee prices "],
            "country": ["ua", "DE", "ua"],
            "region": ["Eastern-Europe"],
            "topic": ["politics"],
            "source": ["Reuters"],
            "year": ["1987"],
            "from": ["1987-03-01"],
            "to": ["1987-03-31"],
            "sort": ["date"],
            "page": ["3"],
            "per_page": ["100"],
            "collapse": ["0"],
            "min_mentions": ["2"],
        },
        SETTINGS,
    )
    assert request == SearchRequest(
        q="coffee prices",
        filters={
            "country": ("UA", "DE"),
            "region": ("eastern-europe",),
            "topic": ("politics",),
            "source": ("Reuters",),
            "year": ("1987",),
        },
        date_from="1987-03-01",
        date_to="1987-03-31",
        sort="date",
        page=3,
        per_page=100,
        collapse=False,
        min_mentions=2,
    )


def test_empty_values_are_ignored():
    assert parse_request({"country": [""], "page": [""], "q": [""]}, SETTINGS) == SearchRequest()


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"page": ["abc"]}, "page must be a whole number"),
        ({"page": ["0"]}, "page must be between 1 and 1000"),
        ({"page": ["1001"]}, "page must be between 1 and 1000"),
        ({"per_page": ["10000"]}, "per_page must be between 1 and 100"),
        ({"country": ["Ukraine"]}, "two-letter ISO code"),
        ({"country": ["u1"]}, "two-letter ISO code"),
        ({"region": ["eastern europe"]}, "slug"),
        ({"year": ["87"]}, "four digits"),
        ({"from": ["1987-13-01"]}, "date like 1987-03-01"),
        ({"to": ["March 1987"]}, "date like 1987-03-01"),
        ({"from": ["1987-04-01"], "to": ["1987-03-01"]}, "starts after it ends"),
        ({"sort": ["popularity"]}, "Sort by relevance or date"),
        ({"q": ["x" * 1001]}, "limit is 1000"),
        ({"collapse": ["maybe"]}, "collapse must be 1 or 0"),
    ],
)
def test_bad_parameters_raise_one_sentence_query_errors(params, message):
    with pytest.raises(QueryError, match=message) as caught:
        parse_request(params, SETTINGS)
    assert str(caught.value).endswith(".") and "\n" not in str(caught.value)
