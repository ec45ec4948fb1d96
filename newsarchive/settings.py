"""Settings: every tunable of newsarchive in one frozen dataclass, each default declared once.

Built in two places only: ``newsarchive/cli.py`` (from flags) and ``Settings.from_env()`` (for
``web/wsgi.py``). Everything below the entry points receives it as an argument.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields
from pathlib import Path

INDEX_ENV = "NEWSARCHIVE_INDEX"
# Defaults are relative to the working directory (a project checkout, or wherever the archive
# is kept), never to this file: an installed package must not write into site-packages.
INDEX_DIR = Path("var", "index")
CORPUS_DIR = Path("corpus")
PUBLIC_URL_ENV = "NEWSARCHIVE_PUBLIC_URL"
TRUSTED_HOSTS_ENV = "NEWSARCHIVE_TRUSTED_HOSTS"
LOCAL_HOSTS = ("localhost", "127.0.0.1", "::1")


def default_index_dir() -> Path:
    """Return ``$NEWSARCHIVE_INDEX``, else ``var/index`` under the working directory."""
    return Path(os.environ.get(INDEX_ENV) or Path.cwd() / INDEX_DIR)


def default_corpus_dirs() -> tuple[Path, ...]:
    """Return ``corpus/`` under the working directory."""
    return (Path.cwd() / CORPUS_DIR,)


def default_workers() -> int:
    """Return the number of cores, at most 4 (more only adds memory on common machines)."""
    return min(4, os.cpu_count() or 1)


@dataclass(frozen=True)
class Settings:
    """Runtime configuration; ``help`` metadata documents each field."""

    index_dir: Path = field(
        default_factory=default_index_dir,
        metadata={"help": "index folder (env NEWSARCHIVE_INDEX, else ./var/index)"},
    )
    source_dirs: tuple[Path, ...] = field(
        default_factory=default_corpus_dirs,
        metadata={"help": "corpus folders read by rebuild (default ./corpus)"},
    )
    source_names: tuple[tuple[Path, str], ...] = field(
        default=(), metadata={"help": "source named for a corpus path (--corpus NAME=PATH)"}
    )
    excludes: tuple[str, ...] = field(
        default=(), metadata={"help": "gitignore-style globs of corpus files to leave out"}
    )
    workers: int = field(
        default_factory=default_workers,
        metadata={"help": "processes that extract, tag and write (cores, at most 4)"},
    )
    page_size: int = field(default=10, metadata={"help": "results per page"})
    max_page_size: int = field(default=100, metadata={"help": "largest per_page accepted"})
    snippet_chars: int = field(default=240, metadata={"help": "length of a snippet fragment"})
    facet_limit: int = field(default=20, metadata={"help": "values shown per facet"})
    max_query_chars: int = field(default=1000, metadata={"help": "longest query accepted"})
    max_page: int = field(default=1000, metadata={"help": "highest page number accepted"})
    public_url: str | None = field(
        default=None,
        metadata={"help": "scheme and host of absolute links, e.g. https://news.example "
                  "(env NEWSARCHIVE_PUBLIC_URL); without it they use the request's Host"},
    )  # fmt: skip
    trusted_hosts: tuple[str, ...] = field(
        default=LOCAL_HOSTS,
        metadata={"help": "Host headers answered when public_url is unset "
                  "(env NEWSARCHIVE_TRUSTED_HOSTS, comma-separated); others get a 400"},
    )  # fmt: skip

    @classmethod
    def from_env(cls) -> Settings:
        """Build settings for the web app from the environment (``NEWSARCHIVE_INDEX``,
        ``NEWSARCHIVE_PUBLIC_URL``, ``NEWSARCHIVE_TRUSTED_HOSTS``)."""
        hosts = os.environ.get(TRUSTED_HOSTS_ENV, "")
        return cls(
            index_dir=default_index_dir(),
            public_url=os.environ.get(PUBLIC_URL_ENV, "").strip().rstrip("/") or None,
            trusted_hosts=tuple(h.strip() for h in hosts.split(",") if h.strip()) or LOCAL_HOSTS,
        )

    @classmethod
    def describe(cls) -> dict[str, str]:
        """Return each setting's help text, by name."""
        return {f.name: f.metadata.get("help", "") for f in fields(cls)}
