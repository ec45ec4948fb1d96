"""Where an index's bytes go: each segment's files, and each field's postings and terms.

    .venv/bin/python -m bench.index_bytes /tmp/newsarchive-scale/index-10x/CURRENT

Prints one table: the stored fields, the term table, the columns (facets, lengths) and the
postings of each field (posting lists read through their term infos), in MB summed over the
segments, with each row's share and bytes per article. ``bench/RESULTS.md`` ("Index bytes")
records it before and after the size cuts of issue #16.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

from whoosh import index as whoosh_index

import indexer.codec  # noqa: F401  (whoosh reads the index files in place)


def file_bytes(segment: object, storage: object) -> Counter[str]:
    """Return bytes per kind of file in one segment's compound file."""
    found: Counter[str] = Counter()
    compound = segment.open_compound_file(storage)  # type: ignore[attr-defined]
    for name, info in compound._dir.items():
        kind = name.split(".", 1)[1]  # "pst", "trm", "_stored.col", "countries.col", ...
        if kind.endswith(".col") and not kind.startswith("_stored"):
            kind = "columns (facets, sorting, lengths)"
        found[kind] += info["length"]
    compound.close()
    return found


def posting_bytes(leaf: object) -> Counter[str]:
    """Return the bytes of each field's posting lists in one segment."""
    terms = leaf._terms  # type: ignore[attr-defined]
    found: Counter[str] = Counter()
    for field, text in terms.terms():
        info = terms.term_info(field, text)
        if not info.is_inlined():
            _offset, (length, *_rest) = info.extent()
            found[field] += length
    return found


def breakdown(folder: Path) -> tuple[Counter[str], int]:
    """Return bytes per row of the table and the number of articles."""
    index = whoosh_index.open_dir(str(folder))
    rows: Counter[str] = Counter()
    with index.reader() as reader:
        for leaf, _offset in reader.leaf_readers():
            files = file_bytes(leaf.segment(), index.storage)
            fields = posting_bytes(leaf)
            rows["stored fields"] += files.pop("_stored.col", 0)
            rows["term table"] += files.pop("trm", 0)
            files.pop("pst", 0)
            rows.update({f"postings: {name}": size for name, size in fields.items()})
            rows.update(files)
        return rows, reader.doc_count()


def main(argv: list[str]) -> None:
    """Print the table for the index generation named on the command line."""
    rows, articles = breakdown(Path(argv[0]))
    total = sum(rows.values())
    print(f"{articles:,} articles, {total / 1e6:,.1f} MB")
    print("| part | MB | share | bytes an article |\n| --- | ---: | ---: | ---: |")
    for name, size in rows.most_common():
        if size >= total / 1000:
            print(f"| {name} | {size / 1e6:,.1f} | {size / total:.1%} | {size / articles:,.0f} |")


if __name__ == "__main__":
    main(sys.argv[1:])
