"""Corpus paths -> the supported files under them (``find_files``), in a stable order.

Each file gets its kind from its name (``kind_of``) and its path relative to the corpus root it
was found under (which gives ``Article.path`` and the ids of one-article files). Hidden files
and folders, README/LICENSE-like files and other kinds are left out; a file that cannot be
opened becomes a Skip.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from indexer.article import Skip
from newsarchive.errors import SourceMissing

# Files that ship with corpora but are not articles (README.txt next to the data).
_NOT_ARTICLES = ("readme", "license", "licence", "copying", "changelog", "notice")

_KINDS = {
    ".sgm": "sgml",
    ".html": "html",
    ".htm": "html",
    ".html.gz": "html",
    ".htm.gz": "html",
    ".txt": "txt",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
}


@dataclass(frozen=True)
class SourceFile:
    """A supported file found under a corpus root."""

    path: Path  # where to open it
    rel_path: str  # relative to the corpus root, with "/" (gives Article.path and one-file ids)
    kind: str
    size: int


def kind_of(name: str) -> str | None:
    """Return the reader kind for a file name, or None when it is not a supported kind.

    >>> kind_of("a/b.HTM.gz"), kind_of("x.sgm"), kind_of("notes.md")
    ('html', 'sgml', None)
    """
    lower = name.lower()
    for suffix, kind in _KINDS.items():
        if lower.endswith(suffix):
            return kind
    return None


def find_files(paths: Iterable[Path]) -> tuple[list[SourceFile], list[Skip], int]:
    """Walk the corpus paths; return (supported files, unreadable ones, count of others ignored).

    Every path must exist (``SourceMissing`` otherwise, before anything is read). A path that
    is a file is its own root: its ``rel_path`` is its name.
    """
    paths = list(paths)
    require_paths(paths)
    files: list[SourceFile] = []
    skips: list[Skip] = []
    ignored = 0
    for root in paths:
        entries = [(root, root.name)] if not root.is_dir() else _walk(root, skips)
        for path, rel in entries:
            found = _source_file(path, rel, skips)
            if found is None:
                ignored += 1
            elif isinstance(found, SourceFile):
                files.append(found)
    return files, skips, ignored


def require_paths(paths: Iterable[Path]) -> None:
    """Raise SourceMissing naming every corpus path that does not exist."""
    missing = [str(p) for p in paths if not p.exists() and not p.is_symlink()]
    if missing:
        raise SourceMissing(
            f"Corpus path not found: {', '.join(missing)}. Check the path and try again."
        )


def _walk(root: Path, skips: list[Skip]) -> Iterator[tuple[Path, str]]:
    def report(error: OSError) -> None:
        where = Path(error.filename or root)
        rel = where.relative_to(root).as_posix() if where.is_relative_to(root) else str(where)
        skips.append(Skip(rel, f"cannot read folder ({error.strerror or error})"))

    for folder, dirnames, filenames in os.walk(root, onerror=report, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        base = Path(folder)
        for name in sorted(filenames):
            if not name.startswith("."):
                path = base / name
                yield path, path.relative_to(root).as_posix()


def _source_file(path: Path, rel: str, skips: list[Skip]) -> SourceFile | Skip | None:
    kind = kind_of(path.name)
    if kind is None or path.name.lower().startswith(_NOT_ARTICLES):
        return None
    try:
        stat = path.stat()
    except OSError as error:
        skip = Skip(rel, os_reason(error, path))
        skips.append(skip)
        return skip
    if not path.is_file():
        skip = Skip(rel, "not a regular file")
        skips.append(skip)
        return skip
    return SourceFile(path, rel, kind, stat.st_size)


def os_reason(error: OSError, path: Path) -> str:
    """Return a one-line reason for an OSError on a corpus file."""
    if path.is_symlink() and not path.exists():
        return "cannot read: broken symbolic link"
    return f"cannot read ({error.strerror or error})"
