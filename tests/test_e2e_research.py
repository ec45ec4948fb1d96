"""End to end (issue 13): the researcher's controls in headless Chromium against real gunicorn.

Every test saves screenshots in the e2e artefacts folder (``var/e2e/``, git-ignored; or
``$NEWSARCHIVE_E2E_ARTEFACTS``), to be looked at.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from test_e2e import PROJECT_ROOT, gunicorn, hit_titles

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]
ARTEFACTS = Path(os.environ.get("NEWSARCHIVE_E2E_ARTEFACTS") or PROJECT_ROOT / "var" / "e2e")
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def errors() -> list[str]:
    return []


@pytest.fixture
def page(browser, errors):
    """A fresh desktop page that fails the test on any console error (CSP violations included)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page
    context.close()
    assert errors == []


@pytest.fixture(scope="module")
def server(sample_index_dir: Path, tmp_path_factory: pytest.TempPathFactory):
    with gunicorn(sample_index_dir, tmp_path_factory.mktemp("gunicorn13") / "log.txt", 1) as url:
        yield url


def shot(page, name: str) -> None:
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTEFACTS / f"{name}.png"))


def total(page) -> int:
    return int(page.locator(".results-summary strong").last.inner_text().replace(",", ""))


def test_exclude_a_country_and_see_the_chip_and_a_smaller_total(server, page):
    page.goto(server + "/search?q=oil")
    before = total(page)
    with page.expect_navigation():
        page.click('#facet-country a.facet__exclude[aria-label="Leave out United States"]')
    assert "not_country=US" in page.url
    chip = page.locator(".chip", has_text="not United States")
    assert chip.is_visible()
    assert total(page) < before
    assert hit_titles(page) == ["OPEC agrees to cut crude oil output"]
    shot(page, "exclude-country")
    with page.expect_navigation():
        chip.click()
    assert total(page) == before


def test_toggle_normalised_coverage_and_see_shares(server, page):
    page.goto(server + "/search?q=coffee+OR+oil")
    with page.expect_navigation():
        page.click("text=Show as share of all articles")
    assert "normalise=1" in page.url
    assert "Share of all articles" in page.inner_text(".coverage__caption")
    page.click(".coverage__table summary")
    assert page.locator(".coverage__table td", has_text="%").count() >= 4
    shot(page, "normalised-coverage")


def test_enter_a_date_range(server, page):
    page.goto(server + "/search?q=coffee+OR+oil")
    page.fill("#date-from", "1987-03-01")
    page.fill("#date-to", "1987-04-30")
    with page.expect_navigation():
        page.click(".dates__apply")
    assert "from=1987-03-01" in page.url and "to=1987-04-30" in page.url
    assert sorted(hit_titles(page)) == [
        "Brazil coffee prices rise after frost",
        "Colombia expects record coffee exports",
    ]
    assert page.locator(".chip", has_text="1 March 1987 – 30 April 1987").is_visible()
    shot(page, "date-range")


def test_drill_down_from_years_to_a_day(server, page):
    page.goto(server + "/search?q=*")
    assert "per year" in page.inner_text(".coverage__caption")
    with page.expect_navigation():
        page.click('.coverage__bar[aria-label^="1987:"]')
    assert "per month, 1987" in page.inner_text(".coverage__caption")
    with page.expect_navigation():
        page.click('.coverage__bar[aria-label^="March 1987:"]')
    assert "per day, March 1987" in page.inner_text(".coverage__caption")
    with page.expect_navigation():
        page.click('.coverage__bar[aria-label^="3 March 1987:"]')
    assert "from=1987-03-03" in page.url and "to=1987-03-03" in page.url
    assert hit_titles(page) == ["Brazil coffee prices rise after frost"]
    assert page.locator(".chip").inner_text().split() == ["Dates:", "3", "March", "1987", "×"]
    shot(page, "drill-to-day")


def test_open_the_feed_and_see_a_readable_page(server, page, errors):
    page.goto(server + "/search?q=coffee")
    feed = page.locator(".research-links__feed").get_attribute("href")
    page.goto(server + feed)
    assert page.locator("h1").inner_text() == "newsarchive: “coffee”"
    assert page.locator(".hit__title a").count() == 2
    assert page.locator(".hit__snippet mark").count() >= 2
    assert (
        page.locator(".feed__results").get_attribute("href").endswith("/search?q=coffee&sort=date")
    )
    shot(page, "feed")  # the app's own page: no XSLT, so no console errors from its banner


def first_result_in_view(page) -> None:
    box = page.locator(".hit").first.bounding_box()
    assert box is not None and 0 <= box["y"] < PHONE["height"] - 60, box


def test_on_a_phone_the_first_result_shows_also_after_choosing_a_filter(server, browser):
    context = browser.new_context(viewport=PHONE)
    try:
        page = context.new_page()
        page.goto(server + "/search?q=coffee+OR+oil")
        first_result_in_view(page)
        shot(page, "phone-results")
        page.click(".toolbar__filters")
        assert page.locator('#facet-country input[value="BR"]').is_visible()
        shot(page, "phone-filters-open")
        with page.expect_navigation():
            page.check('#facet-country input[value="BR"]')
        assert "country=BR" in page.url
        page.wait_for_load_state("load")
        first_result_in_view(page)
        shot(page, "phone-after-filter")
    finally:
        context.close()
