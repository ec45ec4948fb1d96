"""Wildcards match in linear time: no pattern of stars can make a search backtrack."""

from __future__ import annotations

import fnmatch
import random
import time

import pytest

from indexer import store
from newsarchive.errors import QueryError
from search.query.compile import compile_query
from search.query.limits import MAX_WILDCARD_STARS
from search.query.parse import parse_query
from search.query.wildcard import collapse_stars, compile_glob, glob_match


def test_glob_matches_as_fnmatch_does():
    rng = random.Random(14)
    for _ in range(3000):
        word = "".join(rng.choice("ab") for _ in range(rng.randint(0, 8)))
        pattern = "".join(rng.choice("ab*?") for _ in range(rng.randint(0, 6)))
        expected = fnmatch.fnmatchcase(word, pattern)
        assert glob_match(compile_glob(pattern), word) == expected, (pattern, word)


def test_repeated_stars_collapse_to_one():
    assert collapse_stars("in" + "*" * 60 + "q") == "in*q"
    assert compile_glob("co**ee*").stars == 2


def test_a_star_run_against_a_long_word_is_instant():
    glob = compile_glob("in" + "*" * 60 + "q")
    started = time.process_time()
    assert not glob_match(glob, "in" + "x" * 5000)
    assert time.process_time() - started < 0.5


def test_sixty_stars_search_like_one(sample_index_dir):
    with store.open_live(sample_index_dir).searcher() as searcher:
        reader = searcher.reader()
        many = compile_query(parse_query("pl" + "*" * 60 + "s"), reader, {})
        one = compile_query(parse_query("pl*s"), reader, {})
    assert many.query == one.query and "plantat" in many.marks.stems


def test_too_many_stars_in_one_word_is_a_query_error(sample_index_dir):
    word = "pl" + "*a" * (MAX_WILDCARD_STARS + 1)
    with store.open_live(sample_index_dir).searcher() as searcher:
        with pytest.raises(QueryError, match="at most"):
            compile_query(parse_query(word), searcher.reader(), {})
