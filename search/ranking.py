"""Ranking parameters: BM25F with the title weighted above the body; ties by date, then id.

The title's ``field_boost`` (``indexer.schema.TITLE_BOOST``) multiplies its term frequencies at
index time, so a word in the headline weighs more; each field also gets its own length
normalisation ``B`` (headlines are short and alike in length, so length matters less there).
``search.scoring`` computes the scores; ``weighting()`` is the same model for whoosh searchers,
except that whoosh adds a word's headline and body scores whole (``TIE_BREAKER`` at 1).
"""

from __future__ import annotations

import math

from whoosh import scoring
from whoosh.reading import IndexReader
from whoosh.scoring import bm25

K1 = 1.2
B = 0.75
FIELD_B = {"title": 0.4}
# A word in the headline and in the body: its better field's score, plus this share of the
# other's (Elasticsearch's best_fields tie breaker; 1 would add both, 0 keep the better only).
TIE_BREAKER = 0.5


def idf(reader: IndexReader, field: str, text: str) -> float:
    """Return a term's idf as searches score it: whoosh's ``WeightingModel.idf``, which
    ``Searcher.idf`` caches for ``search.scoring``, ``1 + log(articles / (holding + 1))``."""
    return math.log(reader.doc_count_all() / (reader.doc_frequency(field, text) + 1)) + 1


def field_b(field: str) -> float:
    """Return the length normalisation of one field."""
    return FIELD_B.get(field, B)


def weighting() -> scoring.WeightingModel:
    """Return the weighting model every searcher is opened with."""
    return scoring.BM25F(B=B, K1=K1, **{f"{name}_B": b for name, b in FIELD_B.items()})


class SaturationTable(dict[tuple[float, int], float]):
    """(weight, length) -> BM25 without the idf factor, for one field; filled on first use.

    BM25 is ``idf * saturation(weight, length)``: the saturation part depends on the field only,
    so one table per field serves every term and every search of a generation (with one-byte
    lengths there are only a few thousand distinct pairs).
    """

    def __init__(self, average: float, b: float) -> None:
        super().__init__()
        self.average, self.b = average, b

    def __missing__(self, key: tuple[float, int]) -> float:
        value = self[key] = bm25(1.0, key[0], key[1], self.average, self.b, K1)
        return value
