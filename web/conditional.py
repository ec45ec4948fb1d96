"""Conditional GET: pages and API answers carry an ETag; a revalidation that matches is a 304.

A response depends only on its URL, the index generation and the app's own templates and
static files, so the ETag hashes those three; revisiting a page (back button, reload) costs
one ``readlink`` instead of a search. A rebuild's swap changes every ETag.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from flask import Flask, Response, current_app, g, request

CACHEABLE = {
    "pages.home",
    "pages.search_page",
    "pages.article_page",
    "api.api_search",
    "api.api_article",
    "downloads.feed_atom",  # feed readers poll: a 304 until a rebuild changes the index
}
WEB_DIR = Path(__file__).resolve().parent


def code_version() -> str:
    """Return a hash of the templates and static files (the same in every worker)."""
    digest = hashlib.sha256()
    for path in sorted(WEB_DIR.glob("templates/**/*")) + sorted(WEB_DIR.glob("static/**/*")):
        if path.is_file():
            digest.update(path.relative_to(WEB_DIR).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _check_not_modified() -> Response | None:
    if request.method not in ("GET", "HEAD") or request.endpoint not in CACHEABLE:
        return None
    generation = current_app.extensions["engine"].generation
    if generation is None:
        return None
    # the feed is a page or Atom by the Accept header (Vary: Accept): a tag per variant
    accept = request.headers.get("Accept", "") if request.endpoint == "downloads.feed_atom" else ""
    tag = f"{current_app.config['CODE_VERSION']}|{generation}|{request.full_path}|{accept}"
    g.etag = hashlib.sha256(tag.encode()).hexdigest()[:24]
    if g.etag in request.if_none_match:
        response = Response(status=304)
        response.set_etag(g.etag)
        return response
    return None


def _add_etag(response: Response) -> Response:
    etag = g.pop("etag", None)
    if etag and response.status_code == 200:
        response.set_etag(etag)
    return response


def register(app: Flask) -> None:
    """Install the ETag hooks on ``app``."""
    app.config["CODE_VERSION"] = code_version()
    app.before_request(_check_not_modified)
    app.after_request(_add_etag)
