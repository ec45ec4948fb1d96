"""One field's postings for a segment being written, gathered per term in memory.

Each kind of field is analysed the cheapest way that gives the postings whoosh's own
``field.index`` gives (same terms, frequencies, weights and encoded values):

- text fields with ``FusedAnalyzer``: its cached word -> term maps, over words split once a
  document (``exact`` reuses the words of ``title`` and ``body``, see ``JoinedText``);
- ``ID`` fields: the whole value is the term; ``KEYWORD`` fields: the tokenizer's pattern;
- anything else: the field's own ``index`` method.

Postings are kept flat, per term: ``[docnum, freq, ...]`` for text with frequencies,
``[docnum, freq, value, ...]`` for text with positions, ``[docnum, weight, value, ...]``
otherwise: about 46 bytes a posting. ``spill`` writes them, in term order, to a temporary
file when a writer holds too many; ``lists`` merges those runs with what is held.
"""

from __future__ import annotations

import heapq
import pickle
import tempfile
from collections import Counter
from collections.abc import Callable, Iterator
from itertools import chain, groupby
from operator import itemgetter
from typing import IO, Any

from whoosh.analysis import IDTokenizer, RegexTokenizer
from whoosh.fields import FieldType
from whoosh.formats import Existence, Frequency, Positions
from whoosh.system import pack_uint

WordsOf = Callable[[str], list[str]]  # text -> its words, as the tokenizer splits them
# (term bytes, ascending docnums, weights, values: None, joined fixed-size bytes or a list)
PostingList = tuple[bytes, list[int], list[float], Any]

_UINTS = [pack_uint(n) for n in range(256)]  # most frequencies are small
# A spilled run is pickled in chunks of about this many flat posting entries (a common word's
# list alone may be more): merging the runs holds one chunk of each run at once, so a chunk of a
# fixed number of terms, around the commonest words, held tens of MB in every run at 50x.
_RUN_CHUNK_ENTRIES = 20_000


