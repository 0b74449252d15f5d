"""The Cohorts and Survival pages in real Chromium: the heatmap, switching kinds, a click on a cell that
opens its customers, and the CSV download. Screenshots land in tests/artifacts/ for a person to look at."""

import pytest

from tests.browser import ARTIFACTS, CUT_TEXT, wait_for_run

pytestmark = pytest.mark.browser


def _open(browser, url: str, width: int = 1440, height: int = 1000):
    page = browser.new_page(viewport={"width": width, "height": height}, accept_downloads=True)
    page.goto(url)
    wait_for_run(page)
    assert page.locator('[data-testid="stException"]').count() == 0
    return page


def test_cohort_heatmap_kinds_cell_drill_down_and_csv(dashboard, browser):
    page = _open(browser, f"{dashboard}/cohorts")
    heatmap = page.locator(".st-key-cohort_heatmap")
    heatmap.wait_for()
    assert "Logo retention by sign-up month" in heatmap.inner_text()
    page.screenshot(path=ARTIFACTS / "cohorts_logo.png", full_page=True)

    page.locator(".st-key-cohort_kind").get_by_text("Active retention", exact=True).click()
    wait_for_run(page)
    assert "Active retention by sign-up month" in page.locator(".st-key-cohort_heatmap").inner_text()
    page.locator(".st-key-cohort_kind").get_by_text("Net revenue retention", exact=True).click()
    wait_for_run(page)
    assert "Net revenue retention by sign-up month" in page.locator(".st-key-cohort_heatmap").inner_text()
    page.locator(".st-key-cohort_kind").get_by_text("Logo retention", exact=True).click()
    wait_for_run(page)

    # a click on a cell of the heatmap's plot area opens the customers behind it
    plot = page.locator(".st-key-cohort_heatmap .nsewdrag").first
    box = plot.bounding_box()
    plot.click(position={"x": box["width"] * 0.06, "y": box["height"] * 0.1})
    wait_for_run(page)
    caption = page.get_by_text("customers in cohort", exact=False).first
    caption.wait_for(timeout=30_000)
    chosen = caption.inner_text()
    assert "at month 0" in chosen, chosen
    page.screenshot(path=ARTIFACTS / "cohorts_drill_down.png", full_page=True)

    with page.expect_download() as download:
        page.get_by_role("button", name="Download CSV").first.click()
    path = download.value.path()
    header, *rows = path.read_text(encoding="utf-8").splitlines()
    assert header == "customer_id,signup_date,churn_date,retained,ordered,revenue_month_0,revenue_month_k"
    assert f"{len(rows):,} customers" in chosen
    page.close()


def test_survival_page_curves_and_a_group_drill_down(dashboard, browser):
    page = _open(browser, f"{dashboard}/survival")
    page.locator(".st-key-survival_chart").wait_for()
    assert page.get_by_text("Log-rank test", exact=False).count() == 1
    page.screenshot(path=ARTIFACTS / "survival_nps.png", full_page=True)
    page.get_by_text("Customers of a group").click()
    page.get_by_text("customers in promoter", exact=False).first.wait_for(timeout=30_000)
    page.close()


@pytest.mark.parametrize(("width", "height"), [(1024, 768), (1920, 1080)])
def test_cohort_pages_read_in_full(dashboard, browser, width, height):
    for name in ("cohorts", "survival"):
        page = _open(browser, f"{dashboard}/{name}", width, height)
        page.screenshot(path=ARTIFACTS / f"{name}_{width}x{height}.png", full_page=True)
        assert page.evaluate(CUT_TEXT) == [], name
        page.close()


def test_every_chart_of_the_cohort_pages_draws(dashboard, browser):
    """Each chart scrolled into view and saved on its own (the page scrolls inside its main area)."""
    charts = {"cohorts": ("cohort_month_k", "churn_over_time", "churn_bars"), "survival": ("survival_chart",)}
    for name, keys in charts.items():
        page = _open(browser, f"{dashboard}/{name}")
        for key in keys:
            chart = page.locator(f".st-key-{key}")
            chart.scroll_into_view_if_needed()
            chart.locator(".main-svg").first.wait_for()
            chart.screenshot(path=ARTIFACTS / f"{key}.png")
        page.close()
