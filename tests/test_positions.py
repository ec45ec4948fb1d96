"""Compact word positions (indexer.codec.positions): what they encode, and that phrases read
the same from an index written with them as from one written in whoosh's layout (every index
built before them)."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest
from conftest import varied_articles
from whoosh import index as whoosh_index
from whoosh.formats import Positions

from indexer.codec.positions import (
    decode_frequency,
    encode_positions,
    iter_positions,
    position_arrays,
)
from indexer.codec.postings import Postings, decode_positions
from indexer.schema import CompactPositions, build_schema
from indexer.writing.writer import add_article, open_writer
from search.matchset import match_set
from search.query.compile import compile_query
from search.query.parse import parse_query

PHRASES = (
    '"shared words"',
    '"café crème"',
    '"again again again"',
    '"über alles"',
    'author:"ann lee"',
)


@pytest.mark.parametrize(
    ("positions", "width"),
    [([0], 1), ([5, 9, 260], 1), ([300], 2), ([1, 70_000], 4), (list(range(0, 5000, 7)), 1)],
)
def test_positions_round_trip_in_the_narrowest_width(positions: list[int], width: int) -> None:
    value = encode_positions(positions)
    assert value[0] == width
    assert len(value) == 1 + width * len(positions)
    assert list(iter_positions(value)) == positions
    assert decode_frequency(value) == len(positions)


def test_whoosh_layout_still_decodes() -> None:
    for positions in ([0], [3, 4, 300], [1, 70_000]):
        value = Positions().encode(positions)
        assert list(iter_positions(value)) == positions
        assert decode_frequency(value) == len(positions)
        assert len(encode_positions(positions)) < len(value)


def test_the_schema_stores_phrase_fields_compactly() -> None:
    schema = build_schema()
    for name in ("exact", "author"):
        assert isinstance(schema[name].format, CompactPositions)
        postings = dict((text, value) for text, _f, _w, value in schema[name].index("a b a"))
        assert list(iter_positions(postings[b"a"])) == [0, 2]


def _write(folder: Path, compact: bool) -> Any:
    schema = build_schema()
    if not compact:  # what every index written before compact positions holds
        for name in ("exact", "author"):
            schema[name].format = Positions(field_boost=schema[name].format.field_boost)
    folder.mkdir()
    index = whoosh_index.create_in(str(folder), schema)
    writer = open_writer(index)
    for article in varied_articles():
        add_article(writer, article)
    writer.commit()
    return whoosh_index.open_dir(str(folder))


def test_phrases_match_the_same_in_both_layouts(tmp_path: Path) -> None:
    seen = []
    for compact in (True, False):
        with _write(tmp_path / str(compact), compact).searcher() as searcher:
            reader = searcher.reader()
            postings = Postings(searcher, frozenset(reader.all_doc_ids()))
            found = {}
            for q in PHRASES:
                query = compile_query(parse_query(q), reader, {}).query
                found[q] = match_set(postings, query)
                assert found[q] == set(searcher.docs_for_query(query)), q  # whoosh agrees
            values = postings.positions("exact", b"alles")  # after 300 "again"s in varied-7
            layout = {value[0] for value in values.values()}
            assert layout == ({1, 2} if compact else {0})
            found["positions"] = {d: decode_positions(v) for d, v in values.items()}
            seen.append(found)
    assert all(seen[0][q] for q in PHRASES)
    assert seen[0] == seen[1]


def test_position_arrays_decode_every_layout_as_iter_positions_does() -> None:
    rng = random.Random(7)
    values = []
    for n in range(400):
        positions = sorted(rng.sample(range(0, 300 if n % 3 else 70_000), rng.randint(1, 9)))
        values.append(encode_positions(positions))
    values += [Positions().encode([3, 9, 12]), encode_positions([0]), encode_positions([0, 5])]
    numbers, positions = position_arrays(values)
    expected = [(i, p) for i, value in enumerate(values) for p in iter_positions(value)]
    assert list(zip(numbers.tolist(), positions.tolist(), strict=True)) == expected
    assert {value[0] for value in values} == {0, 1, 2, 4}
    numbers, positions = position_arrays([v for v in values if v[0] == 1])
    assert len(numbers) == len(positions) > 400
