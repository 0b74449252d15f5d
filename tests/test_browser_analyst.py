"""In real Chromium: the Query catalog runs a query and offers its CSV; the SQL explorer answers, refuses in
plain words, and two explorers running past their time limit at once leave the Overview answering in a
third tab. Screenshots land in tests/artifacts/ (analyst_*.png)."""

import pytest

from tests.browser import ARTIFACTS, choose, metric_values, start_dashboard, stop, wait_for_run, wait_until_done
from tests.test_sandbox import FOREVER

pytestmark = pytest.mark.browser
RUNNING = '[data-testid="stApp"][data-test-script-state="running"]'
LONG_LIMIT = 45  # seconds


def open_page(browser, url: str, width: int = 1440, height: int = 1000):
    page = browser.new_page(viewport={"width": width, "height": height})
    page.goto(url)
    wait_for_run(page)
    assert page.locator('[data-testid="stException"]').count() == 0
    return page


def ask(page, sql: str, wait: bool = True) -> None:
    page.get_by_role("textbox", name="SQL", exact=True).fill(sql)
    page.get_by_role("button", name="Run").click()
    if wait:
        page.wait_for_timeout(500)
        wait_for_run(page)


def test_the_catalog_runs_a_query(dashboard, browser):
    page = open_page(browser, f"{dashboard}/query_catalog")
    assert page.locator('[data-testid="stMain"] h1').all_inner_texts() == ["Query catalog"]
    choose(page, "Run a query", "trend_orders")
    wait_for_run(page)
    assert page.get_by_text("grain (enum[week,month])").count() == 1
    assert page.locator('[data-testid="stPlotlyChart"]').count() == 1
    assert page.get_by_role("button", name="Download CSV").count() == 1
    page.screenshot(path=ARTIFACTS / "analyst_query_catalog.png", full_page=True)
    page.close()


def test_the_explorer_answers_and_refuses(dashboard, browser):
    page = open_page(browser, f"{dashboard}/sql_explorer")
    ask(page, "SELECT metric, CAST(SUM(n) AS BIGINT) AS answers FROM daily_responses GROUP BY metric ORDER BY metric")
    assert page.get_by_text("3 rows in").count() == 1
    assert page.get_by_text("Save as a query file").count() == 1, "on this machine, an analyst"
    page.screenshot(path=ARTIFACTS / "analyst_sql_explorer.png", full_page=True)
    ask(page, "DROP TABLE calendar")
    assert page.get_by_text("Only a SELECT (or WITH ... SELECT) can run here, not DROP.").count() == 1
    page.screenshot(path=ARTIFACTS / "analyst_sql_explorer_refused.png", full_page=True)
    page.close()


def test_two_explorers_past_their_limit_leave_the_overview_answering(sample_dir, browser, monkeypatch):
    """Its own server, with a time limit long enough for the Overview to finish first on a busy machine."""
    monkeypatch.setenv("CXDASH_SQL_SECONDS", str(LONG_LIMIT))
    server, url = start_dashboard(sample_dir)
    try:
        explorers = [open_page(browser, f"{url}/sql_explorer") for _ in range(2)]
        for explorer in explorers:
            ask(explorer, FOREVER, wait=False)
        for explorer in explorers:
            explorer.wait_for_selector(RUNNING, timeout=30_000)
        overview = browser.new_page(viewport={"width": 1440, "height": 1000})
        overview.goto(url)
        wait_until_done(overview)
        assert len(metric_values(overview)) == 10
        still = [e.locator(RUNNING).count() for e in explorers]
        overview.screenshot(path=ARTIFACTS / "analyst_overview_while_explorers_run.png", full_page=True)
        for explorer in explorers:
            explorer.wait_for_selector("text=the query ran past the time limit", timeout=(LONG_LIMIT + 60) * 1000)
        explorers[0].screenshot(path=ARTIFACTS / "analyst_sql_explorer_stopped.png", full_page=True)
        assert still == [1, 1], "the Overview finished while both explorers were still running"
        for page in (*explorers, overview):
            page.close()
    finally:
        stop(server)
