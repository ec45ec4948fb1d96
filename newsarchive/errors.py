"""User-facing errors: each carries a one-sentence message that names the problem and the fix.

Library code raises these; the CLI turns them into "Error: ..." and exit 1, the web layer into a
4xx page or a JSON ``{"error": ...}``. Anything else is a bug and keeps its traceback.
"""


class AppError(Exception):
    """An error the user can act on; ``str(error)`` is the message shown to them."""


class IndexMissing(AppError):
    """There is no index where one was expected."""


class IndexLocked(AppError):
    """Another process is writing the index."""


class SourceMissing(AppError):
    """A corpus path given by the user does not exist."""


class QueryError(AppError):
    """A query or a search parameter cannot be understood."""


class BadParameter(QueryError):
    """A search parameter is malformed (``page=0``, ``from=1987-13-01``): bad usage, CLI exit 2."""


class UnknownValue(QueryError):
    """A filter names a value that does not exist (``country=XX``): bad usage, CLI exit 2.

    ``facet`` and ``value`` name it, so a page can drop it and say so instead of failing.
    """

    def __init__(self, message: str, facet: str, value: str) -> None:
        super().__init__(message)
        self.facet = facet
        self.value = value


class ArticleNotFound(AppError):
    """No article has the requested id."""


class SearchTooCostly(AppError):
    """A search needs more work than one request may take."""


class WhooshMismatch(AppError):
    """The installed whoosh3 is not the release the index format code was checked against."""
