"""docs/adding-a-page.md, followed step by step in a temporary copy of the project: `new-page` writes a
query, its contract and a page; the example holds; the page runs under AppTest and shows the right figures
(checked against polars on the tiny data's own rows); nothing is overwritten; a typo names file and line."""

import json
import os
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import polars as pl
import pytest

from tests.conftest import ROOT
from tests.tiny import CUSTOMERS, ORDERS

NAME = "revenue_by_month"
GUIDE = ROOT / "docs" / "adding-a-page.md"
NEEDED = ("cxdash", "queries", "pages", "dashboard.py")
# Run inside the copy, so `cxdash` and its paths are the copy's own. The harness sits outside pages/'s
# folder (see tests/app_harness.py) and runs the copy's dashboard.py.
CHECK = """
import json, sys
from pathlib import Path
from streamlit.testing.v1 import AppTest
from cxdash.engine.catalog import catalog
from cxdash.engine.examples import mismatches, run_example

root = Path(sys.argv[1])
query = catalog()[sys.argv[2]]
try:
    found = {"examples": [m for e in query.examples for m in mismatches(query, e, run_example(query, e))]}
except Exception as error:
    found = {"examples": [str(error)]}
at = AppTest.from_file(str(root / "harness" / "app.py"), default_timeout=120).run()
at.switch_page(f"../pages/{query.name}.py").run()
at.sidebar.selectbox(key="period").set_value("Custom").run()
at.sidebar.date_input(key="dates").set_value(("2024-01-01", "2024-03-31")).run()
at.sidebar.multiselect(key="segment").set_value(["SMB"]).run()
found["exceptions"] = [e.message for e in at.exception]
found["titles"] = [t.value for t in at.title]
found["tables"] = [t.value.astype(str).to_dict("records") for t in at.dataframe]
found["charts"] = len(at.get("plotly_chart"))
found["errors"] = [e.value for e in at.error]
found["code"] = [c.value for c in at.code]
print(json.dumps(found))
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """The parts of the project the guide touches, copied: the real one is never written."""
    copy = tmp_path / "project"
    for name in NEEDED:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, copy / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, copy / name)
    (copy / "harness").mkdir()
    (copy / "harness" / "app.py").write_text((ROOT / "tests" / "app_harness.py").read_text(), encoding="utf-8")
    (copy / "check_page.py").write_text(CHECK, encoding="utf-8")
    return copy


def cxdash(project: Path, *args: str, **env: str) -> subprocess.CompletedProcess:
    environment = os.environ | {"PYTHONPATH": str(project)} | env
    return subprocess.run(
        [sys.executable, *args], cwd=project, env=environment, capture_output=True, text=True, timeout=600
    )


def check_page(project: Path, data: Path, analyst: str) -> dict:
    done = cxdash(project, "check_page.py", str(project), NAME, CXDASH_DATA=str(data), CXDASH_ANALYST=analyst)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def months_by_hand() -> list[dict]:
    """Orders of SMB customers from 1 January to 31 March 2024, per month, from the tiny rows themselves."""
    smb = CUSTOMERS.filter(pl.col("segment") == "SMB")["customer_id"]
    orders = ORDERS.filter(
        pl.col("customer_id").is_in(smb.to_list()),
        pl.col("order_date").dt.date().is_between(date(2024, 1, 1), date(2024, 3, 31)),
    )
    per_month = (
        orders.group_by(month=pl.col("order_date").dt.date().dt.truncate("1mo"))
        .agg(orders=pl.len(), revenue=pl.col("amount").sum())
        .sort("month")
    )
    return [{"month": str(m), "orders": str(n), "revenue": str(r)} for m, n, r in per_month.iter_rows()]


def template_query(directory: Path):
    """The query `new-page` writes, written to `directory` and read as the catalog reads it."""
    from cxdash.analyst.new_page import TEMPLATES, title
    from cxdash.engine.catalog import parse_query

    for suffix in ("sql", "yaml"):
        text = (TEMPLATES / f"query.{suffix}.tmpl").read_text(encoding="utf-8")
        (directory / f"{NAME}.{suffix}").write_text(text.replace("__NAME__", NAME).replace("__TITLE__", title(NAME)))
    return parse_query(directory / f"{NAME}.sql")


def test_the_template_query_follows_the_rules(tmp_path):
    """The rules every file of queries/ is held to (tests/test_queries.py), so a new page starts valid."""
    from tests.test_queries import test_portable_and_sorted

    test_portable_and_sorted(template_query(tmp_path))


def test_the_guide_names_the_steps_this_test_takes():
    guide = GUIDE.read_text(encoding="utf-8")
    for step in (f"python -m cxdash new-page {NAME}", "tests/test_queries.py tests/test_pages.py -k", "CXDASH_ANALYST"):
        assert step in guide, step


def test_a_new_page_in_one_command(project, tiny_dir):
    # 1. one command writes the three files
    done = cxdash(project, "-m", "cxdash", "new-page", NAME)
    assert done.returncode == 0, done.stderr
    queries, pages = project / "queries", project / "pages"
    written = [queries / f"{NAME}.sql", queries / f"{NAME}.yaml", pages / f"{NAME}.py"]
    assert all(path.is_file() for path in written)
    assert f"wrote pages/{NAME}.py" in done.stdout

    # 2-4. its example holds, the page runs under AppTest in the navigation, with the right figures
    found = check_page(project, tiny_dir, analyst="1")
    assert found["examples"] == [] and found["exceptions"] == []
    assert found["titles"] == ["Revenue by month"]
    want = months_by_hand()
    assert [row["month"] for row in want] == ["2024-02-01", "2024-03-01"], "a month with no SMB orders has no row"
    assert want[1] == {"month": "2024-03-01", "orders": "3", "revenue": "220.0"}, "100 + 50 + 70, by hand"
    assert found["tables"] == [want]
    assert found["charts"] == 1

    # never over an existing file: a second run refuses with one line and leaves the files as they were
    (written[0]).write_text(written[0].read_text() + "-- edited\n")
    again = cxdash(project, "-m", "cxdash", "new-page", NAME)
    assert again.returncode == 2 and again.stdout == ""
    assert again.stderr.count("\n") == 1 and "already exists; nothing was written" in again.stderr
    assert written[0].read_text().endswith("-- edited\n")

    # 5. a typo: analysts see the file and line, viewers a plain sentence
    sql = written[0].read_text()
    typo_line = next(n for n, line in enumerate(sql.splitlines(), 1) if "SUM(d.revenue)" in line)
    written[0].write_text(sql.replace("SUM(d.revenue)", "SUM(d.revenu)"))
    analyst = check_page(project, tiny_dir, analyst="1")
    assert analyst["exceptions"] == [] and "revenu" in analyst["examples"][0]
    assert any(f"{NAME}.sql, line {typo_line}" in e for e in analyst["errors"]), analyst["errors"]
    assert any(f"queries/{NAME}.sql:{typo_line}:" in c and "revenu" in c for c in analyst["code"]), analyst["code"]
    viewer = check_page(project, tiny_dir, analyst="0")
    assert viewer["exceptions"] == [] and viewer["code"] == []
    assert viewer["errors"] == ["This part could not be computed. The people who maintain this dashboard can see why."]


@pytest.mark.parametrize("bad", ["Revenue", "2nd_page", "my-page", "class", "a" * 49, ""])
def test_a_bad_name_is_refused_in_one_line(project, bad):
    before = sorted(project.rglob("*"))
    done = cxdash(project, "-m", "cxdash", "new-page", bad)
    assert done.returncode == 2 and done.stderr.count("\n") == 1, done.stderr
    assert "cannot name a page" in done.stderr
    assert sorted(project.rglob("*")) == before, "nothing was written"
