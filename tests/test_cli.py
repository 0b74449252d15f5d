"""The CLI contract: `sample`, `check`, `kpis` as DESIGN.md fixes them, checked on the sample against an
independent computation of the definitions; every mistake on the command line is one line and exit 2."""

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import polars as pl
import pytest

import cxdash.engine.choose
from cxdash.cli import main
from cxdash.engine.engine import CLI_KEYS
from cxdash.figures.formatting import format_value
from cxdash.figures.registry import KPI_BY_NAME
from cxdash.ingest.datadir import DatasetMeta, write_datadir
from tests.conftest import ROOT
from tests.independent import TABLES, kpis_from_files, kpis_from_tables
from tests.tiny import CUSTOMERS, RESPONSES

PERIODS = [
    ("2026-08-01", "2026-10-31", None),
    ("2025-01-01", "2025-12-31", None),
    ("2026-10-01", "2026-10-31", "SMB"),
    ("2024-06-01", "2024-06-30", "Enterprise"),
]


@pytest.fixture
def run(capsys):
    """main(args) -> (exit code, stdout, stderr)."""

    def call(*args: str | Path) -> tuple[int, str, str]:
        code = main([str(a) for a in args])
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return call


@pytest.mark.parametrize(("start", "end", "segment"), PERIODS)
def test_kpis_match_an_independent_computation(sample_dir, run, start, end, segment):
    args = ["kpis", sample_dir, "--start", start, "--end", end, "--format", "json"]
    code, out, _ = run(*args, *(["--segment", segment] if segment else []))
    shown = json.loads(out)
    assert code == 0
    assert set(CLI_KEYS) <= set(shown) and set(shown) - set(CLI_KEYS) == {"retention_rate", "active_customers"}
    expected = kpis_from_files(sample_dir, date.fromisoformat(start), date.fromisoformat(end), segment)
    for key, value in expected.items():
        assert shown[key] == (None if value is None else pytest.approx(value, rel=1e-9, abs=1e-9)), key
    churn = shown["churn_rate"]
    assert shown["retention_rate"] == (None if churn is None else pytest.approx(1 - churn))


def test_filters_repeat_within_and_across_dimensions(sample_dir, run):
    """Values of one dimension are alternatives; dimensions must all hold (as the filter bar does)."""
    code, out, _ = run(
        "kpis", sample_dir, "--start", "2026-01-01", "--end", "2026-06-30", "--format", "json",
        "--filter", "region=North", "--filter", "region=South", "--segment", "SMB",
    )  # fmt: skip
    assert code == 0
    tables = {name: pl.read_parquet(sample_dir / f"{name}.parquet") for name in TABLES}
    kept = tables["customers"].filter(pl.col("region").is_in(["North", "South"]) & (pl.col("segment") == "SMB"))
    ids = kept["customer_id"].implode()
    subset = {
        "customers": kept,
        "orders": tables["orders"].filter(pl.col("customer_id").is_in(ids)),
        "survey_responses": tables["survey_responses"].filter(pl.col("customer_id").is_in(ids)),
    }
    expected = kpis_from_tables(subset, date(2026, 1, 1), date(2026, 6, 30))
    shown = json.loads(out)
    for key, value in expected.items():
        assert shown[key] == (None if value is None else pytest.approx(value, rel=1e-9, abs=1e-9)), key


def test_tiny_march_by_hand(tiny_dir, run):
    """tests/tiny.py works March 2024 out on paper: 4 active at start, 2 churned, 3 active at the end."""
    code, out, _ = run("kpis", tiny_dir, "--start", "2024-03-01", "--end", "2024-03-31", "--format", "json")
    shown = json.loads(out)
    assert code == 0
    assert (shown["active_start"], shown["churned"], shown["active_customers"]) == (4, 2, 3)
    assert (shown["churn_rate"], shown["retention_rate"]) == (0.5, 0.5)
    assert (shown["revenue"], shown["orders"], shown["aov"]) == (200.0, 4, 50.0)
    # half the adjusted Wald interval: p = d = (2 + 0.75) / 8, 1.96 * 100 * sqrt((p + d) / 8) = 57.5
    assert shown["nps"] == 0.0 and shown["nps_n"] == 5 and shown["nps_moe95"] == pytest.approx(57.4576, abs=1e-4)


