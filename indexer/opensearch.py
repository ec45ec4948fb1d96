"""Export the live index for OpenSearch / Elasticsearch: an index template and bulk NDJSON.

``export_opensearch(settings, out_dir)`` writes into ``out_dir``:

- ``index-template.json``: a composable index template (``PUT _index_template/<name>``) whose
  mapping mirrors ``indexer.schema``: ``title`` and ``body`` analysed like ours (folding,
  possessives, the same stop words, the Snowball English stemmer), both copied into ``exact``
  (folded, unstemmed, every word kept: phrases), keyword facets, ``date`` as a date, the
  near-duplicate ``group`` and a ``collapse_key`` (the group, else the article's own id) for
  field collapsing;
- ``bulk-0001.ndjson``, ...: ``{"index": {"_index", "_id"}}`` action lines each followed by the
  article (the contract's article object, plus ``year`` and ``collapse_key``), in files of at most
  ``chunk_bytes`` so each one fits a default ``http.max_content_length`` (100 MB);
- ``manifest.json``: what was exported (generation, counts, files) and the commands to load it.

The mapping is ``"dynamic": "strict"``: a field the template does not know is refused, so the
two can not drift apart silently (tests check every exported field against it).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

from whoosh import index as whoosh_index
from whoosh.analysis.filters import STOP_WORDS

from indexer import store
from indexer.schema import TITLE_BOOST, from_stored
from newsarchive.errors import AppError, IndexMissing
from newsarchive.settings import Settings

TEMPLATE_FILE = "index-template.json"
MANIFEST_FILE = "manifest.json"
DEFAULT_CHUNK_BYTES = 50_000_000
INDEX_NAME = re.compile(r"[a-z0-9][a-z0-9_.-]{0,200}")  # what OpenSearch accepts, less a bit
_KEYWORD = {"type": "keyword"}
_STORED_ONLY = {"type": "keyword", "index": False, "doc_values": False}
_UNINDEXED_OBJECT = {"type": "object", "enabled": False}


def analysis_settings() -> dict[str, Any]:
    """Return analyzers equivalent to ``indexer.analysis``: folding, stop words, Snowball."""
    folding = ["english_possessive", "lowercase", "asciifolding"]
    char_filters = ["typographic_apostrophe", "abbreviation_dots"]
    return {
        "char_filter": {
            "typographic_apostrophe": {"type": "mapping", "mappings": ["’ => '"]},
            # U.S. -> US as our fold() does; 4.5 keeps its dot
            "abbreviation_dots": {
                "type": "pattern_replace",
                "pattern": r"(?<=\p{L})\.(?=\p{L})",
                "replacement": "",
            },
        },
        "filter": {
            "english_possessive": {"type": "stemmer", "language": "possessive_english"},
            "newsarchive_stop": {"type": "stop", "stopwords": sorted(STOP_WORDS)},
            "english_snowball": {"type": "snowball", "language": "English"},
        },
        "analyzer": {
            "newsarchive_english": {
                "type": "custom",
                "char_filter": char_filters,
                "tokenizer": "standard",
                "filter": [*folding, "newsarchive_stop", "english_snowball"],
            },
            "newsarchive_exact": {
                "type": "custom",
                "char_filter": char_filters,
                "tokenizer": "standard",
                "filter": folding,
            },
        },
        "normalizer": {
            "folded": {"type": "custom", "filter": ["lowercase", "asciifolding"]},
        },
    }


def mapping() -> dict[str, Any]:
    """Return the index mapping: our schema's fields in OpenSearch terms."""
    stemmed = {"type": "text", "analyzer": "newsarchive_english", "copy_to": "exact"}
    return {
        "dynamic": "strict",
        "_meta": {
            "newsarchive": {
                "title_boost": TITLE_BOOST,
                "facets": ["countries", "regions", "topics", "source", "year"],
                "collapse_field": "collapse_key",
            }
        },
        "properties": {
            "id": _KEYWORD,
            "title": stemmed,
            "body": stemmed,
            # title + body folded but unstemmed, stop words kept: "phrases" (match_phrase)
            "exact": {"type": "text", "analyzer": "newsarchive_exact"},
            "author": {
                "type": "text",
                "analyzer": "newsarchive_exact",
                "fields": {"keyword": _KEYWORD},
            },
            "url": _STORED_ONLY,
            "path": _STORED_ONLY,
            "date": {"type": "date", "format": "yyyy-MM-dd"},
            "year": _KEYWORD,
            "source": {
                "type": "keyword",
                "fields": {"folded": {**_KEYWORD, "normalizer": "folded"}},
            },
            "countries": _KEYWORD,
            "regions": _KEYWORD,
            "topics": _KEYWORD,
            "group": _KEYWORD,
            "collapse_key": _KEYWORD,
            "provenance": _UNINDEXED_OBJECT,
            "source_meta": _UNINDEXED_OBJECT,
        },
    }


