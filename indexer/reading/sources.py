"""Corpus paths -> the supported files under them (``find_files``), in a stable order.

Each file gets its kind from its name (``kind_of``), its path relative to the corpus root it
was found under (which gives ``Article.path`` and the ids of one-article files) and the source
its articles get when they name none: the root's name given as ``NAME=PATH``, else the corpus
folder's name (``CorpusRules``). Left out, and counted per reason: hidden files and folders
(not counted), other kinds, documentation shipped beside the data (README/LICENSE-like names,
data descriptions and category lists), files matching ``--exclude`` globs or the root's
``.newsarchiveignore`` (gitignore syntax). A file that cannot be opened becomes a Skip.

Nothing outside a corpus root is read through it: a symbolic link to a file elsewhere, and any
link to a folder, is skipped with its reason (a link to a file inside the root is read as that
file). Folders nested more than ``MAX_FOLDER_DEPTH`` deep are skipped too. The walk is a loop,
not a recursion, so no depth of folders can crash it.
"""

from __future__ import annotations

import errno
import gzip
import os
import re
import stat
import zlib
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from pathspec import GitIgnoreSpec

from indexer.article import Skip
from newsarchive.errors import SourceMissing

IGNORE_FILE = ".newsarchiveignore"
MAX_FOLDER_DEPTH = 64  # folders below a corpus root; deeper ones are skipped
# Files that ship with corpora but are not articles (README.txt next to the data).
_NOT_ARTICLES = ("readme", "license", "licence", "copying", "changelog", "notice")
# ... and data descriptions and category lists (Reuters' cat-descriptions_120396.txt).
_DOCUMENTATION = re.compile(
    r"(^|[-_. ])(descriptions?|categories|category[-_ ]list|codebook|datasheet|manifest)"
    r"([-_. ]|$)"
)
# Why a file was left out (the keys of ``find_files``' counter, shown in build summaries).
UNSUPPORTED, DOCUMENTATION = "unsupported kind", "documentation, not news"
LINK_LOOP = "cannot read: symbolic link in a loop"
EXCLUDED, IGNORED = "--exclude", IGNORE_FILE


@dataclass(frozen=True)
class CorpusRules:
    """What the command line adds to the corpus paths: source names and exclude globs."""

    names: Mapping[Path, str] = field(default_factory=dict)  # corpus path as given -> source
    excludes: tuple[str, ...] = ()  # gitignore-style globs, matched under each corpus root


def parse_corpus(value: str) -> tuple[Path, str | None]:
    """Return the path and source name of a ``--corpus`` value: ``PATH`` or ``NAME=PATH``.

    An existing path that holds ``=`` is a path; a name is at most 100 characters.

    >>> parse_corpus("Reuters=~/wires"), parse_corpus("corpus")
    ((PosixPath('~/wires'), 'Reuters'), (PosixPath('corpus'), None))
    """
    name, sep, rest = value.partition("=")
    if not sep or not name.strip() or not rest or Path(value).exists() or len(name) > 100:
        return Path(value), None
    return Path(rest), name.strip()


def default_source(root: Path) -> str:
    """Return the source of a corpus root's articles that name none: its folder's name."""
    folder = root if root.is_dir() else root.parent
    return folder.resolve().name or str(folder)


_KINDS = {
    ".sgm": "sgml",
    ".sgml": "sgml",
    ".html": "html",
    ".htm": "html",
    ".html.gz": "html",
    ".htm.gz": "html",
    ".txt": "txt",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".sgm.gz": "sgml",
    ".sgml.gz": "sgml",
    ".jsonl.gz": "jsonl",
    ".ndjson.gz": "jsonl",
    ".json": "json",
    ".json.gz": "json",
}


@dataclass(frozen=True)
class SourceFile:
    """A supported file found under a corpus root."""

    path: Path  # where to open it
    rel_path: str  # relative to the corpus root, with "/" (gives Article.path and one-file ids)
    kind: str
    size: int
    source: str | None = None  # for articles that name none (or every article, if ``named``)
    named: bool = False  # the source was named on the command line (NAME=PATH)


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


_SGML_HEAD = re.compile(rb"^\s*(?:<!DOCTYPE[^>]{0,200}>\s*)?<(?:DOC[\s>]|REUTERS\b)")


