"""Key drivers and pain points in real Chromium: the quadrant and the costly themes draw, an outcome and a
comment search work through the UI, nothing is cut from 1024x768 to 1920x1080; on the airline and Olist
data the pages show what those data sets are known for. Screenshots land in tests/artifacts/."""

import itertools

import pytest

from tests.browser import ARTIFACTS, CUT_TEXT, SIZES, choose, start_dashboard, stop, wait_for_run
from tests.conftest import REAL

pytestmark = pytest.mark.browser
PAGES = ("drivers", "pain_points")


def _open(browser, url: str, width: int = 1440, height: int = 1000):
    page = browser.new_page(viewport={"width": width, "height": height})
    page.goto(url)
    wait_for_run(page)
    assert page.locator('[data-testid="stException"]').count() == 0, url
    return page


def test_both_pages_read_in_full(dashboard, browser):
    cut = {}
    for (width, height), name in itertools.product(SIZES, PAGES):
        page = _open(browser, f"{dashboard}/{name}", width, height)
        page.screenshot(path=ARTIFACTS / f"{name}_{width}x{height}.png", full_page=True)
        if found := page.evaluate(CUT_TEXT):
            cut[f"{name} at {width}x{height}"] = found
        page.close()
    assert not cut, cut


def test_drivers_quadrant_and_another_outcome(dashboard, browser):
    page = _open(browser, f"{dashboard}/drivers")
    page.locator('[data-testid="stPlotlyChart"]').first.wait_for(timeout=60_000)
    assert page.get_by_text("Fix first", exact=False).count() > 0
    page.screenshot(path=ARTIFACTS / "drivers_sample_nps.png", full_page=True)
    choose(page, "Outcome to explain", "Still a customer 12 months after the first answer")
    wait_for_run(page)
    page.locator('[data-testid="stPlotlyChart"]').first.wait_for(timeout=60_000)
    assert page.get_by_text("What moves Still a customer", exact=False).count() > 0
    page.screenshot(path=ARTIFACTS / "drivers_sample_retention.png", full_page=True)
    page.close()


def test_pain_points_findings_and_comment_search(dashboard, browser):
    page = _open(browser, f"{dashboard}/pain_points")
    page.get_by_role("heading", name="Themes, their scores and their cost").wait_for(timeout=60_000)
    page.locator('[data-testid="stPlotlyChart"]').first.wait_for(timeout=60_000)
    page.screenshot(path=ARTIFACTS / "pain_points_sample.png", full_page=True)
    search = page.get_by_label("Search the comments")
    search.fill("refund")
    search.press("Enter")
    wait_for_run(page)
    page.get_by_text("comments", exact=False).first.wait_for()
    assert page.get_by_text("refund", exact=False).count() > 0
    page.screenshot(path=ARTIFACTS / "pain_points_sample_search.png", full_page=True)
    page.close()


@pytest.mark.real_data
@pytest.mark.parametrize(
    ("name", "source", "page_name", "expected"),
    [
        ("airline", "airline_satisfaction", "drivers", "Inflight wifi"),
        ("olist", "olist", "pain_points", "late delivery churned"),
    ],
)
def test_real_data_pages(imported, browser, name, source, page_name, expected):
    directory, _ = imported(name, REAL / source)
    server, url = start_dashboard(directory)
    try:
        page = _open(browser, f"{url}/{page_name}")
        page.get_by_text(expected, exact=False).first.wait_for(timeout=60_000)
        page.screenshot(path=ARTIFACTS / f"{page_name}_{name}.png", full_page=True)
        page.close()
    finally:
        stop(server)