def test_text_shows_figures_as_the_screen_does(tiny_dir, run):
    code, out, _ = run("kpis", tiny_dir, "--start", "2024-03-01", "--end", "2024-03-31")
    lines = out.splitlines()
    assert code == 0 and lines[0] == "Tiny hand-made data · Mar 2024 · USD"
    shown = {line[:18].strip(): line[19:] for line in lines[1:]}
    kpi = KPI_BY_NAME
    assert shown["Revenue"] == format_value(kpi["revenue"], 200.0)
    assert shown["Churn rate"] == format_value(kpi["churn_rate"], 0.5)
    assert shown["NPS"] == f"{format_value(kpi['nps'], 0.0)} ± 57.5 (n = 5)"
    assert shown["CSAT"] == f"{format_value(kpi['csat'], 200 / 3)} (n = 3)"
    assert shown["Active at start"] == "4" and shown["Active customers"] == format_value(kpi["active_customers"], 3)


def test_no_responses_in_the_period_gives_null_not_zero(tiny_dir, run):
    """February 2024 has customers and one order but no survey answer."""
    code, out, _ = run("kpis", tiny_dir, "--start", "2024-02-01", "--end", "2024-02-29", "--format", "json")
    shown = json.loads(out)
    assert code == 0 and shown["orders"] == 1
    for metric in ("nps", "csat", "ces"):
        assert shown[metric] is None and shown[f"{metric}_n"] == 0
    assert shown["nps_moe95"] is None
    code, out, _ = run("kpis", tiny_dir, "--start", "2024-02-01", "--end", "2024-02-29")
    assert "CSAT               – (no responses)" in out.splitlines()


def test_a_figure_without_its_table_is_null(tmp_path, run):
    """Like the airline data: customers and surveys, no orders table; revenue is unknown, not 0.0."""
    write_datadir(
        tmp_path / "d", {"customers": CUSTOMERS, "survey_responses": RESPONSES}, DatasetMeta(name="No orders")
    )
    code, out, _ = run("kpis", tmp_path / "d", "--start", "2024-03-01", "--end", "2024-03-31", "--format", "json")
    shown = json.loads(out)
    assert code == 0
    assert shown["revenue"] is None and shown["orders"] is None and shown["aov"] is None
    assert shown["nps_n"] == 5 and shown["active_start"] == 4
    code, out, _ = run("kpis", tmp_path / "d", "--start", "2024-03-01", "--end", "2024-03-31")
    assert "Revenue            – (no orders table)" in out.splitlines()


def test_sample_is_deterministic_and_checks(tmp_path, run):
    for name in ("a", "b"):
        assert run("sample", "--out", tmp_path / name, "--customers", "500", "--seed", "3")[0] == 0
    for table in ("customers", "orders", "survey_responses"):
        assert (tmp_path / "a" / f"{table}.parquet").read_bytes() == (tmp_path / "b" / f"{table}.parquet").read_bytes()
    code, out, _ = run("check", tmp_path / "a")
    assert code == 0 and out.strip() == "ok"


def test_module_entry_point_exits_1_on_bad_data(tmp_path):
    (tmp_path / "orders.csv").write_text("order_id\n1\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "cxdash", "check", str(tmp_path)], capture_output=True, text=True, cwd=ROOT
    )
    assert done.returncode == 1 and "missing required column 'customer_id'" in done.stdout


