"""End to end: a real gunicorn serving the sample index, driven by headless Chromium.

Set NEWSARCHIVE_SCREENSHOTS=1 to also save screenshots under bench/screenshots/.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from conftest import SAMPLE_ARTICLES
from test_web_api import publish

from indexer import store
from indexer.article import Article

PROJECT_ROOT = Path(__file__).resolve().parents[1]
SCREENSHOTS = PROJECT_ROOT / "bench" / "screenshots"
SCREENSHOTS_WANTED = bool(os.environ.get("NEWSARCHIVE_SCREENSHOTS"))

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_healthy(url: str, process: subprocess.Popen, log: Path, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            break
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    process.terminate()
    process.wait(timeout=10)
    pytest.fail(f"gunicorn did not become healthy:\n{log.read_text()}")


@contextmanager
def gunicorn(index_dir: Path, log: Path, workers: int = 2) -> Iterator[str]:
    """Run gunicorn with the project's config on a free port, logging to ``log``; yield its URL."""
    port = free_port()
    command = [sys.executable, "-m", "gunicorn", "-c", "web/gunicorn.conf.py", "web.wsgi:app"]
    command += ["--bind", f"127.0.0.1:{port}", "--workers", str(workers)]
    env = {**os.environ, "NEWSARCHIVE_INDEX": str(index_dir)}
    with open(log, "w") as output:  # a file, not a pipe: a full pipe would block the server
        process = subprocess.Popen(
            command, cwd=PROJECT_ROOT, env=env, stdout=output, stderr=subprocess.STDOUT
        )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url, process, log)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="session")
def server(sample_index_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """gunicorn serving the sample index for the whole session."""
    with gunicorn(sample_index_dir, tmp_path_factory.mktemp("gunicorn") / "log.txt") as url:
        yield url


def api_ids(url: str) -> list[str]:
    with urllib.request.urlopen(url, timeout=10) as response:
        return [result["id"] for result in json.load(response)["results"]]


def test_workers_serve_a_rebuilt_index_without_a_restart(tmp_path):
    index_dir = tmp_path / "index"
    publish(index_dir, SAMPLE_ARTICLES)
    zeppelin = Article(id="zeppelin", title="Zeppelin lands in Berlin", body="An airship landed.")
    log = tmp_path / "gunicorn.log"
    with gunicorn(index_dir, log, workers=4) as url:
        assert api_ids(f"{url}/api/search?q=zeppelin") == []
        publish(index_dir, [*SAMPLE_ARTICLES, zeppelin])
        # Fresh connections land on different workers; every one must see the new generation.
        for _ in range(12):
            assert api_ids(f"{url}/api/search?q=zeppelin") == ["zeppelin"]
        with urllib.request.urlopen(f"{url}/healthz", timeout=10) as response:
            assert json.load(response)["generation"] == store.generation_name(index_dir)
        # The app's own log records reach gunicorn's log: each worker warmed the new generation
        # (its warm-up thread polls once a second; a loaded machine may take longer).
        ready = f"index generation {store.generation_name(index_dir)} ready"
        deadline = time.monotonic() + 30
        while log.read_text().count(ready) < 4 and time.monotonic() < deadline:
            time.sleep(0.2)
        assert log.read_text().count(ready) == 4


def hit_titles(page) -> list[str]:
    return page.locator(".hit__title a").all_inner_texts()


def test_type_a_query_and_see_highlighted_results(server, page):
    page.goto(server + "/")
    page.fill("#home-q", "coffee")
    with page.expect_navigation():
        page.press("#home-q", "Enter")
    assert sorted(hit_titles(page)) == [
        "Brazil coffee prices rise after frost",
        "Colombia expects record coffee exports",
    ]
    assert page.locator(".hit__snippet mark").count() >= 2
    assert page.input_value("#q") == "coffee"


def facet_count(page, facet: str, value: str) -> int:
    label = page.locator(f'#facet-{facet} input[value="{value}"] + label .facet__count')
    return int(label.inner_text().strip("() articles"))


def test_a_country_facet_narrows_and_its_chip_widens_again(server, page):
    page.goto(server + "/search?q=prices")
    assert len(hit_titles(page)) == 3
    assert facet_count(page, "source", "Reuters") == 2
    with page.expect_navigation():
        page.check('#facet-country input[value="BR"]')  # app.js submits on change
    assert "country=BR" in page.url
    assert hit_titles(page) == ["Brazil coffee prices rise after frost"]
    assert facet_count(page, "source", "Reuters") == 1
    assert page.locator('#facet-country input[value="BR"]').is_checked()
    chip = page.locator(".chip", has_text="Brazil")
    with page.expect_navigation():
        chip.click()
    assert len(hit_titles(page)) == 3 and page.locator(".chip").count() == 0


def test_open_an_article_from_the_results(server, page):
    page.goto(server + "/search?q=frost")
    with page.expect_navigation():
        page.click("text=Brazil coffee prices rise after frost")
    assert page.inner_text("h1") == "Brazil coffee prices rise after frost"
    assert page.locator(".article__body mark").first.inner_text().lower() == "frost"
    assert page.locator(".tags a", has_text="Brazil").get_attribute("href") == "/search?country=BR"


def test_slash_focuses_the_search_box(server, page):
    page.goto(server + "/article/oil-opec")
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "q"


def test_the_coverage_chart_bars_filter_by_period(server, page):
    page.goto(server + "/search?q=oil")
    with page.expect_navigation():
        page.locator(".coverage__bar").first.click()
    assert "from=1987-02-01" in page.url and "to=1987-02-28" in page.url
    assert hit_titles(page) == ["Heating oil demand falls in mild winter"]


def test_on_a_phone_the_filters_fold_under_the_results(server, browser):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    try:
        page = context.new_page()
        page.goto(server + "/search?q=coffee")
        panel = page.locator("[data-facets-panel]")
        assert panel.get_attribute("open") is None
        results_bottom = page.locator(".hits").bounding_box()["y"]
        assert panel.bounding_box()["y"] > results_bottom
        page.click(".toolbar__filters")
        assert panel.get_attribute("open") is not None
        assert page.locator('#facet-country input[value="BR"]').is_visible()
    finally:
        context.close()


@pytest.mark.skipif(not SCREENSHOTS_WANTED, reason="set NEWSARCHIVE_SCREENSHOTS=1 to save them")
def test_save_screenshots(server, browser):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    shots = {
        "results-desktop": ("/search?q=oil+OR+coffee+OR+taiwan", 1280, 900),
        "results-phone": ("/search?q=oil+OR+coffee+OR+taiwan", 390, 844),
        "article-desktop": ("/article/coffee-brazil?q=frost", 1280, 900),
        "home-desktop": ("/", 1280, 900),
    }
    for name, (path, width, height) in shots.items():
        context = browser.new_context(viewport={"width": width, "height": height})
        shot = context.new_page()
        shot.goto(server + path)
        shot.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
        context.close()
        assert (SCREENSHOTS / f"{name}.png").stat().st_size > 10_000
