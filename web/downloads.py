"""Blueprint "downloads": a search's every match as a download, and its newest matches as a feed.

``/export.csv`` and ``/export.jsonl`` stream (``search.export``): nothing but one article is held
per row, whatever the match count. The file name and the ``X-Newsarchive-*`` headers say which
query, filters and index generation the file came from, so a number can be reproduced.
``/feed.atom`` is the newest ``feed.FEED_SIZE`` matches as Atom (``web.feed``). Templates get
``explain_search`` (``search.explain``) for the results page's "How this search was read" panel.
"""

from __future__ import annotations

from dataclasses import replace
from itertools import chain
from typing import Any
from urllib.parse import quote

from flask import Blueprint, Response, current_app, render_template, request, stream_with_context

from search.explain import explain_filters, explain_query
from search.export import (
    FORMATS,
    export_chunks,
    export_name,
    export_request,
    iter_export_rows,
    parse_fields,
    provenance,
)
from search.results import SearchRequest
from web.feed import CONTENT_TYPE, FEED_SIZE, FeedLinks, build_feed, feed_title
from web.mentions_chart import MENTION_CHOICES
from web.params import parse_search, request_params, to_query_string
from web.results_cache import request_key as search_request_key
from web.template_tools import absolute_url, asset_url

bp = Blueprint("downloads", __name__)


@bp.get("/export.csv")
def export_csv():
    """Stream every match of a search as CSV (header row; lists joined with ``;``)."""
    return _export("csv")


@bp.get("/export.jsonl")
def export_jsonl():
    """Stream every match of a search as JSON Lines (one article per line)."""
    return _export("jsonl")


def _export(fmt: str) -> Response:
    settings = current_app.config["SETTINGS"]
    engine = current_app.extensions["engine"]
    search_request = export_request(parse_search(request.args.to_dict(flat=False), settings))
    columns = parse_fields(request.args.get("fields"))
    generation = engine.generation
    chunks = export_chunks(iter_export_rows(engine, search_request, columns), fmt, columns)
    first = next(chunks)  # a bad query or a missing index is an error page, not a broken file
    response = Response(stream_with_context(chain([first], chunks)), content_type=FORMATS[fmt])
    name = export_name(search_request, generation, fmt)
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    for key, value in provenance(search_request, generation).items():
        # Header values must be Latin-1: a query in any script travels percent-encoded.
        response.headers[f"X-Newsarchive-{key.title()}"] = quote(value, safe=" &=:*\"'(),-")
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/feed.atom")
def feed_atom():
    """Return the newest matches of a search as an Atom feed."""
    settings = current_app.config["SETTINGS"]
    parsed = parse_search(request.args.to_dict(flat=False), settings)
    newest = replace(parsed, sort="date", page=1, per_page=min(FEED_SIZE, settings.max_page_size))
    results = current_app.extensions["cache"].search(newest)
    params = request_params(replace(parsed, page=1), settings)
    links = FeedLinks(
        self_url=absolute_url("downloads.feed_atom") + _qs(params),
        page_url=absolute_url("pages.search_page") + "?" + to_query_string(params, sort="date"),
        article_url=lambda article_id: absolute_url("pages.article_page", article_id=article_id),
    )
    if _wants_page():
        dates = [hit.article.date for hit in results.hits if hit.article.date]
        page = render_template(
            "search/feed.html", results=results, links=links, title=feed_title(results),
            q=parsed.q, updated=max(dates, default=None),
        )  # fmt: skip
        response = Response(page, content_type="text/html; charset=utf-8")
    else:
        built = current_app.extensions["overview"].get().built
        document = build_feed(results, links, built, asset_url("feed.xsl"))
        response = Response(document, content_type=CONTENT_TYPE)
    response.vary.add("Accept")
    return response


def _wants_page() -> bool:
    """Tell whether the client prefers HTML to Atom (a browser): it gets the feed as a page,
    rendered here (browsers are dropping XSLT); feed readers get Atom."""
    accepted = request.accept_mimetypes
    return accepted.quality("text/html") > accepted.quality("application/atom+xml")


def explain_search(search_request: SearchRequest) -> dict[str, Any]:
    """Return how a search's query was read, cached per index generation like its results."""
    cache = current_app.extensions["cache"]
    engine = current_app.extensions["engine"]
    # The tree and its counts depend on the query alone (each clause is counted before the
    # filters), so every filter, date and page of one query shares them.
    query_only = SearchRequest(q=search_request.q)
    key = ("explain", search_request_key(query_only))
    explained = cache.get(key, lambda: explain_query(engine, query_only))
    return {**explained, "filters": explain_filters(search_request)}


@bp.app_context_processor
def _template_helpers() -> dict[str, Any]:
    # The results page's research panel asks for the explanation only when it shows a query.
    return {"explain_search": explain_search, "mention_choices": MENTION_CHOICES}


def _qs(params: dict[str, list[str]]) -> str:
    text = to_query_string(params)
    return "?" + text if text else ""
