"""Per-document lengths of the scored fields, read once per index generation, with BM25 tables."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from whoosh.searching import Searcher
from whoosh.util.numeric import byte_to_length

from indexer.codec.columns import length_bytes
from indexer.headline import HEADLINE_FIELD, LEAD
from search.ranking import SaturationTable, field_b

SCORED_FIELDS = ("title", "body", "exact", "author")
LEAD_SOURCE_SHARE = 0.5  # of a source's headlines repeating the lead: it has no real ones


@dataclass
class FieldLengths:
    """Per-document lengths of the scored fields (as whoosh stores them: one byte, quantised)."""

    lengths: dict[str, np.ndarray]  # field -> docnum -> decoded length
    saturation: dict[str, SaturationTable]  # shared by all threads; filled as terms are scored
    lead_titles: np.ndarray  # docnum -> True: the headline only repeats the lead (not scored)

    @property
    def size(self) -> int:
        """Return how many documents (live or deleted) the generation numbers."""
        return len(self.lengths["body"])

    @classmethod
    def load(cls, searcher: Searcher, source_of: np.ndarray | None = None) -> FieldLengths:
        """Read the length columns of every scored field (once per generation), and which
        headlines only repeat the lead in a source that has no others (``lead_titles``);
        ``source_of`` numbers each document's source."""
        lengths: dict[str, np.ndarray] = {}
        saturation: dict[str, SaturationTable] = {}
        table = np.array([0] + [byte_to_length(b) for b in range(1, 256)], np.int32)
        for field in SCORED_FIELDS:
            lengths[field] = table[np.array(length_bytes(searcher.reader(), field), np.uint8)]
            average = searcher.avg_field_length(field) or 1.0
            saturation[field] = SaturationTable(average, field_b(field))
        marked = np.zeros(len(lengths["body"]), np.bool_)
        reader = searcher.reader()
        if HEADLINE_FIELD in reader.schema and reader.doc_frequency(HEADLINE_FIELD, LEAD):
            marked[list(reader.postings(HEADLINE_FIELD, LEAD).all_ids())] = True
        return cls(lengths, saturation, lead_titles(marked, source_of))


def lead_titles(marked: np.ndarray, source_of: np.ndarray | None) -> np.ndarray:
    """Return which headlines do not score: those repeating the lead (``marked``) in a source
    where most headlines do (an archive without real headlines, as old magazine dumps are).
    A wire story whose real headline happens to be its first words keeps its headline.

    >>> lead_titles(np.array([1, 1, 0, 1, 0, 0], bool), np.array([0, 0, 0, 1, 1, 1])).tolist()
    [True, True, False, False, False, False]
    """
    if source_of is None or not marked.any():
        return marked
    sources = int(source_of.max()) + 1
    share = np.bincount(source_of[marked], minlength=sources) / np.maximum(
        np.bincount(source_of, minlength=sources), 1
    )
    return marked & (share >= LEAD_SOURCE_SHARE)[source_of]
