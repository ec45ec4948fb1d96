"""The demo archive in corpus/ as `make serve` builds it: a fresh home page shows its size,
date span and facet values, and the examples it offers find articles. The same checks run in
headless Chromium against gunicorn in ``test_e2e_demo.py``."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import pytest

from indexer.build import build_index
from newsarchive.settings import Settings
from web import create_app

DEFAULT_CORPUS_DIR = Path(__file__).resolve().parents[1] / "corpus"
DEMO_ARTICLES = 338  # 337 Wikinews articles and the seed article


@pytest.fixture(scope="module")
def demo_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    index_dir = tmp_path_factory.mktemp("demo") / "index"
    settings = Settings(index_dir=index_dir, source_dirs=(DEFAULT_CORPUS_DIR,))
    report = build_index(settings)  # `make serve` rebuilds corpus/
    assert report.indexed == DEMO_ARTICLES and not report.skipped
    return settings


@pytest.fixture(scope="module")
def client(demo_settings: Settings):
    return create_app(demo_settings).test_client()


def test_the_demo_archive_ships_its_attribution():
    readme = (DEFAULT_CORPUS_DIR / "README.md").read_text()
    assert "CC BY 2.5" in readme and "Wikinews" in readme
    assert (DEFAULT_CORPUS_DIR / "wikinews-en.jsonl").stat().st_size > 1_000_000


def test_the_home_page_describes_the_archive_being_served(client):
    html = client.get("/").get_data(as_text=True)
    assert "338 articles" in html
    assert "12 January 2006 – 23 February 2023" in html
    assert "1 without a date" in html  # the seed article
    assert ">Wikinews</a>" in html and ">United States</a>" in html
    assert "coffee" not in html and "1987" not in html  # no examples from another archive


def test_its_examples_find_articles(client):
    html = client.get("/").get_data(as_text=True)
    query = re.search(r'placeholder="Search articles, e\.g\. ([^"]+)"', html).group(1)
    tips = re.findall(r"<code>((?:title|date|country):[^<]+)</code>", html)
    assert len(tips) == 4
    for example in [query, *map(unescape, tips)]:
        data = client.get("/api/search", query_string={"q": example}).get_json()
        assert data["total"] > 0, example


def test_an_article_page_credits_wikinews_with_its_original(client):
    data = client.get("/api/search?q=*&source=Wikinews&per_page=1").get_json()
    article = data["results"][0]
    html = client.get(f"/article/{article['id']}").get_data(as_text=True)
    assert f'href="{article["url"]}"' in html
    assert "CC BY 2.5: text by Wikinews, from the original above" in html


def test_the_years_and_no_date_add_up_to_the_archive(client):
    data = client.get("/api/search?q=*&per_page=1").get_json()
    years = {f["value"]: f["count"] for f in data["facets"]["year"]}
    assert years["none"] == 1 and sum(years.values()) == data["total"] == DEMO_ARTICLES
    assert min(y for y in years if y != "none") == "2006"
