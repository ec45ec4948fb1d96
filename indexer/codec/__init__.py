"""Codec: every module that knows whoosh3's on-disk format, checked against one release.

Whoosh's own writer and matchers handle a posting at a time in Python; these modules read and
write its structures in bulk instead (rebuilds and searches several times faster; see
bench/RESULTS.md). They rely on details whoosh does not promise to keep, so ``pyproject.toml``
pins whoosh3 to ``TESTED_WHOOSH`` and importing this package refuses any other release
(``check_whoosh``). tests/test_codec.py (read side) and tests/test_writer.py (write side)
compare everything with whoosh's own reader, searcher and writer: run them before moving the pin.

Write side:

- ``segment_writer.DirectSegmentWriter``: a ``whoosh.writing.SegmentWriter`` whose segments are
  written by ``W3Codec``/``W3FieldWriter`` from postings gathered per term; uses the writer's
  ``_compression``, ``_fieldmap``, ``_postfile``, ``_tindex``,
  ``_check_fields``, ``_check_state``, ``_close_segment``, ``_finalize_segment`` and
  ``whoosh.codec.base.Segment``.
- ``field_postings``: one field's postings in the encodings of ``whoosh.formats`` (Existence,
  Frequency: ``pack_uint``) or of the field's own format (``indexer.schema.CompactPositions``).
- ``positions``: the compact positions layout (a tag byte and the deltas as bytes), and
  whoosh's own (a 4-byte count + pickled deltas), which indexes written before hold.
- ``posting_blocks``: posting blocks (pickled with protocol 3, which any whoosh reader
  loads) and the term table: ``whoosh.codec.whoosh3``
  ``W3TermInfo._struct``, ``WHOOSH3_HEADER_MAGIC``, ``COMPRESSION_MIN_SIZE``;
  ``whoosh.filedb.filetables.OrderedHashWriter`` and ``_lengths``; ``length_to_byte``.

Read side (used by ``search/``):

- ``postings``: posting lists a block at a time from ``W3LeafMatcher``'s ``_data``,
  ``_read_data``, ``_byteids``, ``_blocklength``, ``_lastblock``, ``_goto``, ``_nextoffset``,
  ``_maxid`` (any other matcher falls back to whoosh's own stepping); ``decode_positions`` and
  ``iter_positions`` read either positions layout (``positions``).
- ``columns``: whole columns from ``VarBytesColumn.Reader`` (``_lengths``, ``_offsets``,
  ``_dbfile``, ``_basepos``) and one-byte ``NumericColumn.Reader`` (``_fixedlen``, ``_count``,
  ``_default``), the length columns through the segment's ``_perdoc._cached_reader`` with
  ``whoosh.codec.whoosh3._lenfield`` and ``LENGTHS_COLUMN``.

Outside this package, on whoosh's private API but not its format: ``indexer.writing.parallel``
commits several writers' segments at once (``SegmentWriter._close_segment``, ``_commit_toc``,
``_finish``); ``search.matchset`` asks a phrase for its words (``Phrase._btexts``);
``indexer.schema.FastText.index`` yields Frequency/Positions values as whoosh's formats encode
them (it stays in schema.py: whoosh pickles the class path into every index).
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from newsarchive.errors import WhooshMismatch

TESTED_WHOOSH = "3.54.0"


def check_whoosh(installed: str | None) -> None:
    """Raise ``WhooshMismatch`` unless ``installed`` is the whoosh3 release tested here."""
    if installed != TESTED_WHOOSH:
        raise WhooshMismatch(
            f"newsarchive reads and writes whoosh3 {TESTED_WHOOSH}'s index format directly, but "
            f"whoosh3 {installed or '(unknown)'} is installed. "
            f"Install the tested release: pip install whoosh3=={TESTED_WHOOSH}"
        )


def _installed_whoosh() -> str | None:
    try:
        return version("whoosh3")
    except PackageNotFoundError:
        return None


check_whoosh(_installed_whoosh())

from indexer.codec import mapped_files  # noqa: E402  (after the version check it relies on)

mapped_files.install()
