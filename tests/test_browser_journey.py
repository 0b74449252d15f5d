"""The journey pages in real Chromium: the journey map with its charts and worst moments, a journey filter
chosen through the sidebar and kept in the URL, and the funnel; each read in full at 1024x768 and
1920x1080. Screenshots land in tests/artifacts/ (journey_*, funnel_*)."""

import itertools

import pytest

from tests.browser import ARTIFACTS, CUT_TEXT, SIZES, metric_values, wait_for_run

pytestmark = pytest.mark.browser
PAGES = {"journey": "/journey?period=All+time", "funnel": "/funnel?period=Last+full+quarter"}


@pytest.mark.parametrize(("name", "size"), list(itertools.product(PAGES, SIZES)))
def test_journey_pages_read_in_full(dashboard, browser, name, size):
    width, height = size
    page = browser.new_page(viewport={"width": width, "height": height})
    page.goto(dashboard + PAGES[name])
    wait_for_run(page)
    assert page.locator('[data-testid="stException"]').count() == 0
    assert page.locator('[data-testid="stMain"] h1').all_inner_texts() == [
        "Journey map" if name == "journey" else "Funnel"
    ]
    page.locator(".js-plotly-plot").first.wait_for(timeout=30_000)
    if name == "journey":
        assert page.locator(".js-plotly-plot").count() >= 4  # stages, touchpoints, cells, trend (+ channels)
        assert page.get_by_text("Worst moments").count() == 1
    else:
        assert set(metric_values(page)) == {"Visits", "Completed Payment", "Abandoned visits"}
        page.get_by_text("What followed the first visit").wait_for(timeout=30_000)
    page.screenshot(path=ARTIFACTS / f"{name}_{width}x{height}.png")
    tall = page.evaluate("document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
    page.set_viewport_size({"width": width, "height": tall})
    wait_for_run(page)
    page.screenshot(path=ARTIFACTS / f"{name}_{width}x{height}_whole.png")
    assert not page.evaluate(CUT_TEXT)
    page.close()


def test_a_journey_filter_through_the_sidebar_is_kept_in_the_url(dashboard, browser):
    page = browser.new_page(viewport={"width": 1440, "height": 1000})
    page.goto(dashboard + PAGES["journey"])
    wait_for_run(page)
    page.get_by_role("combobox", name="Touchpoint").click()
    page.keyboard.type("Websi")  # the list shows the options that fit below the box: narrow it to the one
    page.get_by_role("option", name="Website", exact=True).click()
    page.keyboard.press("Escape")
    page.wait_for_url("**touchpoint=Website**", timeout=30_000)
    wait_for_run(page)
    page.get_by_text("Touchpoint: Website").first.wait_for(timeout=30_000)
    assert page.locator('[data-testid="stException"]').count() == 0
    shared_url = page.url
    page.screenshot(path=ARTIFACTS / "journey_touchpoint_website.png")
    again = browser.new_page(viewport={"width": 1440, "height": 1000})
    again.goto(shared_url)
    wait_for_run(again)
    again.get_by_text("Touchpoint: Website").first.wait_for(timeout=30_000)
    again.close()
    page.close()
