"""In real Chromium, as a person uses it: the dashboard opens on the sample, shows the KPI grid, takes a
filter change through the UI, and a reload of the URL shows the same view. Screenshots land in
tests/artifacts/ for a person to look at."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.browser
CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_dashboard(data_dir: Path) -> tuple[subprocess.Popen, str]:
    port = _free_port()
    command = [sys.executable, "-m", "streamlit", "run", "dashboard.py", "--server.port", str(port)]
    command += ["--server.headless", "true", "--", "--data", str(data_dir)]
    server = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    for _ in range(120):
        try:
            urllib.request.urlopen(f"{url}/_stcore/health", timeout=1)
            return server, url
        except OSError:
            time.sleep(0.5)
    server.kill()
    raise RuntimeError("the dashboard did not start")


@pytest.fixture(scope="module")
def dashboard(sample_dir: Path) -> Iterator[str]:
    server, url = start_dashboard(sample_dir)
    yield url
    server.terminate()
    server.wait(timeout=20)


@pytest.fixture(scope="module")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: apt-get install -y chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


def wait_until_done(page) -> None:
    """Streamlit shows a running indicator while a script runs; wait for the grid and for it to go."""
    page.wait_for_selector('[data-testid="stMetric"]', timeout=60_000)
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=60_000)
    page.wait_for_timeout(500)


def metric_values(page) -> dict[str, str]:
    found = {}
    for metric in page.locator('[data-testid="stMetric"]').all():
        label = metric.locator('[data-testid="stMetricLabel"]').inner_text().strip()
        found[label] = metric.locator('[data-testid="stMetricValue"]').inner_text().strip()
    return found


def values_after_change(page, before: dict[str, str]) -> dict[str, str]:
    """The grid once the rerun a UI change started has redrawn it (or as it is after 30 s)."""
    for _ in range(60):
        wait_until_done(page)
        now = metric_values(page)
        if now != before:
            return now
    return now


def choose(page, label: str, option: str) -> None:
    page.get_by_role("combobox", name=label).click()
    page.get_by_role("option", name=option, exact=True).click()


def test_overview_filter_and_shareable_url(dashboard, browser):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
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
    page.get_by_role("combobox", name="Segment").click()
    page.get_by_role("option", name="Enterprise", exact=True).click()
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
        server.terminate()
        server.wait(timeout=20)
