"""In real Chromium, as a person uses it: a deep link works as the first request after the server starts,
the dashboard shows the KPI grid, takes a filter change through the UI, a reload of the URL shows the same
view, and every page reads in full from a 1024x768 projector to a 1920x1080 screen. Screenshots land in
tests/artifacts/ for a person to look at."""

import itertools
from urllib.parse import urljoin

import pytest

from tests.browser import (
    ARTIFACTS,
    CUT_TEXT,
    DEEP_LINK,
    SIZES,
    choose,
    metric_values,
    start_dashboard,
    stop,
    values_after_change,
    wait_for_run,
    wait_until_done,
)

pytestmark = pytest.mark.browser


def test_deep_link_as_the_first_request_after_start(sample_dir, browser):
    """Streamlit runs a file of pages/ by itself until some script calls st.navigation; a deep link as the
    server's first request must still show the whole dashboard with the filters of the link."""
    server, url = start_dashboard(sample_dir)
    try:
        page = browser.new_page(viewport={"width": 1024, "height": 768})
        page.goto(url + DEEP_LINK)
        wait_until_done(page)
        assert page.locator('[data-testid="stException"]').count() == 0
        assert page.get_by_text("Page not found").count() == 0
        assert page.locator('[data-testid="stMain"] h1').all_inner_texts() == ["Overview"]
        assert len(metric_values(page)) == 10
        filters_on = page.get_by_text("Period Q3 2026 vs", exact=False).first.inner_text()
        assert filters_on.endswith("· Segment: SMB · Plan: Plus"), filters_on
        more = page.locator('[data-testid="stSidebar"] details', has_text="More filters")
        assert more.get_attribute("open") is not None, "a set filter in More filters shows itself"
        page.screenshot(path=ARTIFACTS / "deep_link_first_request.png", full_page=True)
        page.close()
    finally:
        stop(server)


def test_every_page_reads_in_full_from_1024_to_1920(dashboard, browser):
    """No value, label, change, caption or heading is cut on any page of the navigation."""
    first = browser.new_page()
    first.goto(dashboard)
    wait_for_run(first)
    links = first.locator('[data-testid="stSidebarNav"] a')
    pages = {  # a link's text is its icon's name, then its title
        link.inner_text().strip().splitlines()[-1]: urljoin(f"{dashboard}/", link.get_attribute("href"))
        for link in links.all()
    }
    first.close()
    assert {"Overview", "Data", "Glossary"} <= set(pages), pages
    cut = {}
    for (width, height), (name, href) in itertools.product(SIZES, pages.items()):
        page = browser.new_page(viewport={"width": width, "height": height})
        page.goto(href)
        wait_for_run(page)
        assert page.locator('[data-testid="stException"]').count() == 0, name
        page.screenshot(path=ARTIFACTS / f"{name.lower()}_{width}x{height}.png", full_page=True)
        if found := page.evaluate(CUT_TEXT):
            cut[f"{name} at {width}x{height}"] = found
        page.close()
    assert not cut, cut


def test_overview_filter_and_shareable_url(dashboard, browser):
    page = browser.new_page(viewport={"width": 1440, "height": 1000})
    page.goto(dashboard)
    wait_until_done(page)
    first = metric_values(page)
    assert len(first) == 10 and first["NPS"].startswith(("+", "-")), first
    page.screenshot(path=ARTIFACTS / "overview.png", full_page=True)

    choose(page, "Period", "Last 90 days")
    page.wait_for_url("**period=Last*", timeout=30_000)
    changed = values_after_change(page, first)
    assert changed["Revenue"] != first["Revenue"], "the period change reached the figures"
    shared_url = page.url
    page.screenshot(path=ARTIFACTS / "overview_last_90_days.png", full_page=True)

    again = browser.new_page(viewport={"width": 1440, "height": 1000})
    again.goto(shared_url)
    wait_until_done(again)
    assert metric_values(again) == changed, "the URL reopens the same view"
    assert again.get_by_role("combobox", name="Period").input_value() == "Last 90 days"
    again.close()
    page.close()


def test_segment_filter_through_the_ui(dashboard, browser):
    page = browser.new_page(viewport={"width": 1440, "height": 1000})
    page.goto(dashboard)
    wait_until_done(page)
    before = metric_values(page)
    choose(page, "Segment", "Enterprise")
    page.keyboard.press("Escape")
    page.wait_for_url("**segment=Enterprise", timeout=30_000)
    after = values_after_change(page, before)
    assert after["Active customers"] != before["Active customers"]
    page.screenshot(path=ARTIFACTS / "overview_segment.png", full_page=True)
    page.close()


def test_glossary_page(dashboard, browser):
    page = browser.new_page(viewport={"width": 1440, "height": 1000})
    page.goto(f"{dashboard}/glossary")
    page.wait_for_selector("text=Net Promoter Score", timeout=60_000)
    page.screenshot(path=ARTIFACTS / "glossary.png", full_page=True)
    page.close()


@pytest.mark.real_data
def test_imported_real_data_in_the_browser(browser, tmp_path_factory):
    """The browser opens the dashboard on IBM's Telco data as imported: real figures, and a plain note
    for the survey KPIs this data cannot give."""
    from cxdash.ingest.importers import run_import
    from tests.conftest import REAL

    out = tmp_path_factory.mktemp("telco") / "data"
    run_import("telco", REAL / "telco_churn", out)
    server, url = start_dashboard(out)
    try:
        page = browser.new_page(viewport={"width": 1440, "height": 1000})
        page.goto(f"{url}/?period=Last+full+month")
        wait_until_done(page)
        shown = metric_values(page)
        assert shown["Churn rate"] == "26.6%", shown  # 1,869 of the 7,032 customers active on 1 Jan 2024
        assert "NPS" not in shown
        page.get_by_text("IBM Telco customer churn").first.wait_for(timeout=30_000)
        page.get_by_text("no survey responses table").first.wait_for(timeout=30_000)
        page.screenshot(path=ARTIFACTS / "overview_telco.png", full_page=True)
        page.close()
    finally:
        stop(server)
