"""What a rebuild or an add did (``IndexReport``): counts, skipped files, time and size."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from indexer.article import Skip


@dataclass
class IndexReport:
    """What a rebuild or an add did: counts, skipped files with reasons, time and size."""

    files: int = 0
    read: int = 0  # articles extracted
    indexed: int = 0  # rebuild: articles in the new index; add: articles written
    replaced: int = 0  # add: articles that replaced one with the same id
    duplicate_ids: int = 0
    duplicate_bodies: int = 0
    skipped: list[Skip] = field(default_factory=list)
    ignored_files: int = 0  # files left out (other kinds, documentation, excluded)
    left_out: Counter[str] = field(default_factory=Counter)  # ... per reason
    seconds: float = 0.0
    index_bytes: int = 0
    generation: str | None = None
    unchanged: bool = False  # add: nothing to write, no generation published

    def walked(self, files: int, skips: list[Skip], left_out: Counter[str]) -> None:
        """Record what walking the corpus found: files to read, unreadable, left out."""
        self.files = files
        self.skipped.extend(skips)
        self.left_out = Counter(left_out)
        self.ignored_files = sum(left_out.values())

    @property
    def duplicates(self) -> int:
        """Articles not indexed because another one had the same id or body."""
        return self.duplicate_ids + self.duplicate_bodies

    def to_dict(self) -> dict[str, Any]:
        """Return the report as plain JSON-ready values."""
        return {
            "files": self.files,
            "read": self.read,
            "indexed": self.indexed,
            "replaced": self.replaced,
            "duplicates": self.duplicates,
            "duplicate_ids": self.duplicate_ids,
            "duplicate_bodies": self.duplicate_bodies,
            "skipped": [str(skip) for skip in self.skipped],
            "ignored_files": self.ignored_files,
            "left_out": dict(self.left_out),
            "seconds": round(self.seconds, 2),
            "index_bytes": self.index_bytes,
            "generation": self.generation,
            "unchanged": self.unchanged,
        }