def test_module_entry_point_exits_2_with_one_line(tiny_dir):
    done = subprocess.run(
        [sys.executable, "-m", "cxdash", "kpis", str(tiny_dir), "--start", "2024-02-30", "--end", "2024-03-31"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr == (
        "python -m cxdash kpis: error: argument --start: '2024-02-30' is not a real date "
        "(day is out of range for month)\n"
    )


def test_kpis_on_bad_data_exits_1(tmp_path, run):
    (tmp_path / "orders.csv").write_text("order_id\n1\n", encoding="utf-8")
    code, _, err = run("kpis", tmp_path, "--start", "2024-01-01", "--end", "2024-01-31")
    assert code == 1 and "missing required column" in err


TINY_MARCH = ("--start", "2024-03-01", "--end", "2024-03-31")
MISTAKES = [
    (["--start", "2026-13-01", "--end", "2026-12-31"], "argument --start: '2026-13-01' is not a real date (month"),
    (["--start", "01/02/2026", "--end", "2026-12-31"], "argument --start: '01/02/2026' is not a date in the form"),
    (["--start", "2024-03-31", "--end", "2024-03-01"], "argument --end: 2024-03-01 is before --start 2024-03-31"),
    ([*TINY_MARCH, "--segment", "smb"], "argument --segment: no segment 'smb' in this data; did you mean SMB? "),
    ([*TINY_MARCH, "--segment", "Startup"], "no segment 'Startup' in this data (known: Enterprise, SMB)"),
    ([*TINY_MARCH, "--filter", "plan=basic"], "argument --filter: no plan 'basic' in this data; did you mean Basic?"),
    ([*TINY_MARCH, "--filter", "regoin=North"], "'regoin' is not a customer dimension of this data; did you mean"),
    ([*TINY_MARCH, "--filter", "region"], "argument --filter: 'region' is not DIM=VALUE (for example segment=SMB)"),
    ([*TINY_MARCH, "--format", "xml"], "argument --format: invalid choice: 'xml'"),
    (["--start", "2030-01-01", "--end", "2030-12-31"], "2030-01-01 to 2030-12-31 is after the data, which runs from"),
    (["--start", "2019-01-01", "--end", "2019-01-31"], "2019-01-01 to 2019-01-31 is before the data"),
]


@pytest.mark.parametrize(("args", "expected"), MISTAKES)
def test_kpis_mistakes_exit_2_with_one_line(tiny_dir, run, args, expected):
    code, out, err = run("kpis", tiny_dir, *args)
    assert code == 2 and out == ""
    assert err.startswith("python -m cxdash kpis: error: ") and err.count("\n") == 1, err
    assert expected in err and "Traceback" not in err


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["sample", "--out", "{new}", "--customers", "0"], "argument --customers: must be at least 100, got 0"),
        (["sample", "--out", "{new}", "--customers", "1"], "argument --customers: must be at least 100, got 1"),
        (["sample", "--out", "{new}", "--customers", "-5"], "argument --customers: must be at least 100, got -5"),
        (["sample", "--out", "{new}", "--customers", "ten"], "argument --customers: 'ten' is not a whole number"),
        (["sample", "--out", "{new}", "--seed", "-1"], "argument --seed: must be at least 0, got -1"),
        (["sample", "--out", "/etc/passwd"], "argument --out: /etc/passwd already exists (a file); give a new folder"),
        (["sample", "--out", "{dir}"], "already exists (a folder); give a new folder (nothing was written)"),
        (["sample", "--out", "{file}/x"], "argument --out: cannot create"),
        (["bench", "--customers", "0"], "argument --customers: must be at least 1,000, got 0"),
        (["import", "telco", "/nonexistent", "--out", "{new}"], "argument src: no such file or folder: /nonexistent"),
        (["import", "telco", "{dir}", "--out", "{dir}"], "argument --out: {dir} already exists (a folder)"),
        (["check", "{new}"], "argument dir: no such folder: {new}"),
        (["kpis", "{file}", *TINY_MARCH], "argument dir: {file} is a file; give the data dir (the folder) instead"),
        (["map", "a.csv", "--mapping", "{new}", "--out", "{new}"], "argument --mapping: no such file: {new}"),
        (["nonsense"], "argument command: invalid choice: 'nonsense'"),
    ],
)
def test_other_mistakes_exit_2_with_one_line(tmp_path, run, args, expected):
    names = {"new": tmp_path / "new", "dir": tmp_path / "dir", "file": tmp_path / "file.txt"}
    names["dir"].mkdir()
    names["file"].write_text("x", encoding="utf-8")
    before = sorted(tmp_path.rglob("*"))
    code, out, err = run(*[a.format(**names) for a in args])
    assert code == 2 and out == "" and err.count("\n") == 1, err
    assert expected.format(**names) in err and "Traceback" not in err
    assert sorted(tmp_path.rglob("*")) == before, "nothing written"


def test_an_unexpected_failure_is_one_line_and_exit_1(tiny_dir, run, monkeypatch):
    def broken(directory: Path) -> None:
        raise RuntimeError("disk on fire\nsecond line")

    monkeypatch.setattr(cxdash.engine.choose, "open_engine", broken)
    code, out, err = run("kpis", tiny_dir, *TINY_MARCH)
    assert code == 1 and out == ""
    assert err == "python -m cxdash: unexpected error: RuntimeError: disk on fire\n"
