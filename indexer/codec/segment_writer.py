"""A whoosh segment writer for bulk loads: postings gathered per term in memory.

whoosh's ``SegmentWriter`` turns every posting into a tuple in a pool, sorts all of them, then
feeds them one by one through its postings writer: several µs of pure Python a posting, most
of a rebuild. ``DirectSegmentWriter`` appends each posting to its term's list as the document
is analysed (``indexer.codec.field_postings``), sorts only the distinct terms, and writes each
posting list a block at a time (``indexer.codec.posting_blocks``). Stored fields, columns and
lengths go through whoosh's own per-document writer. A reader finds exactly what whoosh's
writer would have written (tests compare every term's statistics and postings).

Postings stay in memory until the segment is written, about ``POSTING_BYTES`` each (80 MB for
half of Reuters-21578); when they would pass the writer's memory limit (``limitmb``) they are
spilled, in term order, to temporary files that are merged when the segment is written, so a
large corpus still makes one segment (several search slower) in bounded memory.
Merging segments (``add`` to a live index) goes through whoosh's pool, as with whoosh's
writer.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from whoosh.codec.base import Segment
from whoosh.codec.whoosh3 import W3Codec, W3FieldWriter
from whoosh.system import pack_ushort
from whoosh.util.numeric import byte_to_length, length_to_byte
from whoosh.writing import SegmentWriter

from indexer.analysis import raw_words
from indexer.codec.field_postings import FieldPostings
from indexer.codec.posting_blocks import BLOCK_POSTINGS, PostingsWriter, add_terms
from indexer.schema import JoinedText

POSTING_BYTES = 46  # memory a held posting takes (measured on Reuters-21578)
_CHECK_EVERY = 256  # documents between two looks at the memory held


class DirectSegmentWriter(SegmentWriter):
    """``SegmentWriter`` whose postings go straight to per-term lists (see module doc)."""

    def __init__(self, ix: Any, **kwargs: Any) -> None:
        super().__init__(ix, **kwargs)
        self._limitmb = kwargs.get("limitmb", 128)
        self._words: dict[str, list[str]] = {}  # this document's texts, split into words
        self._postings = {name: FieldPostings(field) for name, field in self.schema.items()}
        self._lengths: dict[str, list[int | None]] = {}

    def add_document(self, **fields: Any) -> None:
        """Add a document as ``SegmentWriter.add_document`` does, postings aside."""
        if self._unsupported(fields):
            super().add_document(**fields)
            return
        self._check_state()
        perdocwriter = self.perdocwriter
        docnum = self.docnum
        names = sorted(fields)
        self._check_fields(self.schema, names)
        self._words.clear()
        perdocwriter.start_doc(docnum)
        for name in names:
            value = fields[name]
            if value is None:
                continue
            field = self.schema[name]
            length = 0
            if field.indexed:
                length = self._postings[name].add(value, docnum, self._words_of)
                length = length if field.scorable else 0  # whoosh keeps only these lengths
            perdocwriter.add_field(name, field, value if field.stored else None, length)
            if field.scorable:
                self._remember_length(name, docnum, length)
            column = field.column_type
            if column:
                perdocwriter.add_column_value(name, column, field.to_column_value(value))
        perdocwriter.finish_doc()
        self._added = True
        self.docnum += 1
        if self.docnum % _CHECK_EVERY == 0 and self.held_bytes() > self._limitmb * 2**20:
            folder = getattr(self.storage, "folder", None)
            for found in self._postings.values():
                found.spill(folder)

    def held_bytes(self) -> int:
        """Return about how much memory the postings held in memory take."""
        return POSTING_BYTES * sum(found.held for found in self._postings.values())

    def finish_segment(self) -> Segment | None:
        """Write the segment and return it (None when no document was added), for a caller
        that commits segments itself, as ``indexer.writing.parallel`` does."""
        if self._added:
            return self._finalize_segment()
        self._close_segment()
        return None

    def _unsupported(self, fields: dict[str, Any]) -> bool:
        """Return True for what only whoosh's own path handles: boosts, vectors, spelling."""
        if any(name.startswith("_") for name in fields):
            return True
        schema = self.schema
        return any(
            name in schema and (schema[name].vector or schema[name].separate_spelling())
            for name in fields
        )

    def _words_of(self, text: str) -> list[str]:
        """Return the words of ``text``, split once a document (title and body are also the
        parts of ``exact``)."""
        found = self._words.get(text)
        if found is None:
            if isinstance(text, JoinedText):
                found = [word for part in text.parts for word in self._words_of(part)]
            else:
                found = raw_words(text)
            self._words[text] = found
        return found

    def _remember_length(self, name: str, docnum: int, length: int) -> None:
        """Keep the length as whoosh's length column will hand it back (rounded to a byte)."""
        table = self._lengths.setdefault(name, [])
        table.extend([None] * (docnum + 1 - len(table)))
        code = length_to_byte(length) if length else 0
        table[docnum] = byte_to_length(code) if code else None

    def _flush_segment(self) -> None:
        pooled = self.pool.currentsize or getattr(self.pool, "runs", None)
        if pooled or not isinstance(self.fieldwriter, W3FieldWriter):
            self._move_postings_to_pool()  # merging segments: whoosh's path handles it
            super()._flush_segment()
            return
        self.perdocwriter.close()
        self._write_postings(self.fieldwriter)
        self.fieldwriter.close()

    def _write_postings(self, fieldwriter: W3FieldWriter) -> None:
        codec = self.codec
        assert isinstance(codec, W3Codec)
        postings = PostingsWriter(fieldwriter._postfile, BLOCK_POSTINGS, codec._compression)
        fieldmap = fieldwriter._fieldmap
        for name in sorted(n for n, found in self._postings.items() if found.has_postings()):
            prefix = pack_ushort(fieldmap.setdefault(name, len(fieldmap)))
            lengths = self._length_reader(name)
            rows = (
                (prefix + btext, postings.write_term(ids, weights, values, lengths))
                for btext, ids, weights, values in self._postings[name].lists()
            )
            add_terms(fieldwriter._tindex, rows)
        postings.flush()

    def _length_reader(self, name: str) -> Callable[[int], int | None]:
        table = self._lengths.get(name)
        if table is None:
            return lambda _docnum: 0
        table.extend([None] * (self.docnum - len(table)))
        return table.__getitem__

    def _move_postings_to_pool(self) -> None:
        add = self.pool.add
        for name, found in self._postings.items():
            for btext, ids, weights, values in found.lists():
                for n, (docnum, weight) in enumerate(zip(ids, weights, strict=True)):
                    add((name, btext, docnum, weight, _nth_value(values, n, len(ids))))


def _nth_value(values: Any, n: int, count: int) -> bytes | None:
    if values is None:
        return None
    if isinstance(values, bytes):
        size = len(values) // count
        return values[n * size : (n + 1) * size]
    return values[n]
