"""The benchmark: its yardsticks give the hand-worked figures, its arguments fail cleanly, and (marked
`bench`) the whole command runs at a small size and writes every JSON key. Timings are printed, never
asserted: speed is measured by `python -m cxdash bench`, not by tests."""

import json
from datetime import date

import pytest

from cxdash.bench import pandas_overview, polars_overview
from cxdash.bench.analyst import State, trend_buckets
from cxdash.cli import main
from cxdash.figures.counts import Filters
from cxdash.figures.periods import Period
from tests.tiny import MARCH

# tests/tiny.py works March 2024 out by hand; for SMB only (a, b, d, f, h): active at start a, b, f;
# b churns; nobody new; a and f active at the end; orders o2, o3, o5 = 220; NPS answers 10, 9, 3 (the
# anonymous 0 drops out); CSAT 5, 3; CES 2.
EXPECTED = {
    "all": {
        "active_start": 4,
        "churned": 2,
        "churn_rate": 0.5,
        "retention_rate": 0.5,
        "new_customers": 2,
        "active_customers": 3,
        "revenue": 200.0,
        "orders": 4,
        "aov": 50.0,
        "nps": 0.0,
        "nps_n": 5,
        "csat": 200 / 3,
        "csat_n": 3,
        "ces": 3.0,
        "ces_n": 2,
    },
    "SMB": {
        "active_start": 3,
        "churned": 1,
        "churn_rate": 1 / 3,
        "retention_rate": 2 / 3,
        "new_customers": 0,
        "active_customers": 2,
        "revenue": 220.0,
        "orders": 3,
        "aov": 220 / 3,
        "nps": 100 / 3,
        "nps_n": 3,
        "csat": 50.0,
        "csat_n": 2,
        "ces": 2.0,
        "ces_n": 1,
    },
}
YARDSTICKS = {
    "pandas": (pandas_overview.load_frames, pandas_overview.pandas_overview),
    "polars": (polars_overview.load_frames, polars_overview.polars_overview),
}
JSON_KEYS = {
    "filter_change_ms",
    "cold_start_s",
    "warm_start_s",
    "peak_rss_mb",
    "pandas_ratio",
    "polars_ratio",
    "raw_fallback_ms",
    "customers",
    "orders",
    "responses",
    "load_average",
}


def test_trend_buckets_are_calendar_weeks_or_months_clipped_to_the_period():
    # 1 March 2024 is a Friday: its week began on Monday 26 February
    weeks = trend_buckets(Period(*MARCH))
    assert [(b.start.day, b.end.day) for b in weeks] == [(1, 3), (4, 10), (11, 17), (18, 24), (25, 31)]
    months = trend_buckets(Period(date(2024, 1, 15), date(2024, 6, 10)))
    assert [(b.start, b.end) for b in months[:2]] == [
        (date(2024, 1, 15), date(2024, 1, 31)),
        (date(2024, 2, 1), date(2024, 2, 29)),
    ]
    assert months[-1] == Period(date(2024, 6, 1), date(2024, 6, 10)) and len(months) == 6


@pytest.mark.parametrize("kind", sorted(YARDSTICKS))
@pytest.mark.parametrize("segment", ["all", "SMB"])
def test_each_yardstick_gives_the_hand_worked_march(tiny_dir, kind, segment):
    load, overview = YARDSTICKS[kind]
    filters = Filters({"segment": ("SMB",)} if segment == "SMB" else {})
    result = overview(load(tiny_dir), State("Custom", Period(*MARCH), None, filters))
    assert result.current == pytest.approx(EXPECTED[segment])
    assert result.previous is None
    assert [period for period, _ in result.buckets] == trend_buckets(Period(*MARCH))
    assert sum(figures["orders"] for _, figures in result.buckets) == EXPECTED[segment]["orders"]


@pytest.mark.parametrize("kind", sorted(YARDSTICKS))
def test_each_yardstick_churn_sparkline_counts_from_the_period_start(tiny_dir, kind):
    load, overview = YARDSTICKS[kind]
    result = overview(
        load(tiny_dir), State("Custom", Period(*MARCH), Period(date(2024, 2, 1), date(2024, 2, 29)), Filters())
    )
    # of a, b, c, f (active on 1 March): b churns on the 1st, c on the 31st
    assert [point["churned"] for point in result.to_date] == [1, 1, 1, 1, 2]
    assert {point["active_start"] for point in result.to_date} == {4}
    # February: active at its start a, d (d churns on the 29th); new b, c, f
    assert result.previous["active_start"] == 2 and result.previous["churned"] == 1
    assert result.previous["new_customers"] == 3 and result.previous["revenue"] == 999.0


@pytest.mark.parametrize(
    ("argv", "named"),
    [(["--customers", "10"], "--customers"), (["--json", "{tmp}/missing/out.json"], "--json")],
)
def test_bench_arguments_fail_with_one_line_naming_the_argument(tmp_path, capsys, argv, named):
    argv = [a.format(tmp=tmp_path) for a in argv]
    assert main(["bench", "--workdir", str(tmp_path), *argv]) == 2
    err = capsys.readouterr().err.strip()
    assert named in err and "\n" not in err


def test_bench_json_never_overwrites_a_file(tmp_path, capsys):
    existing = tmp_path / "figures.json"
    existing.write_text("{}")
    assert main(["bench", "--workdir", str(tmp_path), "--json", str(existing)]) == 2
    assert existing.read_text() == "{}"


@pytest.mark.bench
def test_bench_runs_small_writes_every_key_and_its_yardsticks_agree(tmp_path, capsys):
    out = tmp_path / "bench.json"
    assert main(["bench", "--customers", "2000", "--seed", "5", "--workdir", str(tmp_path), "--json", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "figures agree" in printed  # the run raises when pandas or polars differ from the engine
    figures = json.loads(out.read_text())
    assert set(figures) >= JSON_KEYS
    assert {"median", "p95"} <= set(figures["filter_change_ms"]) and "p95" in figures["raw_fallback_ms"]
    assert figures["customers"] == 2000 and figures["orders"] > 0 and figures["responses"] > 0
    assert figures["agreement"]["compared"] > 0
    assert not any(path.name.startswith("bench-") for path in tmp_path.iterdir())  # its scratch is removed
