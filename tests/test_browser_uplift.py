"""The Spend uplift page in real Chromium: it draws the headline, both charts and the tables, changing the
metric through the UI redraws it, and nothing on it is cut at 1024x768. Screenshots in tests/artifacts/."""

import pytest

from tests.browser import ARTIFACTS, CUT_TEXT, choose, wait_for_run, wait_until_done

pytestmark = pytest.mark.browser


def test_the_uplift_page_in_a_browser(dashboard, browser):
    page = browser.new_page(viewport={"width": 1024, "height": 768})
    page.goto(f"{dashboard}/uplift")
    wait_until_done(page)
    assert page.locator('[data-testid="stException"]').count() == 0
    assert page.locator('[data-testid="stMain"] h1').all_inner_texts() == ["Spend uplift"]
    assert page.get_by_text("Promoters spend", exact=False).count() >= 1
    assert page.locator(".js-plotly-plot").count() == 2
    assert page.evaluate(CUT_TEXT) == []
    page.screenshot(path=ARTIFACTS / "uplift_nps_1024.png", full_page=True)

    choose(page, "Experience measured by", "CSAT")
    wait_for_run(page)
    page.wait_for_function("() => document.body.innerText.includes('customers scoring 5')", timeout=60_000)
    assert page.locator('[data-testid="stException"]').count() == 0
    page.screenshot(path=ARTIFACTS / "uplift_csat_1024.png", full_page=True)
    page.close()


def test_the_whole_uplift_page_on_a_tall_screen(dashboard, browser):
    """The page's main area scrolls inside the window: a tall window shows it whole, for a person to read."""
    page = browser.new_page(viewport={"width": 1366, "height": 3700})
    page.goto(f"{dashboard}/uplift")
    wait_until_done(page)
    page.wait_for_function("() => document.body.innerText.includes('Beside the published evidence')", timeout=60_000)
    assert page.locator('[data-testid="stException"]').count() == 0
    page.screenshot(path=ARTIFACTS / "uplift_whole_page.png", full_page=True)
    page.close()
