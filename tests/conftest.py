"""Shared fixtures: a small real index of hand-written articles, and the shared corpora folder."""

from __future__ import annotations

import fcntl
import os
import shutil
from pathlib import Path

import pytest

from indexer import store
from indexer.article import Article
from indexer.writing.writer import publish_articles
from newsarchive.settings import Settings

PROJECT_ROOT = Path(__file__).resolve().parents[1]
CORPORA = PROJECT_ROOT.parent / "shared" / "corpora"
REUTERS_TEST_FILES = 8
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

SAMPLE_ARTICLES = [
    Article(
        id="coffee-brazil",
        title="Brazil coffee prices rise after frost",
        body="Coffee prices rose sharply in Sao Paulo on Tuesday after a frost hit plantations.\n\n"
        "Traders said the price of arabica could climb further as Brazil's harvest shrinks.",
        url="https://example.com/coffee-brazil",
        date="1987-03-03",
        source="Reuters",
        author="Ana Souza",
        path="wire/coffee-brazil.txt",
        countries=("BR",),
        regions=("americas", "latin-america-and-the-caribbean"),
        topics=("economy-business-finance",),
    ),
    Article(
        id="coffee-colombia",
        title="Colombia expects record coffee exports",
        body="Colombia's coffee exports are expected to reach a record this year, the growers' "
        "federation said. Brazil remains the largest producer.",
        date="1987-04-10",
        source="Reuters",
        path="wire/coffee-colombia.txt",
        countries=("CO", "BR"),
        regions=("americas", "latin-america-and-the-caribbean"),
        topics=("economy-business-finance",),
    ),
    Article(
        id="oil-opec",
        title="OPEC agrees to cut crude oil output",
        body="Ministers of OPEC agreed in Vienna to cut crude oil production to support prices. "
        "Saudi Arabia will bear the largest share of the cut.",
        date="1987-06-28",
        source="Reuters",
        path="wire/oil-opec.txt",
        countries=("SA", "AT"),
        regions=("asia", "western-asia", "europe", "western-europe"),
        topics=("economy-business-finance", "politics"),
    ),
    Article(
        id="oil-heating",
        title="Heating oil demand falls in mild winter",
        body="Demand for heating oil in the United States fell as the winter stayed mild, "
        "distributors said. <script>alert('x')</script> Prices of heating oil eased.",
        date="1987-02-01",
        source="AP",
        path="wire/oil-heating.txt",
        countries=("US",),
        regions=("americas", "northern-america"),
        topics=("economy-business-finance", "weather"),
    ),
    Article(
        id="taiwan-ukraine",
        title="Taiwan's envoy says military aid for Ukraine is too sensitive",
        body="Taiwan is refraining from providing military assistance to Ukraine, but aims to "
        "establish a representative office, Deputy Foreign Minister Francois Wu said in Berlin.",
        date="2024-10-15",
        source="Defence Talks",
        path="taiwan-ukraine.txt",
        countries=("TW", "UA", "DE"),
        regions=("asia", "eastern-asia", "europe", "eastern-europe", "western-europe"),
        topics=("politics", "conflict-war-peace"),
    ),
    Article(
        id="football-final",
        title="Late goal wins the cup final",
        body="A late goal settled the cup final in London on Saturday as the home side won 2-1.",
        date="2005-05-21",
        source="BBC",
        path="bbc/sport/001.txt",
        countries=("GB",),
        regions=("europe", "northern-europe"),
        topics=("sport",),
    ),
]


@pytest.fixture(scope="session")
def sample_index_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An index folder (with a live generation) holding SAMPLE_ARTICLES; read-only for tests."""
    index_dir = tmp_path_factory.mktemp("sample") / "index"
    publish_articles(index_dir, SAMPLE_ARTICLES)
    return index_dir


@pytest.fixture(scope="session")
def sample_settings(sample_index_dir: Path) -> Settings:
    """Settings pointing at the sample index."""
    return Settings(index_dir=sample_index_dir)


@pytest.fixture(scope="session")
def corpora() -> Path:
    """The shared corpora folder; skips the test when it is absent."""
    if not CORPORA.is_dir():
        pytest.skip(f"shared corpora not found at {CORPORA}")
    return CORPORA


@pytest.fixture(scope="session")
def reuters_index_dir(corpora: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An index of Reuters-21578 built by the real rebuild pipeline once per test run.

    The suite indexes the first REUTERS_TEST_FILES of the 22 files (about 8,000 stories) to
    stay within its time budget; ``NEWSARCHIVE_TEST_REUTERS_FILES=22`` indexes them all.

    Under pytest-xdist every worker is its own session; the first to take the lock builds the
    index in the run's shared temp folder and the others reuse it (a rebuild is the slowest
    part of the suite, so it must not run once per worker).
    """
    from indexer.build import build_index

    shared = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        shared = shared.parent
    index_dir = shared / "reuters-shared" / "index"
    index_dir.parent.mkdir(parents=True, exist_ok=True)
    with open(index_dir.parent / "build.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if store.current_generation(index_dir) is None:
            files = sorted((corpora / "reuters21578").glob("reut2-*.sgm"))
            count = int(os.environ.get("NEWSARCHIVE_TEST_REUTERS_FILES", REUTERS_TEST_FILES))
            sources = tuple(files[:count])
            build_index(Settings(index_dir=index_dir, source_dirs=sources, workers=2))
    return index_dir


@pytest.fixture(scope="session")
def browser():
    """Headless Chromium for the end-to-end tests (one per session; skips without it)."""
    if not Path(CHROMIUM).exists():
        pytest.skip("chromium is not installed")
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def page(browser):
    """A fresh page that fails the test on any console error (a CSP violation included)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page
    context.close()
    assert errors == []


def varied_articles(start: int = 0, stop: int = 300) -> list[Article]:
    """Articles numbered [start, stop) that reach every path of the index writers and readers:
    posting lists longer than a block (128), frequencies above 255, non-ASCII terms, repeated
    positions, empty and missing fields."""
    made = []
    for n in range(start, stop):
        body = f"Shared words in story {n}. " + ("Café crème façade. " if n % 3 == 0 else "")
        body += "again " * (300 if n == 7 else n % 5) + "Ünïcode über alles." + " shared" * (n % 4)
        made.append(
            Article(
                id=f"varied-{n}",
                title="" if n % 50 == 0 else f"Story {n} of the Zürich desk",
                body=body,
                author="Ann Lee" if n % 4 == 0 else None,
                date=f"2020-01-{n % 28 + 1:02d}" if n % 6 else None,
                source="wire" if n % 2 else "paper",
                countries=("ch", "fr") if n % 3 == 0 else (),
                topics=("economy",) * (n % 2),
                group=f"g{n % 7}" if n % 7 == 0 else None,
            )
        )
    return made