class FieldPostings:
    """The postings of one field, added a document at a time, listed in term order."""

    def __init__(self, field: FieldType) -> None:
        self.field = field
        self.terms: dict[Any, list[Any]] = {}
        self.held = 0  # postings held in memory
        self.kind = _kind(field)
        self._runs: list[IO[bytes]] = []  # postings spilled to temporary files, oldest first
        self._boost: float = field.format.field_boost if field.format is not None else 1.0
        self._one_position: dict[int, bytes] = {}  # a word once in a text: the commonest
        self._valued = bool(field.format is not None and field.format.fixed_value_size())

    def add(self, value: Any, docnum: int, words_of: WordsOf) -> int:
        """Add the postings of ``value`` for ``docnum``; return the field's length."""
        kind = self.kind
        if kind == "generic" or not isinstance(value, str):
            return self._add_generic(value, docnum)
        analyzer: Any = self.field.analyzer
        if kind == "whole":
            self._add_posting(value.encode("utf-8"), (docnum, self._boost * 1.0, b""))
            return 1
        if kind == "keywords":
            return self._add_keywords(Counter(analyzer.expression.findall(value)), docnum)
        words = words_of(value)
        if kind == "positions":
            return self._add_positions(analyzer.term_positions(value, words), docnum)
        counts: Counter[str] = Counter(analyzer.term_sequence(value, words))
        counts.pop("", None)
        terms = self.terms
        for term, freq in counts.items():
            found = terms.get(term)
            if found is None:
                terms[term] = [docnum, freq]
            else:
                found += (docnum, freq)
        self.held += len(counts)
        return counts.total()

    def _add_positions(self, positions: dict[str, list[int]], docnum: int) -> int:
        terms = self.terms
        length = 0
        for term, found_at in positions.items():
            freq = len(found_at)
            length += freq
            posting = (docnum, freq, self._encode_positions(found_at))
            if (found := terms.get(term)) is None:
                terms[term] = list(posting)
            else:
                found += posting
        self.held += len(positions)
        return length

    def _encode_positions(self, positions: list[int]) -> bytes:
        """Return ``field.format.encode(positions)``; a single position's bytes are shared."""
        encode: Callable[[list[int]], bytes] = self.field.format.encode  # type: ignore[union-attr]
        if len(positions) > 1:
            return encode(positions)
        position = positions[0]
        encoded = self._one_position.get(position)
        if encoded is None:
            encoded = self._one_position[position] = encode(positions)
        return encoded

    def _add_keywords(self, counts: Counter[str], docnum: int) -> int:
        boost = self._boost
        for word, freq in counts.items():  # Frequency.word_values sums 1.0 a token
            self._add_posting(word.encode("utf-8"), (docnum, freq * 1.0 * boost, _uint(freq)))
        return counts.total()

    def _add_generic(self, value: Any, docnum: int) -> int:
        length = 0
        for btext, freq, weight, vbytes in self.field.index(value):
            length += freq
            self._add_posting(btext, (docnum, weight * 1.0, vbytes))  # x the field boost
        return length

    def _add_posting(self, btext: bytes, posting: tuple[int, float, bytes]) -> None:
        self.held += 1
        if (found := self.terms.get(btext)) is None:
            self.terms[btext] = list(posting)
        else:
            found += posting

    def has_postings(self) -> bool:
        """Return True when postings are held or spilled."""
        return bool(self.terms or self._runs)

    def spill(self, folder: str | None) -> None:
        """Write the postings held, in term order, to a temporary file in ``folder`` (deleted
        when closed, or when the process ends) and let them go."""
        if not self.terms:
            return
        run = tempfile.TemporaryFile(dir=folder)
        for chunk in _chunks(sorted(self.terms.items())):  # distinct terms: lists never compared
            pickle.dump(chunk, run, pickle.HIGHEST_PROTOCOL)
        run.seek(0)
        self._runs.append(run)
        self.terms = {}
        self.held = 0

    def lists(self) -> Iterator[PostingList]:
        """Yield every term's posting list, in the order of the terms' bytes (and let the
        postings go)."""
        sorted_terms = self._sorted_terms()
        if self.kind in ("frequencies", "positions"):
            step = 2 if self.kind == "frequencies" else 3
            for term, flat in sorted_terms:  # str order is the order of their UTF-8 bytes
                freqs = flat[1::step]
                weights = [freq * self._boost for freq in freqs]
                if step == 2:  # fixed-size frequencies, or none (weights hold them)
                    values: Any = b"".join(map(_uint, freqs)) if self._valued else None
                else:
                    values = flat[2::3]
                yield term.encode("utf-8"), flat[0::step], weights, values
            return
        fixed = self.field.format.fixed_value_size() if self.field.format else None
        for btext, flat in sorted_terms:
            values = flat[2::3]
            if fixed is not None and fixed >= 0:  # whoosh joins fixed-size values
                values = b"".join(values) if fixed else None
            yield btext, flat[0::3], flat[1::3], values

    def _sorted_terms(self) -> Iterator[tuple[Any, list[Any]]]:
        """Yield (term, flat postings) in term order: the spilled runs and the postings held,
        merged (runs hold earlier documents, so a term's postings stay in docnum order)."""
        held = sorted(self.terms.items())
        self.terms, self.held = {}, 0
        if not self._runs:
            yield from held
            return
        streams = [*map(_read_run, self._runs), iter(held)]
        for term, found in groupby(heapq.merge(*streams, key=itemgetter(0)), itemgetter(0)):
            flats = [flat for _term, flat in found]
            yield term, flats[0] if len(flats) == 1 else list(chain.from_iterable(flats))
        for run in self._runs:
            run.close()
        self._runs = []


def _chunks(items: list[tuple[Any, list[Any]]]) -> Iterator[list[tuple[Any, list[Any]]]]:
    """Split (term, flat postings) items into runs of about ``_RUN_CHUNK_ENTRIES`` entries."""
    start, size = 0, 0
    for end, (_term, flat) in enumerate(items, 1):
        size += len(flat)
        if size >= _RUN_CHUNK_ENTRIES:
            yield items[start:end]
            start, size = end, 0
    if start < len(items):
        yield items[start:]


def _read_run(run: IO[bytes]) -> Iterator[tuple[Any, list[Any]]]:
    while True:
        try:
            yield from pickle.load(run)
        except EOFError:
            return


def _kind(field: FieldType) -> str:
    """Return how ``FieldPostings`` analyses the field (see the module doc)."""
    analyzer = getattr(field, "analyzer", None)
    fmt = type(field.format)
    if hasattr(analyzer, "term_sequence") and issubclass(fmt, Frequency | Positions):
        return "frequencies" if issubclass(fmt, Frequency) else "positions"
    if type(analyzer) is IDTokenizer and fmt is Existence:
        return "whole"
    if type(analyzer) is RegexTokenizer and not analyzer.gaps and fmt is Frequency:
        return "keywords"
    return "generic"


def _uint(number: int) -> bytes:
    return _UINTS[number] if number < 256 else pack_uint(number)
