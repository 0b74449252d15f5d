"""What every browser test shares: a dashboard server, Chromium (the Debian package: Playwright's own
download does not work here), and waits that know when Streamlit has drawn a run. The `dashboard` and
`browser` fixtures live in conftest.py, one of each per test process."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import ROOT

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = ROOT / "tests" / "artifacts"
SIZES = ((1024, 768), (1920, 1080))
DEEP_LINK = "/overview?period=Last+full+quarter&segment=SMB&f.plan=Plus"
# Done: the script stopped, nothing is left as a skeleton or stale from a run before.
RUN_DONE = """() => document.querySelector('[data-testid="stApp"][data-test-script-state="notRunning"]')
    && !document.querySelector('[data-testid="stSkeleton"], [data-stale="true"]')
    && document.querySelector('[data-testid="stMain"] h1')"""
# Every text element of the main area (and what is inside it) whose text is wider than its box: cut.
CUT_TEXT = """() => {
    const main = document.querySelector('[data-testid="stMain"]');
    const texts = main.querySelectorAll('[data-testid^="stMetric"]:not([data-testid="stMetricChart"]), '
        + '[data-testid="stCaptionContainer"], [data-testid="stHeading"], [data-testid="stMarkdownContainer"], '
        + 'h1, h2, h3, h4, h5, h6');
    const cut = new Set();
    for (const text of texts) {
        for (const el of [text, ...text.querySelectorAll('*')]) {
            if (!el.closest('svg') && el.clientWidth > 0 && el.scrollWidth > el.clientWidth + 1) {
                cut.add(`${el.dataset.testid || el.tagName}: "${el.textContent.slice(0, 50)}" `
                    + `${el.scrollWidth} px in ${el.clientWidth} px`);
            }
        }
    }
    return [...cut];
}"""
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


def launch_chromium(playwright):
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: apt-get install -y chromium")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


def stop(server: subprocess.Popen) -> None:
    server.terminate()
    server.wait(timeout=20)


def wait_for_run(page) -> None:
    """Until the script run is over and drawn; twice, as a run can start another (a URL being rewritten)."""
    for _ in range(2):
        page.wait_for_function(RUN_DONE, timeout=90_000)
        page.wait_for_timeout(500)


def wait_until_done(page) -> None:
    page.wait_for_selector('[data-testid="stMetric"]', timeout=90_000)
    wait_for_run(page)


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
    """Pick an option the way a person does in a long list: open the box, type, click the match (the
    list shows only the options that fit below the box)."""
    page.get_by_role("combobox", name=label).click()
    page.keyboard.type(option)
    page.get_by_role("option", name=option, exact=True).click()
