"""The query language: parsing (with repairs) and compiling to whoosh queries."""

from __future__ import annotations

import time

import pytest

from newsarchive.errors import QueryError
from search.query.parse import And, Not, Or, Phrase, Range, Word, parse_query


@pytest.mark.parametrize(
    ("text", "tree"),
    [
        ("coffee", Word("coffee")),
        ("coffee prices", And((Word("coffee"), Word("prices")), implicit=True)),
        ("coffee AND prices", And((Word("coffee"), Word("prices")))),
        ("oil OR gas", Or((Word("oil"), Word("gas")))),
        ("oil -crude", And((Word("oil"), Not(Word("crude"))), implicit=True)),
        ("oil NOT crude", And((Word("oil"), Not(Word("crude"))), implicit=True)),
        ('"rate cut"', Phrase("rate cut")),
        ('title:"rate cut"', Phrase("rate cut", "title")),
        ("Country:UA", Word("UA", "country")),
        ("date:[1987-03-01 TO 1987-03-31]", Range("date", "1987-03-01", "1987-03-31")),
        ("date:[1987-03-01 TO *]", Range("date", "1987-03-01", "")),
        ("date:[1987-03-01 TO]", Range("date", "1987-03-01", "")),
        ("date:[TO 1987-03-31]", Range("date", "", "1987-03-31")),
        ("date:{1987-03-01 TO 1987-03-31]", Range("date", "1987-03-01", "1987-03-31", True)),
        ("date:[1987-03-01 TO 1987-04-01}", Range("date", "1987-03-01", "1987-04-01", False, True)),
        ('"rate cut"~3', Phrase("rate cut", near=3)),
        ('"rate cut"~', Phrase("rate cut", near=5)),
        ('title:"rate cut"~12', Phrase("rate cut", "title", near=12)),
        ('"rate cut"~99999999', Phrase("rate cut", near=10_000)),
        ("coffee^3", Word("coffee", boost=3)),
        ("coffee^0.5", Word("coffee")),  # counts once at least
        ("coffee^99", Word("coffee", boost=10)),
        ('"rate cut"~2^2', Phrase("rate cut", near=2, boost=2)),
        ("(oil OR gas)^2", Or((Word("oil"), Word("gas")))),  # a group's boost is dropped
        (
            "(oil OR gas) prices",
            And((Or((Word("oil"), Word("gas"))), Word("prices")), implicit=True),
        ),
        ("country:(ua OR de)", Or((Word("ua", "country"), Word("de", "country")))),
        ("refin* cofee~", And((Word("refin*"), Word("cofee~")), implicit=True)),
        ("or and not", And((Word("or"), Word("and"), Word("not")), implicit=True)),
    ],
)
def test_parse(text, tree):
    assert parse_query(text) == tree


@pytest.mark.parametrize(
    ("text", "tree"),
    [
        ('"rate cut', Phrase("rate cut")),
        ('"~9 rate~2 cut', Phrase("~9 rate~2 cut")),  # an unclosed quote with ~ inside (was a 500)
        ('"rate cut"~x', And((Phrase("rate cut", near=5), Word("x")), implicit=True)),
        ("(oil OR gas", Or((Word("oil"), Word("gas")))),
        ("oil)", Word("oil")),
        ("OR oil OR", Word("oil")),
        ("oil NOT", Word("oil")),
        ("oil\x00gas\x1b", And((Word("oil"), Word("gas")), implicit=True)),
        ("foo:bar", And((Word("foo"), Word("bar")), implicit=True)),
        ("()", None),
        ("", None),
        ("AND OR NOT", None),
    ],
)
def test_malformed_input_is_repaired(text, tree):
    assert parse_query(text) == tree


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("“coffee prices”", '"coffee prices"'),  # a phone's or a word processor's quotes
        ("„Kaffeepreise“ Brasilien", '"Kaffeepreise" Brasilien'),
        ("« prix du café »", '" prix du café "'),
        ("coffee –brazil", "coffee -brazil"),  # a hyphen turned into a dash: a minus
        ("coffee (—brazil)", "coffee (-brazil)"),
        ("US–Japan trade", "US–Japan trade"),  # a dash inside a word stays
        ("coffee – brazil", "coffee – brazil"),  # a dash standing alone is no minus
        ("it’s", "it’s"),  # an apostrophe is no quote
    ],
)
def test_typographic_quotes_and_dashes_are_read_as_typed_on_a_keyboard(typed, meant):
    assert parse_query(typed) == parse_query(meant)
    assert parse_query(typed) is not None


def test_limits_are_enforced_quickly():
    started = time.perf_counter()
    with pytest.raises(QueryError, match="more than 64 terms"):
        parse_query("junk " * 400)
    with pytest.raises(QueryError, match="nests"):
        parse_query("(" * 1000)
    parse_query(")" * 2000)
    parse_query('"' * 2000)
    assert time.perf_counter() - started < 1.0
