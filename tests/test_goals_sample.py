"""The sample's goals through the CLI: every status, the unachievable one flagged, the JSON contract."""

import json

import pytest

from cxdash.cli import main

INTENDED = {
    "csat-2026": "achieved",
    "revenue-ttm": "on track",
    "new-customers-ttm": "at risk",
    "consumer-nps": "off track",
    "contact-center-effort": "on track",
    "nps-2025": "missed",
}
KEYS = ["id", "metric", "baseline", "target", "actual", "low", "high", "forecast", "forecast_low", "forecast_high"]
KEYS += ["probability", "status", "smart"]
CRITERIA = {"specific", "measurable", "achievable", "relevant", "time_bound"}


@pytest.fixture(scope="module")
def records(sample_dir, capsys_module=None):
    import contextlib
    import io

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["goals", str(sample_dir), "--format", "json"]) == 0
    return {record["id"]: record for record in json.loads(out.getvalue())}


def test_every_status_shows_as_the_generator_intends(records):
    assert {goal: records[goal]["status"] for goal in INTENDED} == INTENDED
    for record in records.values():
        assert list(record) == KEYS and set(record["smart"]) == CRITERIA
        assert all(c["result"] in ("pass", "warn", "fail") and c["reason"] for c in record["smart"].values())


def test_zero_churn_fails_achievable_and_the_others_do_not(records):
    assert records["enterprise-zero-churn"]["smart"]["achievable"]["result"] == "fail"
    assert all(r["smart"]["achievable"]["result"] != "fail" for goal, r in records.items() if goal in INTENDED)


def test_figures_hang_together(records):
    for record in records.values():
        if record["low"] is not None:
            assert record["low"] <= record["actual"] <= record["high"]
        if record["forecast"] is not None:
            assert record["forecast_low"] <= record["forecast"] <= record["forecast_high"]
            assert 0 <= record["probability"] <= 1
    missed = records["nps-2025"]
    assert missed["forecast"] is None and missed["probability"] == 0.0
    assert missed["baseline"] < missed["actual"] < missed["target"]


def test_as_of_before_a_deadline_reopens_a_goal(sample_dir, capsys):
    assert main(["goals", str(sample_dir), "--as-of", "2025-09-30", "--format", "json"]) == 0
    record = next(r for r in json.loads(capsys.readouterr().out) if r["id"] == "nps-2025")
    assert record["status"] in ("on track", "at risk", "off track") and record["forecast"] is not None


def test_text_and_mistakes(sample_dir, capsys):
    assert main(["goals", str(sample_dir)]) == 0
    out = capsys.readouterr().out
    assert "achieved or on track" in out.splitlines()[0] and "achievable: fail" in out
    assert main(["goals", str(sample_dir), "--as-of", "2020-01-01"]) == 2
    assert "argument --as-of: 2020-01-01 is before the data" in capsys.readouterr().err
    assert main(["goals", str(sample_dir), "--as-of", "2026-02-30"]) == 2


def test_suggest_target(sample_dir, capsys):
    args = ["suggest-target", str(sample_dir), "--metric", "csat", "--deadline", "2027-06-30"]
    assert main([*args, "--filter", "segment=SMB", "--format", "json"]) == 0
    found = json.loads(capsys.readouterr().out)
    assert found["filters"] == {"segment": ["SMB"]} and found["target"] > found["baseline"]
    assert found["target"] < 95 and 0 <= found["probability"] <= 1 and len(found["reasons"]) >= 2
    assert main([*args, "--filter", "segment=Smb"]) == 2
    assert "no segment 'Smb' in this data; did you mean SMB?" in capsys.readouterr().err
    assert main([*args[:-1], "2020-01-01"]) == 2
    assert main(["suggest-target", str(sample_dir), "--metric", "joy", "--deadline", "2027-06-30"]) == 2
