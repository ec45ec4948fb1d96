"""Availability against a real gunicorn with the shipped configuration: hostile requests and
slow clients must not stop the server from answering ``/healthz``."""

from __future__ import annotations

import json
import urllib.parse
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from test_e2e import gunicorn

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]
PATIENCE = 10  # seconds: far beyond a normal answer, far below an attack's minutes


@pytest.fixture(scope="module")
def server(sample_index_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with gunicorn(sample_index_dir, tmp_path_factory.mktemp("hostile") / "log.txt") as url:
        yield url


def fetch(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=PATIENCE) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def test_wildcard_star_runs_answer_at_once_and_leave_the_server_up(server):
    hostile = "pl" + "*" * 60 + "q"  # was a backtracking regex: minutes against "plantations"
    urls = [f"{server}/api/search?q={urllib.parse.quote(hostile)}"] * 4
    with ThreadPoolExecutor(4) as pool:
        answers = list(pool.map(fetch, urls))
    assert all(status == 200 for status, _ in answers)
    assert json.loads(answers[0][1])["total"] == 0
    assert fetch(f"{server}/healthz")[0] == 200
