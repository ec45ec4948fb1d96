"""Error handlers: user errors become 4xx/503 pages or JSON; anything else a logged 500.

JSON routes (``/api/*``, ``/healthz``) answer ``{"error": "<sentence>"}``; pages render
``errors/error.html`` with the same sentence and the search box still holding the query.
"""

from __future__ import annotations

import logging

from flask import Flask, jsonify, render_template, request
from werkzeug.exceptions import HTTPException, SecurityError

from newsarchive.errors import AppError, ArticleNotFound, IndexLocked, IndexMissing, QueryError

logger = logging.getLogger(__name__)

STATUS = {QueryError: 400, ArticleNotFound: 404, IndexMissing: 503, IndexLocked: 503}
TITLES = {
    400: "Cannot run this search",
    404: "Not found",
    405: "Method not allowed",
    413: "Request too large",
    503: "The archive is not ready",
    500: "Something went wrong",
}
GENERIC_500 = "Something went wrong on our side. The error has been logged; please try again."
NO_INDEX = "The archive has no index yet: run `newsarchive rebuild`."
UNKNOWN_HOST = "This server does not answer for that host name."


def public_message(error: AppError) -> str:
    """Return what a client may read of an error: a missing index is named without its server
    path (the log keeps the whole message)."""
    return NO_INDEX if isinstance(error, IndexMissing) else str(error)


def _wants_json() -> bool:
    return request.path.startswith("/api/") or request.path == "/healthz"


def _respond(status: int, message: str, hint: str | None = None):
    if _wants_json():
        response = jsonify(error=message)
    else:
        response = render_template(
            "errors/error.html",
            status=status,
            title=TITLES.get(status, "Error"),
            message=message,
            hint=hint,
            q=request.args.get("q", "")[:1000],
        )
    return response, status


def handle_app_error(error: AppError):
    """Turn a user-facing error into its status code, with its message."""
    status = next((code for cls, code in STATUS.items() if isinstance(error, cls)), 400)
    hint = None
    if isinstance(error, IndexMissing):
        hint = "No index yet: run `newsarchive rebuild` and reload this page."
        logger.warning("%s", error)
    return _respond(status, public_message(error), hint)


def handle_http_error(error: HTTPException):
    """Render werkzeug's errors (unknown URL, wrong method) in the site's style."""
    if isinstance(error, SecurityError):  # an untrusted Host: no URL can be built for it
        return jsonify(error=UNKNOWN_HOST), 400
    if error.code == 404:
        message = "There is no page at this address."
    else:
        message = error.description or error.name
    return _respond(error.code or 500, message)


def handle_unexpected(error: Exception):
    """Log a bug with its traceback; show a generic message, never the traceback."""
    logger.exception("unhandled error on %s %s", request.method, request.path, exc_info=error)
    return _respond(500, GENERIC_500)


def register(app: Flask) -> None:
    """Install the handlers on ``app``."""
    app.register_error_handler(AppError, handle_app_error)
    app.register_error_handler(HTTPException, handle_http_error)
    app.register_error_handler(Exception, handle_unexpected)