def open_regular_path(path: Path, follow_links: bool = True) -> IO[bytes]:
    """Open a corpus file for reading, refusing what is not a regular file without waiting on
    it: ``O_NONBLOCK`` so a FIFO cannot hang the open, the opened file itself checked to be
    regular; ``follow_links=False`` (``O_NOFOLLOW``) refuses a link too."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)
    if not follow_links:
        flags |= getattr(os, "O_NOFOLLOW", 0)
    descriptor = os.open(path, flags)
    if not stat.S_ISREG(os.fstat(descriptor).st_mode):
        os.close(descriptor)
        raise OSError(errno.EINVAL, "not a regular file")
    return os.fdopen(descriptor, "rb")


def sniff_sgml(path: Path) -> str | None:
    """Return "sgml" for a wire archive named without a kind, as TREC's files are ("ap880212",
    Gigaword's "afp_eng_199405.gz"): no extension, or ".gz" alone, and ``<DOC>`` or
    ``<REUTERS`` first in it. Other files are not guessed at."""
    name = path.name.lower()
    stem = name[: -len(".gz")] if name.endswith(".gz") else name
    if "." in stem or not stem:
        return None
    try:
        with open_regular_path(path) as raw:  # a named pipe is refused, never waited on
            head = gzip.GzipFile(fileobj=raw).read(4096) if name.endswith(".gz") else raw.read(4096)
    except (OSError, EOFError, zlib.error):
        return None
    return "sgml" if _SGML_HEAD.match(head) else None


def find_files(
    paths: Iterable[Path], rules: CorpusRules | None = None
) -> tuple[list[SourceFile], list[Skip], Counter[str]]:
    """Walk the corpus paths; return (supported files, unreadable ones, files left out per
    reason).

    Every path must exist (``SourceMissing`` otherwise, before anything is read). A path that
    is a file is its own root: its ``rel_path`` is its name.
    """
    rules = rules or CorpusRules()
    paths = list(paths)
    require_paths(paths)
    files: list[SourceFile] = []
    skips: list[Skip] = []
    left_out: Counter[str] = Counter()
    for root in paths:
        named = rules.names.get(root)
        source = named or default_source(root)
        excluded = _exclusions(root, rules.excludes)
        try:
            inside = root.resolve()
        except (OSError, RuntimeError):  # RuntimeError: a loop of links (Python < 3.13)
            skips.append(Skip(root.name, LINK_LOOP))
            continue
        entries = [(inside, root.name)] if not root.is_dir() else _walk(root, skips)
        for path, rel in entries:
            reason = next((why for why, spec in excluded if spec.match_file(rel)), None)
            found = _source_file(path, rel, inside, skips) if reason is None else reason
            if isinstance(found, str):
                left_out[found] += 1
            elif isinstance(found, SourceFile):
                files.append(
                    SourceFile(found.path, rel, found.kind, found.size, source, bool(named))
                )
    return files, skips, left_out


def _exclusions(root: Path, globs: tuple[str, ...]) -> list[tuple[str, GitIgnoreSpec]]:
    """Return the root's exclusion rules: the ``--exclude`` globs, then its ignore file."""
    rules = [(EXCLUDED, GitIgnoreSpec.from_lines(globs))] if globs else []
    ignore_file = root / IGNORE_FILE
    if root.is_dir() and ignore_file.is_file():
        lines = ignore_file.read_text(encoding="utf-8", errors="replace").splitlines()
        rules.append((IGNORED, GitIgnoreSpec.from_lines(lines)))
    return rules


def require_paths(paths: Iterable[Path]) -> None:
    """Raise SourceMissing naming every corpus path that does not exist."""
    missing = [str(p) for p in paths if not p.exists() and not p.is_symlink()]
    if missing:
        raise SourceMissing(
            f"Corpus path not found: {', '.join(missing)}. Check the path and try again."
        )


def _walk(root: Path, skips: list[Skip]) -> Iterator[tuple[Path, str]]:
    """Yield (file, path relative to root) top-down in name order: a folder's files, then its
    sub-folders'; unreadable, linked and too-deep folders become skips."""
    stack = [(root, 0)]
    while stack:
        folder, depth = stack.pop()
        rel_folder = folder.relative_to(root).as_posix()
        try:
            with os.scandir(folder) as scan:
                entries = sorted((e for e in scan if not e.name.startswith(".")), key=_name)
        except OSError as error:
            skips.append(Skip(rel_folder, f"cannot read folder ({error.strerror or error})"))
            continue
        subfolders = []
        for entry in entries:
            path, rel = Path(entry.path), f"{rel_folder}/{entry.name}".removeprefix("./")
            if entry.is_dir(follow_symlinks=False):
                if depth >= MAX_FOLDER_DEPTH:
                    skips.append(Skip(rel, f"folder nested over {MAX_FOLDER_DEPTH} deep: not read"))
                else:
                    subfolders.append(path)
            elif entry.is_symlink() and _links_to_folder(entry):
                skips.append(Skip(rel, "symbolic link to a folder: not followed"))
            else:
                yield path, rel
        stack.extend((path, depth + 1) for path in reversed(subfolders))


def is_documentation(name: str) -> bool:
    """Tell whether a file name is one of a dataset's documentation files, not news.

    >>> is_documentation("cat-descriptions_120396.txt"), is_documentation("README.txt")
    (True, True)
    >>> is_documentation("police-describe-suspect.txt")
    False
    """
    lower = name.lower()
    return lower.startswith(_NOT_ARTICLES) or bool(_DOCUMENTATION.search(lower.split(".")[0]))


def _name(entry: os.DirEntry) -> str:
    return entry.name


def _links_to_folder(entry: os.DirEntry) -> bool:
    try:
        return entry.is_dir()
    except OSError:  # a link in a loop: the file's own check reports it
        return False


def _source_file(path: Path, rel: str, root: Path, skips: list[Skip]) -> SourceFile | Skip | str:
    name = rel.rpartition("/")[2]  # a link given as the corpus: its own name, not its target's
    kind = kind_of(name) or sniff_sgml(path)
    if kind is None:
        return UNSUPPORTED
    if is_documentation(name):
        return DOCUMENTATION
    if path.is_symlink():
        try:
            target = path.resolve()
        except (OSError, RuntimeError):  # RuntimeError: a loop of links (Python < 3.13)
            skips.append(Skip(rel, LINK_LOOP))
            return skips[-1]
        reason = None
        if not target.exists():
            reason = "cannot read: broken symbolic link"
        elif not target.is_relative_to(root):
            reason = "symbolic link to a file outside the corpus folder: not read"
        if reason:
            skips.append(Skip(rel, reason))
            return skips[-1]
        path = target
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
    if error.errno == errno.ELOOP:
        return "became a symbolic link after the folder was read: not read"
    return f"cannot read ({error.strerror or error})"
