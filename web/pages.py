"""Blueprint "pages": the HTML front end — front page, results page, article page."""

from __future__ import annotations

import logging
import re

from flask import Blueprint, Response, current_app, render_template, request
from markupsafe import Markup, escape

from indexer.article import Article
from newsarchive.errors import QueryError, UnknownValue
from newsarchive.settings import Settings
from search import Engine, SearchRequest
from search.request import check_query_length
from web import page_parts
from web.chart import coverage_chart
from web.mentions_chart import layered_chart
from web.params import (
    asks_something,
    parse_search,
    request_params,
    without_filters,
    without_value,
)
from web.results_cache import request_key

logger = logging.getLogger(__name__)
bp = Blueprint("pages", __name__)

_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
RELATED_ARTICLES = 5
MAX_DROPPED = 10  # unknown filter values left out of one page's search, each with a notice


def _engine() -> Engine:
    return current_app.extensions["engine"]


def _settings() -> Settings:
    return current_app.config["SETTINGS"]


@bp.get("/")
def home():
    """Show the search form and the archive at a glance (or results, if a search is given)."""
    if asks_something(request.args.to_dict(flat=False)):
        return search_page()
    overview = current_app.extensions["overview"].get()
    return render_template("search/home.html", overview=overview)


@bp.get("/search")
def search_page():
    """Show one page of ranked results with facets, chips, the coverage chart and paging."""
    args = request.args.to_dict(flat=False)
    if not asks_something(args):
        return home()
    notices: list[str] = []
    while True:  # a filter value that does not exist is left out, with a notice saying so
        try:
            return _results_page(parse_search(args, _settings()), tuple(notices))
        except UnknownValue as error:
            dropped = without_value(args, error.facet, error.value)
            if dropped == args or len(notices) >= MAX_DROPPED:
                raise
            args = dropped
            notices.append(f"{error} It was left out of this search.")


def _results_page(search_request: SearchRequest, notices: tuple[str, ...]) -> Response:
    # The page depends only on the request, the index generation and the host it was asked on
    # (the feed link is absolute; never hand one client's Host header to another).
    key = ("page", request.host_url, request_key(search_request), notices)
    body = current_app.extensions["bodies"].get(key, lambda: _results_html(search_request, notices))
    return Response(body, mimetype="text/html")


def _results_html(search_request: SearchRequest, notices: tuple[str, ...] = ()) -> bytes:
    """Render the results page of a validated request."""
    params = request_params(search_request, _settings())
    results = current_app.extensions["cache"].search(search_request)
    chart = None
    periods = current_app.extensions["period_counter"]
    if results.total:
        chart = coverage_chart(results, params, periods, search_request.normalise)
    if chart and search_request.min_mentions and not search_request.normalise:
        # every match behind the ones "about" the query
        chart = layered_chart(results, params, current_app.extensions["cache"], periods)
    labels = page_parts.facet_labels(results)
    # Collapsed results list stories (near-duplicate copies folded), so pages count those.
    listed = results.total
    if search_request.collapse:
        listed = results.extra.get("stories", results.total)
    max_page = _settings().max_page
    html = render_template(
        "search/results.html",
        results=results,
        notices=notices,
        params=params,
        chart=chart,
        groups=page_parts.facet_groups(results, params),
        chips=page_parts.chips(params, labels),
        pages=page_parts.pagination(
            params, search_request.page, search_request.per_page, listed, max_page
        ),
        last_page=page_parts.last_page(listed, search_request.per_page, max_page),
        labels=labels,
        q=search_request.q,
        keep_params={k: v for k, v in params.items() if k != "q"},
        clear_qs=without_filters(params),
    )
    return html.encode()


@bp.get("/article/<article_id>")
def article_page(article_id: str):
    """Show one article, its query terms highlighted when ``q`` is given, and related ones."""
    q = request.args.get("q", "").strip()
    check_query_length(q, _settings())
    engine = _engine()
    article = engine.get_article(article_id)
    return render_template(
        "search/article.html",
        article=article,
        body=_body_html(engine, article, q),
        related=current_app.extensions["cache"].get(
            ("related", article.id), lambda: engine.more_like_this(article.id, RELATED_ARTICLES)
        ),
        q=q,
    )


def _body_html(engine: Engine, article: Article, q: str) -> Markup:
    """Return the body as paragraphs, with the query's terms in <mark> when there is a query."""
    html = Markup(escape(article.body))
    highlight = getattr(engine, "highlight_article", None)
    if q and highlight is not None:
        try:
            html = Markup(highlight(article, q))  # escaped by the engine except its <mark>s
        except QueryError:
            logger.info("article %s: query %r not highlightable", article.id, q)
    if "<p>" in html:
        return html
    paragraphs = [p.strip() for p in _PARAGRAPH_BREAK.split(str(html)) if p.strip()]
    # Hard-wrapped wire copy: single newlines inside a paragraph are just line ends.
    return Markup("".join(f"<p>{' '.join(p.split())}</p>" for p in paragraphs))
