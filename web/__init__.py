"""Web: the Flask front end and JSON API over ``search/``.

Request path: ``params`` (URL -> SearchRequest, and links back) -> ``results_cache`` (LRUs per
index generation: rendered bodies, and engine answers over the shared ``search.Engine``) ->
``views`` (HTML pages, with ``page_parts`` for facets/chips/paging and ``chart`` for the
coverage SVG) or ``api`` (JSON, /healthz) or ``research`` (exports, feed). Around it:
``errors`` (AppError -> 4xx/503, else a logged 500), ``security`` (CSP and friends, cache
headers), ``conditional`` (ETag/304), ``warmup`` (reads a rebuilt index in the background
while the previous one keeps serving). ``create_app`` (this module) wires
them; ``wsgi`` is gunicorn's target, configured by ``gunicorn.conf.py``.
"""

from __future__ import annotations

import logging

from flask import Flask

from newsarchive.settings import Settings
from search import Engine
from web import api, conditional, downloads, errors, pages, security, template_tools, warmup
from web.chart import PeriodCounter
from web.overview import OverviewCache
from web.results_cache import BodyCache, GenerationCache, answer_bytes

logger = logging.getLogger(__name__)
BODY_CACHE_BYTES = 16 * 1024 * 1024  # compressed, per worker process: a few thousand bodies
ANSWER_CACHE_BYTES = 32 * 1024 * 1024  # pickled, per worker process (about 3x that in memory)


def create_app(settings: Settings | None = None, *, warm_new_index: bool = False) -> Flask:
    """Return the WSGI application serving the index named by ``settings``.

    With ``warm_new_index`` (the gunicorn entry point) a background thread opens each newly
    published index generation, and requests are answered from the previous one until then.
    """
    settings = settings or Settings.from_env()
    app = Flask(__name__)
    app.config.update(
        SETTINGS=settings,
        DEBUG=False,
        PROPAGATE_EXCEPTIONS=False,
        MAX_CONTENT_LENGTH=64 * 1024,  # the app takes no uploads; refuse large bodies early
        # Absolute links (feeds) come from the configured public URL, else from the Host
        # header, which then must name a host we serve: a forged one is a 400.
        TRUSTED_HOSTS=None if settings.public_url else list(settings.trusted_hosts),
    )
    app.json.sort_keys = False  # keep the contract's key order
    # One engine per process: it keeps a searcher open and reopens it when a rebuild
    # publishes a new index generation (checked with one readlink per request).
    # With ``warm_new_index`` it also keeps answering from the previous generation while a
    # large new one is read in the background.
    engine = Engine(settings, warm_in_background=warm_new_index)
    app.extensions["engine"] = engine
    cache = GenerationCache(engine, size=ANSWER_CACHE_BYTES, cost=answer_bytes)
    app.extensions["cache"] = cache
    # Rendered pages and API documents (about 45 KB / 11 KB each on Reuters, 8 / 3 compressed).
    app.extensions["bodies"] = BodyCache(engine, BODY_CACHE_BYTES)
    app.extensions["overview"] = OverviewCache(engine, settings)
    app.extensions["period_counter"] = PeriodCounter(engine, cache)
    app.register_blueprint(pages.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(downloads.bp)
    errors.register(app)
    security.register(app)
    conditional.register(app)
    template_tools.register(app)
    if warm_new_index:
        app.extensions["warmup_stop"] = warmup.watch_index(app)
    logger.info("serving index %s", settings.index_dir)
    return app
