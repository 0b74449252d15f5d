"""The CLI contract: `sample`, `check`, `kpis` as DESIGN.md fixes them, checked on the sample against an
independent computation of the definitions."""

import json
import subprocess
import sys
from datetime import date

import pytest

from cxdash.cli import main
from cxdash.engine.engine import CLI_KEYS
from tests.conftest import ROOT
from tests.independent import kpis_from_files

PERIODS = [
    ("2026-08-01", "2026-10-31", None),
    ("2025-01-01", "2025-12-31", None),
    ("2026-10-01", "2026-10-31", "SMB"),
    ("2024-06-01", "2024-06-30", "Enterprise"),
    ("2019-01-01", "2019-01-31", None),  # before the data: empty
]


@pytest.mark.parametrize(("start", "end", "segment"), PERIODS)
def test_kpis_match_an_independent_computation(sample_dir, capsys, start, end, segment):
    args = ["kpis", str(sample_dir), "--start", start, "--end", end, "--format", "json"]
    assert main(args + (["--segment", segment] if segment else [])) == 0
    shown = json.loads(capsys.readouterr().out)
    expected = kpis_from_files(sample_dir, date.fromisoformat(start), date.fromisoformat(end), segment)
    assert list(shown) == list(CLI_KEYS)
    for key, value in expected.items():
        assert shown[key] == (None if value is None else pytest.approx(value, rel=1e-9, abs=1e-9)), key


def test_margin_of_error_in_json(sample_dir, capsys):
    main(["kpis", str(sample_dir), "--start", "2026-01-01", "--end", "2026-10-31", "--format", "json"])
    shown = json.loads(capsys.readouterr().out)
    assert 0 < shown["nps_moe95"] < 20 and shown["nps_n"] > 100


def test_sample_is_deterministic_and_checks(tmp_path, capsys):
    for name in ("a", "b"):
        assert main(["sample", "--out", str(tmp_path / name), "--customers", "500", "--seed", "3"]) == 0
    for table in ("customers", "orders", "survey_responses"):
        assert (tmp_path / "a" / f"{table}.parquet").read_bytes() == (tmp_path / "b" / f"{table}.parquet").read_bytes()
    capsys.readouterr()
    assert main(["check", str(tmp_path / "a")]) == 0
    assert capsys.readouterr().out.strip() == "ok"


def test_module_entry_point_exits_1_on_bad_data(tmp_path):
    (tmp_path / "orders.csv").write_text("order_id\n1\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "cxdash", "check", str(tmp_path)], capture_output=True, text=True, cwd=ROOT
    )
    assert done.returncode == 1 and "missing required column 'customer_id'" in done.stdout


def test_kpis_on_bad_data_exits_1(tmp_path, capsys):
    (tmp_path / "orders.csv").write_text("order_id\n1\n", encoding="utf-8")
    assert main(["kpis", str(tmp_path), "--start", "2024-01-01", "--end", "2024-01-31"]) == 1
    assert "missing required column" in capsys.readouterr().err
