"""End to end (issue 12): what `make serve` shows first. The demo archive in corpus/ is rebuilt
by the command line as the Makefile does, served by gunicorn and opened in headless Chromium:
the home page gives its size, date span and facet values, and its example query finds articles.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from test_e2e import PROJECT_ROOT, gunicorn, hit_titles

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("demo-serve")
    index = folder / "index"
    command = [sys.executable, "-m", "newsarchive", "--index", str(index), "rebuild"]
    done = subprocess.run(  # as `make serve`: the default corpus, ./corpus
        [*command, "--corpus", "corpus"], cwd=PROJECT_ROOT, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Rebuilt: 338 articles indexed"), done.stdout
    with gunicorn(Path(index), folder / "log.txt") as url:
        yield url


def test_a_fresh_home_page_describes_the_demo_archive(demo_server, page):
    page.goto(demo_server + "/")
    lede = page.inner_text(".hero__lede")
    assert "338 articles, 12 January 2006 – 23 February 2023 (1 without a date)." in lede
    browse = page.inner_text(".browse")
    assert "Wikinews" in browse and "United States" in browse and "Politics" in browse
    assert "2020" in browse and "No date" in browse


def test_its_example_query_finds_results(demo_server, page):
    page.goto(demo_server + "/")
    placeholder = page.get_attribute("#home-q", "placeholder")
    example = placeholder.split("e.g. ", 1)[1]
    page.fill("#home-q", example)
    with page.expect_navigation():
        page.press("#home-q", "Enter")
    assert len(hit_titles(page)) > 0
    assert page.locator(".hit__snippet mark").count() > 0
    page.goto(demo_server + "/")
    tip = page.locator(".syntax code", has_text="title:").inner_text()
    page.fill("#home-q", tip)
    with page.expect_navigation():
        page.press("#home-q", "Enter")
    assert len(hit_titles(page)) > 0
