"""Per-document lengths of the scored fields, read once per index generation, with BM25 tables."""

from __future__ import annotations

from dataclasses import dataclass

from whoosh.searching import Searcher
from whoosh.util.numeric import byte_to_length

from indexer.codec.columns import length_bytes
from search.ranking import SaturationTable, field_b

SCORED_FIELDS = ("title", "body", "exact", "author")


@dataclass
class FieldLengths:
    """Per-document lengths of the scored fields (as whoosh stores them: one byte, quantised)."""

    lengths: dict[str, list[int]]
    saturation: dict[str, SaturationTable]  # shared by all threads; filled as terms are scored

    @classmethod
    def load(cls, searcher: Searcher) -> FieldLengths:
        """Read the length columns of every scored field (once per generation)."""
        lengths: dict[str, list[int]] = {}
        saturation: dict[str, SaturationTable] = {}
        table = [0] + [byte_to_length(b) for b in range(1, 256)]
        for field in SCORED_FIELDS:
            lengths[field] = list(map(table.__getitem__, length_bytes(searcher.reader(), field)))
            average = searcher.avg_field_length(field) or 1.0
            saturation[field] = SaturationTable(average, field_b(field))
        return cls(lengths, saturation)
