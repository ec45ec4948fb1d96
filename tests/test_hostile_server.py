"""Availability against a real gunicorn with the shipped configuration: hostile requests and
slow clients must not stop the server from answering ``/healthz``."""

from __future__ import annotations

import json
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack

import pytest
from test_e2e import gunicorn

from indexer.article import Article
from indexer.writing.writer import publish_articles

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]
PATIENCE = 10  # seconds: far beyond a normal answer, far below an attack's minutes
SLOW_CLIENTS = 16  # more than gthread's threads (2 workers x 4) were


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """gunicorn over an index whose full export (about 10 MB) outgrows any socket buffer."""
    folder = tmp_path_factory.mktemp("hostile")
    padding = " ".join(["plantations"] * 200)
    articles = [
        Article(id=f"a{i}", title=f"Article {i} {padding}", body=f"Coffee {i} {padding}.")
        for i in range(4000)
    ]
    publish_articles(folder / "index", articles)
    with gunicorn(folder / "index", folder / "log.txt") as url:
        yield url


def fetch(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=PATIENCE) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def connect(url: str) -> socket.socket:
    host, port = urllib.parse.urlsplit(url).netloc.split(":")
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)  # a client that reads nothing
    sock.connect((host, int(port)))
    return sock


def healthz_while_held(url: str, payload: bytes) -> int:
    """Open SLOW_CLIENTS connections that send ``payload`` and then stall; probe /healthz."""
    with ExitStack() as held:
        for _ in range(SLOW_CLIENTS):
            held.enter_context(connect(url)).sendall(payload)
        time.sleep(1)  # let the server take them all up
        return fetch(f"{url}/healthz")[0]


def test_wildcard_star_runs_answer_at_once_and_leave_the_server_up(server):
    hostile = "pl" + "*" * 60 + "q"  # was a backtracking regex: minutes against "plantations"
    urls = [f"{server}/api/search?q={urllib.parse.quote(hostile)}"] * 4
    with ThreadPoolExecutor(4) as pool:
        answers = list(pool.map(fetch, urls))
    assert all(status == 200 for status, _ in answers)
    assert json.loads(answers[0][1])["total"] == 0
    assert fetch(f"{server}/healthz")[0] == 200


def test_clients_sending_half_a_request_line_leave_the_server_up(server):
    assert healthz_while_held(server, b"GET /search?q=coffee HTTP/1.1\r\nHost: 127.0.0.1") == 200


def test_clients_not_reading_a_large_export_leave_the_server_up(server):
    request = b"GET /export.csv?q=*&fields=id,title HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
    assert healthz_while_held(server, request) == 200