def index_template(name: str) -> dict[str, Any]:
    """Return the composable index template for indexes named ``name`` or ``name-*``."""
    return {
        "index_patterns": [name, f"{name}-*"],
        "priority": 100,
        "template": {
            "settings": {
                "number_of_shards": 1,
                "number_of_replicas": 1,
                "analysis": analysis_settings(),
            },
            "mappings": mapping(),
        },
    }


def bulk_document(stored: dict[str, Any]) -> dict[str, Any]:
    """Return the bulk source of one article from its stored fields."""
    data = from_stored(stored).to_dict()
    data["year"] = data["date"][:4] if data["date"] else None
    data["collapse_key"] = data["group"] or data["id"]
    return data


def export_opensearch(
    settings: Settings, out_dir: Path, name: str = "newsarchive", chunk_bytes: int = 0
) -> dict[str, Any]:
    """Write the template, the bulk files and the manifest; return the manifest."""
    generation = store.current_generation(settings.index_dir)
    if generation is None or not whoosh_index.exists_in(str(generation)):
        raise IndexMissing(f"No index at {settings.index_dir}. Run `newsarchive rebuild` first.")
    _prepare(out_dir)
    (out_dir / TEMPLATE_FILE).write_text(json.dumps(index_template(name), indent=1) + "\n")
    with whoosh_index.open_dir(str(generation)).reader() as reader:
        lines = _bulk_lines(reader.all_stored_fields(), name)
        files, articles = _write_chunks(lines, out_dir, chunk_bytes or DEFAULT_CHUNK_BYTES)
    manifest = {
        "index": name,
        "generation": generation.name,
        "articles": articles,
        "template": TEMPLATE_FILE,
        "bulk": files,
        "load": _load_commands(name, files),
    }
    (out_dir / MANIFEST_FILE).write_text(json.dumps(manifest, indent=1) + "\n")
    return manifest


def _prepare(out_dir: Path) -> None:
    """Create ``out_dir``; an earlier export there is replaced, anything else is refused."""
    if out_dir.exists() and not out_dir.is_dir():
        raise AppError(f"{out_dir} is a file; give a folder to export into.")
    out_dir.mkdir(parents=True, exist_ok=True)
    previous = out_dir / MANIFEST_FILE
    if not previous.exists():
        if any(out_dir.iterdir()):
            raise AppError(f"{out_dir} is not empty; export into a new or empty folder.")
        return
    try:
        old = json.loads(previous.read_text(encoding="utf-8"))
        names = [old["template"], *old["bulk"], MANIFEST_FILE]
    except (ValueError, KeyError, TypeError) as error:
        raise AppError(f"{previous} is not a newsarchive export manifest.") from error
    for file_name in names:
        (out_dir / Path(file_name).name).unlink(missing_ok=True)


def _bulk_lines(all_stored: Any, name: str) -> Iterator[str]:
    """Yield action + source line pairs (one string per article)."""
    for stored in all_stored:
        document = bulk_document(stored)
        action = {"index": {"_index": name, "_id": document["id"]}}
        yield (
            json.dumps(action, ensure_ascii=False)
            + "\n"
            + json.dumps(document, ensure_ascii=False)
            + "\n"
        )


def _write_chunks(lines: Iterator[str], out_dir: Path, chunk_bytes: int) -> tuple[list[str], int]:
    """Write the line pairs into files of at most ``chunk_bytes`` (one pair at least)."""
    files: list[str] = []
    handle: TextIO | None = None
    size = articles = 0
    try:
        for pair in lines:
            length = len(pair.encode("utf-8"))
            if handle is None or size + length > chunk_bytes:
                if handle is not None:
                    handle.close()
                files.append(f"bulk-{len(files) + 1:04d}.ndjson")
                handle = (out_dir / files[-1]).open("w", encoding="utf-8")
                size = 0
            handle.write(pair)
            size += length
            articles += 1
    finally:
        if handle is not None:
            handle.close()
    return files, articles


def _load_commands(name: str, files: list[str]) -> list[str]:
    host = "http://localhost:9200"
    json_header = "-H 'Content-Type: application/json'"
    bulk_header = "-H 'Content-Type: application/x-ndjson'"
    commands = [f"curl -XPUT {host}/_index_template/{name} {json_header} -d @{TEMPLATE_FILE}"]
    commands += [f"curl -XPOST {host}/_bulk {bulk_header} --data-binary @{f}" for f in files]
    return commands
