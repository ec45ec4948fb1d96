"""Blueprint "api": the JSON search document, articles as JSON, and the health check."""

from __future__ import annotations

import logging

from flask import Blueprint, Response, current_app, jsonify, request

from newsarchive.errors import AppError
from search import SearchRequest
from web.downloads import explain_search
from web.errors import public_message
from web.params import parse_search
from web.results_cache import request_key

logger = logging.getLogger(__name__)
bp = Blueprint("api", __name__)


@bp.get("/api/search")
def api_search():
    """Return the contract's search document; a bad parameter is a 400 with {"error": ...}."""
    settings = current_app.config["SETTINGS"]
    search_request = parse_search(request.args.to_dict(flat=False), settings)
    explain = request.args.get("explain", "").lower() in ("1", "true", "yes", "on")
    # The document depends only on the request and the index generation: encoded once per both.
    key = ("api", request_key(search_request), explain)
    body = current_app.extensions["bodies"].get(key, lambda: _document(search_request, explain))
    return Response(body, mimetype="application/json")


def _document(search_request: SearchRequest, explain: bool) -> bytes:
    """Return the JSON search document of a validated request, as ``jsonify`` writes it."""
    results = current_app.extensions["cache"].search(search_request)
    data = results.to_dict()
    if explain:
        data["explain"] = explain_search(search_request)
    return f"{current_app.json.dumps(data)}\n".encode()


@bp.get("/api/article/<article_id>")
def api_article(article_id: str):
    """Return one article as the contract's article object; unknown id is a 404."""
    article = current_app.extensions["engine"].get_article(article_id)
    return jsonify(article.to_dict())


@bp.get("/healthz")
def healthz():
    """Return 200 with the article count when the index is open and readable, else 503."""
    try:
        overview = current_app.extensions["overview"].get()
    except AppError as error:
        logger.warning("health check failed: %s", error)
        return jsonify(status="unavailable", error=public_message(error)), 503
    except Exception:  # any failure to read the index means "not healthy"
        logger.exception("health check failed")
        return jsonify(status="unavailable", error="The index cannot be read."), 503
    return jsonify(status="ok", articles=overview.articles, generation=overview.generation)
