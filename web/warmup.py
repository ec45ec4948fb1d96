"""Warm a new index generation in the background, before requests need it.

After a rebuild swaps the index in, each worker has to open the new generation and read its
facet columns (most of a second on Reuters-21578). A daemon thread per worker polls the
generation name (one ``readlink``) and pays that cost itself (``Engine.refresh``), then
computes the front page's overview; meanwhile the engine keeps answering requests from the
previous generation (``Engine(warm_in_background=True)``), so nobody waits for the switch.
"""

from __future__ import annotations

import logging
import threading

from flask import Flask

from indexer import store

logger = logging.getLogger(__name__)
POLL_SECONDS = 1.0


def watch_index(app: Flask, interval: float = POLL_SECONDS) -> threading.Event:
    """Start the warming thread for ``app``; set the returned event to stop it."""
    stop = threading.Event()
    thread = threading.Thread(
        target=_watch, args=(app, interval, stop), name="index-warmup", daemon=True
    )
    thread.start()
    return stop


def _watch(app: Flask, interval: float, stop: threading.Event) -> None:
    index_dir = app.config["SETTINGS"].index_dir
    seen = None
    while True:
        name = store.generation_name(index_dir)
        if name is not None and name != seen:
            try:
                app.extensions["engine"].refresh()  # reads the new generation's columns
                app.extensions["overview"].get()
                logger.info("index generation %s ready", name)
                seen = name
            except Exception:  # a half-written or vanished generation: try again next time
                logger.exception("could not warm index generation %s", name)
        if stop.wait(interval):
            return
