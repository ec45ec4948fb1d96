"""Settings: every tunable of newsarchive in one frozen dataclass, each default declared once.

Built in two places only: ``newsarchive/cli.py`` (from flags) and ``Settings.from_env()`` (for
``web/wsgi.py``). Everything below the entry points receives it as an argument.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_INDEX_DIR = PROJECT_ROOT / "var" / "index"
DEFAULT_CORPUS_DIR = PROJECT_ROOT / "corpus"
INDEX_ENV = "NEWSARCHIVE_INDEX"


def _default_index_dir() -> Path:
    return Path(os.environ.get(INDEX_ENV) or DEFAULT_INDEX_DIR)


@dataclass(frozen=True)
class Settings:
    """Runtime configuration; ``help`` metadata documents each field."""

    index_dir: Path = field(
        default_factory=_default_index_dir,
        metadata={"help": "index folder (env NEWSARCHIVE_INDEX, else var/index in the project)"},
    )
    source_dirs: tuple[Path, ...] = field(
        default=(DEFAULT_CORPUS_DIR,), metadata={"help": "corpus folders read by rebuild"}
    )
    workers: int = field(default=1, metadata={"help": "extraction processes for rebuild"})
    page_size: int = field(default=10, metadata={"help": "results per page"})
    max_page_size: int = field(default=100, metadata={"help": "largest per_page accepted"})
    snippet_chars: int = field(default=240, metadata={"help": "length of a snippet fragment"})
    facet_limit: int = field(default=20, metadata={"help": "values shown per facet"})
    max_query_chars: int = field(default=1000, metadata={"help": "longest query accepted"})
    max_page: int = field(default=1000, metadata={"help": "highest page number accepted"})

    @classmethod
    def from_env(cls) -> Settings:
        """Build settings for the web app from the environment (``NEWSARCHIVE_INDEX``)."""
        return cls(index_dir=_default_index_dir())

    @classmethod
    def describe(cls) -> dict[str, str]:
        """Return each setting's help text, by name."""
        return {f.name: f.metadata.get("help", "") for f in fields(cls)}
