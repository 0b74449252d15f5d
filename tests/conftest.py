"""Shared data dirs: the hand-made tiny one and a small embedded sample, each built once per run."""

import os
from pathlib import Path

import pytest

from cxdash.engine.engine import Engine, open_engine
from tests.tiny import write_tiny

ROOT = Path(__file__).resolve().parent.parent
# ../shared beside the project; CXDASH_SHARED points elsewhere (a git worktree inside the project)
REAL = Path(os.environ.get("CXDASH_SHARED", ROOT.parent / "shared")) / "data" / "real"
SAMPLE_CUSTOMERS = 3_000


@pytest.fixture(scope="session", autouse=True)
def database_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Databases built by the tests go to a temporary cache, never to the project's data/.cache."""
    cache = tmp_path_factory.mktemp("cache")
    os.environ["CXDASH_CACHE"] = str(cache)
    return cache


@pytest.fixture(scope="session")
def tiny_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_tiny(tmp_path_factory.mktemp("tiny"))


@pytest.fixture(scope="session")
def tiny(tiny_dir: Path) -> Engine:
    return open_engine(tiny_dir)


@pytest.fixture(scope="session")
def sample_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from cxdash.ingest.sample import write_sample

    return write_sample(tmp_path_factory.mktemp("sample"), customers=SAMPLE_CUSTOMERS, seed=11)


@pytest.fixture(scope="session")
def sample(sample_dir: Path) -> Engine:
    return open_engine(sample_dir)


@pytest.fixture(scope="session")
def imported(tmp_path_factory: pytest.TempPathFactory):
    """Each real data set imported once per run: (name, source) -> (data dir, import report)."""
    from cxdash.ingest.importers import run_import

    base = tmp_path_factory.mktemp("imports")
    cache = {}

    def get(name: str, src: Path):
        key = (name, str(src))
        if key not in cache:
            out = base / f"{name}-{len(cache)}"
            cache[key] = (out, run_import(name, src, out))
        return cache[key]

    return get


@pytest.fixture
def data_env(monkeypatch: pytest.MonkeyPatch):
    """Point the app at a data dir for one test, as `--data DIR` would."""

    def use(directory: Path) -> None:
        monkeypatch.setenv("CXDASH_DATA", str(directory))

    yield use
    os.environ.pop("CXDASH_DATA", None)


@pytest.fixture(scope="session")
def dashboard(sample_dir: Path):
    """One dashboard server on the sample per test process, for browser tests that only read: a test
    that writes (goals) starts its own on a copy with `tests.browser.start_dashboard`."""
    from tests.browser import start_dashboard, stop

    server, url = start_dashboard(sample_dir)
    yield url
    stop(server)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    from tests.browser import launch_chromium

    with sync_playwright() as p:
        launched = launch_chromium(p)
        yield launched
        launched.close()
