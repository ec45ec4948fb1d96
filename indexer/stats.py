"""What is in the live index: article count, date span, top facet values, size, build info."""

from __future__ import annotations

from typing import Any

from whoosh.reading import IndexReader

from indexer import store
from indexer.codec.columns import bytes_column
from indexer.tagging.labels import country_label, region_label, topic_label
from newsarchive.settings import Settings

TOP_VALUES = 10
_FACETS = {
    "countries": country_label,
    "regions": region_label,
    "topics": topic_label,
    "source": lambda value: value,
}


def index_stats(settings: Settings, top: int = TOP_VALUES) -> dict[str, Any]:
    """Return the live index's statistics; raises IndexMissing when there is no index."""
    index = store.open_live(settings.index_dir)
    generation = store.current_generation(settings.index_dir)
    info = store.read_build_info(settings.index_dir)
    with index.reader() as reader:
        dates = [term.decode("utf-8") for term in reader.lexicon("date")]
        data: dict[str, Any] = {
            "articles": reader.doc_count(),
            "first_date": dates[0] if dates else None,
            "last_date": dates[-1] if dates else None,
            "index_bytes": store.folder_bytes(generation) if generation else 0,
            "built": info.get("built"),
            "updated": info.get("updated"),
            "generation": generation.name if generation else None,
            "corpus": info.get("corpus", []),
            "without_date": _live_without(reader, "date"),
            "without_source": _live_without(reader, "source"),
        }
        for field, label in _FACETS.items():
            data[f"top_{field}"] = [
                {"value": value, "label": label(value), "count": count}
                for value, count in top_terms(reader, field, top)
            ]
    return data


def top_terms(reader: IndexReader, field: str, limit: int) -> list[tuple[str, int]]:
    """Return the field's most frequent values with their article counts, most first."""
    if field not in reader.indexed_field_names():
        return []
    counts = [
        (term.decode("utf-8"), info.doc_frequency()) for term, info in reader.iter_field(field)
    ]
    counts.sort(key=lambda item: (-item[1], item[0]))
    return counts[:limit]


def _live_without(reader: IndexReader, field: str) -> int:
    """Return how many live articles have no value for a sortable field (no date, no source)."""
    empty = (n for n, value in enumerate(bytes_column(reader, field)) if not value)
    return sum(1 for docnum in empty if not reader.is_deleted(docnum))
