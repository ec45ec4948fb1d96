"""gunicorn settings: ``NEWSARCHIVE_INDEX=DIR gunicorn -c web/gunicorn.conf.py web.wsgi:app``.

Searching is CPU-bound Python (the GIL), so parallelism comes from processes: one worker per
core. More workers do not add CPU, but each one holds its own copy of the index's columns and
caches (about 500 MB PSS on Reuters-21578 after a while), reads every new generation again
after a rebuild, and answers from memory fewer of the repeated searches (its caches see a
smaller share of them). Each worker opens the index itself (no preload), so every worker's
engine notices a rebuild's new generation on its own and switches without a restart.

Connections are served by gevent (``BoundedGeventWorker``): a client costs a greenlet, not a
thread, so clients that send half a request or never read their answer cannot take every
thread (with gthread, 8 such clients stopped the site). A request's head must arrive within
``keepalive`` seconds, and a socket that makes no progress for ``SOCKET_TIMEOUT`` seconds is
closed. Threads stay real threads (``thread=False``): each worker's searcher is shared by its
greenlets (a search never yields half-way), and the index warm-up runs beside them.
"""

import multiprocessing
import os

from gevent import monkey, socket
from gunicorn.workers.base_async import AsyncWorker
from gunicorn.workers.ggevent import GeventWorker

SOCKET_TIMEOUT = 30  # seconds a client may leave a send or a read waiting


class BoundedGeventWorker(GeventWorker):
    """gunicorn's gevent worker without patched threads, and with a timeout on client sockets."""

    def patch(self):
        monkey.patch_all(thread=False)
        self.sockets = [
            socket.socket(s.FAMILY, socket.SOCK_STREAM, fileno=s.sock.detach())
            for s in self.sockets
        ]

    def handle(self, listener, client, addr):
        client.settimeout(SOCKET_TIMEOUT)
        AsyncWorker.handle(self, listener, client, addr)


bind = os.environ.get("NEWSARCHIVE_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("NEWSARCHIVE_WORKERS", multiprocessing.cpu_count()))
worker_class = BoundedGeventWorker
worker_connections = 1000  # clients held at once by one worker
preload_app = False
timeout = 30  # a worker silent this long is restarted
graceful_timeout = 20
keepalive = 5
max_requests = 100_000  # recycle workers now and then; caches are bounded, and a recycled
# worker starts cold (reads the index, empty caches), so not often
max_requests_jitter = 10_000
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("NEWSARCHIVE_LOG_LEVEL", "info")
# Client, request line, status, bytes, duration in ms (%(M)s), user agent.
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms "%(a)s"'
limit_request_line = 8190
forwarded_allow_ips = "127.0.0.1"

APP_LOGGERS = ("web", "search", "indexer")


def post_fork(server, worker):
    """Send the app's own log records (errors with tracebacks, swaps) to gunicorn's error log.

    Set up before the worker loads the app: the app's warm-up thread logs its first record
    while the app is still being created.
    """
    import logging

    error_log = logging.getLogger("gunicorn.error")
    for name in APP_LOGGERS:
        app_logger = logging.getLogger(name)
        app_logger.handlers = list(error_log.handlers)
        app_logger.setLevel(error_log.level)
        app_logger.propagate = False
