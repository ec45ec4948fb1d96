"""Per-document lengths of the scored fields, read once per index generation, with BM25 tables."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from whoosh.searching import Searcher
from whoosh.util.numeric import byte_to_length

from indexer.codec.columns import length_bytes
from search.ranking import SaturationTable, field_b

SCORED_FIELDS = ("title", "body", "exact", "author")


@dataclass
class FieldLengths:
    """Per-document lengths of the scored fields (as whoosh stores them: one byte, quantised)."""

    lengths: dict[str, np.ndarray]  # field -> docnum -> decoded length
    saturation: dict[str, SaturationTable]  # shared by all threads; filled as terms are scored

    @property
    def size(self) -> int:
        """Return how many documents (live or deleted) the generation numbers."""
        return len(self.lengths["body"])

    @classmethod
    def load(cls, searcher: Searcher) -> FieldLengths:
        """Read the length columns of every scored field (once per generation)."""
        lengths: dict[str, np.ndarray] = {}
        saturation: dict[str, SaturationTable] = {}
        table = np.array([0] + [byte_to_length(b) for b in range(1, 256)], np.int32)
        for field in SCORED_FIELDS:
            lengths[field] = table[np.array(length_bytes(searcher.reader(), field), np.uint8)]
            average = searcher.avg_field_length(field) or 1.0
            saturation[field] = SaturationTable(average, field_b(field))
        return cls(lengths, saturation)
