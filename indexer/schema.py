"""THE whoosh schema: the single source of truth for field names, imported by search/ and web/.

Searchable text: ``title`` and ``body`` (stemmed; the title weighs more in BM25F) and ``exact``
(title + body unstemmed, for "phrases"). Filters and facets: ``countries``, ``regions``,
``topics`` (space-separated keywords), ``source``, ``year``, ``date``; each is also a column so
facet counts and sorting read one compact array instead of stored documents.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Generator
from typing import Any

from whoosh.fields import ID, KEYWORD, STORED, TEXT, Schema
from whoosh.formats import Frequency, Positions
from whoosh.system import pack_uint

# whoosh imports this module whenever it opens one of our indexes (the schema's classes are
# pickled in it), so importing the codec here makes every reader read files in place.
import indexer.codec  # noqa: F401
from indexer.analysis import exact_analyzer, stemming_analyzer
from indexer.article import Article
from indexer.codec.positions import decode_frequency, encode_positions, iter_positions
from indexer.headline import HEADLINE_FIELD, LEAD, repeats_lead

TITLE_BOOST = 3.0
FACET_FIELDS = ("countries", "regions", "topics", "source", "year")


_Posting = tuple[bytes, int, float | int, bytes]  # term, frequency, weight, encoded value


class FastText(TEXT):
    """A TEXT field that indexes through ``FusedAnalyzer.term_sequence``: the same postings
    whoosh's TEXT writes, computed without a Token object per word (indexing ~2x faster).
    """

    def index(self, value: Any, **kwargs: Any) -> Generator[_Posting, Any, None]:
        """Return (term bytes, frequency, weight, encoded posting) for each distinct term."""
        analyzer: Any = self.analyzer
        fmt: Any = self.format
        kind = type(fmt)
        fast = hasattr(analyzer, "term_sequence") and issubclass(kind, Frequency | Positions)
        if not fast or not isinstance(value, str):
            yield from super().index(value, **kwargs)
            return
        boost = fmt.field_boost
        if issubclass(kind, Frequency):
            counts: Counter[str] = Counter(analyzer.term_sequence(value))
            counts.pop("", None)
            valued = bool(fmt.posting_size)
            for text, freq in counts.items():
                yield text.encode("utf-8"), freq, freq * boost, pack_uint(freq) if valued else b""
            return
        encode = fmt.encode
        for text, found in analyzer.term_positions(value).items():
            yield text.encode("utf-8"), len(found), len(found) * boost, encode(found)


class FrequencyInWeight(Frequency):
    """whoosh's ``Frequency`` format without a value a posting: a posting's weight (which
    whoosh keeps in every block) is already its frequency times the field boost, and the
    4-byte frequency beside it was a tenth of a 10x index's ``body`` postings. Frequencies
    are read as weights (``indexer.codec.postings``, whoosh's scorers)."""

    posting_size = 0

    def word_values(
        self, value: Any, analyzer: Any, **kwargs: Any
    ) -> Generator[tuple[bytes, int, float, bytes], Any, None]:
        """Yield (term, frequency, weight, b"") as ``Frequency.word_values`` does, valueless."""
        for text, freq, weight, _value in super().word_values(value, analyzer, **kwargs):
            yield text, freq, weight, b""


class CompactPositions(Positions):
    """whoosh's ``Positions`` format with compact values (``indexer.codec.positions``): a
    tag byte and the position deltas as bytes, a quarter of whoosh's pickled list."""

    def encode(self, poslist: Any) -> bytes:
        """Return the value of ascending positions."""
        return encode_positions(poslist if isinstance(poslist, list) else list(poslist))

    def decode_positions(self, valuestring: bytes) -> list[int]:
        """Return the positions of a value."""
        return list(iter_positions(valuestring))

    def decode_frequency(self, valuestring: bytes) -> int:
        """Return how many positions a value holds."""
        return decode_frequency(valuestring)


def _weighted_text(**kwargs: Any) -> FastText:
    """A text field without positions whose frequencies live in the postings' weights."""
    field = FastText(**kwargs, phrase=False)
    field.format = FrequencyInWeight(field_boost=kwargs.get("field_boost", 1.0))
    return field


def _phrase_text(**kwargs: Any) -> FastText:
    """A positioned text field (phrases) whose positions are stored compactly."""
    field = FastText(**kwargs)
    field.format = CompactPositions(field_boost=kwargs.get("field_boost", 1.0))
    return field


class JoinedText(str):
    """Texts joined by a line break that remembers its parts (``exact`` = title + body).

    A line break never falls inside a word, so the words of the whole are the words of the
    parts in order, and a writer that has already split the parts need not split it again.
    """

    parts: tuple[str, ...]

    def __new__(cls, *parts: str) -> JoinedText:
        joined = super().__new__(cls, "\n".join(parts))
        joined.parts = parts
        return joined


def build_schema() -> Schema:
    """Return a fresh schema instance (whoosh schemas hold analyzer state; don't share)."""
    return Schema(
        id=ID(stored=True, unique=True, sortable=True),
        # No positions in title/body: phrases search `exact`, and position-free postings
        # decode several times faster (whoosh unpickles each block of postings).
        title=_weighted_text(analyzer=stemming_analyzer(), stored=True, field_boost=TITLE_BOOST),
        body=_weighted_text(analyzer=stemming_analyzer(), stored=True),
        exact=_phrase_text(analyzer=exact_analyzer(), stored=False),
        author=_phrase_text(analyzer=exact_analyzer(), stored=True),
        url=STORED(),
        path=STORED(),
        date=ID(stored=True, sortable=True),
        year=ID(sortable=True),
        source=ID(stored=True, sortable=True),
        countries=KEYWORD(stored=True, sortable=True),
        regions=KEYWORD(stored=True, sortable=True),
        topics=KEYWORD(stored=True, sortable=True),
        group=ID(stored=True, sortable=True),
        headline=ID(),  # "lead": the headline only repeats the lead (indexer.headline)
        meta=STORED(),
    )


def to_document(article: Article) -> dict[str, Any]:
    """Return the whoosh document (field -> value) for an article."""
    doc: dict[str, Any] = {
        "id": article.id,
        "title": article.title,
        "body": article.body,
        "exact": JoinedText(article.title, article.body),
        "path": article.path,
        "countries": " ".join(article.countries),
        "regions": " ".join(article.regions),
        "topics": " ".join(article.topics),
        "meta": json.dumps(
            {"provenance": article.provenance, "source_meta": article.source_meta},
            ensure_ascii=False,
        ),
    }
    optional = {
        "url": article.url,
        "date": article.date,
        "year": article.date[:4] if article.date else None,
        "source": article.source,
        "author": article.author,
        "group": article.group,
        HEADLINE_FIELD: LEAD if repeats_lead(article.title, article.body) else None,
    }
    doc.update({k: v for k, v in optional.items() if v})
    return doc


def from_stored(stored: dict[str, Any]) -> Article:
    """Rebuild the article from a hit's stored fields."""
    meta = json.loads(stored.get("meta") or "{}")
    return Article(
        id=stored["id"],
        title=stored.get("title", ""),
        body=stored.get("body", ""),
        url=stored.get("url"),
        date=stored.get("date"),
        source=stored.get("source"),
        author=stored.get("author"),
        path=stored.get("path", ""),
        countries=tuple((stored.get("countries") or "").split()),
        regions=tuple((stored.get("regions") or "").split()),
        topics=tuple((stored.get("topics") or "").split()),
        provenance=meta.get("provenance", {}),
        source_meta=meta.get("source_meta", {}),
        group=stored.get("group"),
    )
