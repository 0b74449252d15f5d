"""The cohort table worked out by hand on a few customers (churn on month boundaries, the month in
progress, an empty cohort, quarters, the weighted average), its drill-down, and the CLI against an
independent polars computation on the sample."""

import json
from datetime import date, datetime, timedelta

import polars as pl
import pytest

from cxdash.cli import main
from cxdash.cohorts import analysis, retention
from cxdash.cohorts.table import cohort_table, weighted_average
from cxdash.engine.engine import open_engine
from cxdash.figures.counts import Filters
from cxdash.figures.metrics import proportion_interval
from cxdash.ingest.datadir import DatasetMeta, write_datadir

# January 2024 cohort: d churns on its sign-up month's last day, b on the last day of month 1 (February),
# c on the first day of month 2 (March). No one signs up in February. e signs up in March, f in April,
# the month in progress: the last record is an order on 10 April.
CUSTOMERS = pl.DataFrame(
    {
        "customer_id": list("abcdef"),
        "signup_date": [
            date(2024, 1, 10),
            date(2024, 1, 20),
            date(2024, 1, 31),
            date(2024, 1, 5),
            date(2024, 3, 15),
            date(2024, 4, 2),
        ],
        "churn_date": [None, date(2024, 2, 29), date(2024, 3, 1), date(2024, 1, 31), None, None],
        "segment": ["SMB", "SMB", "Enterprise", "SMB", "Enterprise", "SMB"],
    }
)
ORDERS = pl.DataFrame(
    {
        "order_id": [f"o{i}" for i in range(10)],
        "customer_id": list("aaabbcceef"),
        "order_date": [
            datetime(2024, 1, 15),
            datetime(2024, 2, 10),
            datetime(2024, 3, 5),
            datetime(2024, 1, 25),
            datetime(2024, 2, 1),
            datetime(2024, 1, 31, 23),
            datetime(2024, 4, 10),
            datetime(2024, 3, 20),
            datetime(2024, 4, 1),
            datetime(2024, 4, 2),
        ],
        "amount": [100.0, 50.0, 200.0, 40.0, 60.0, 10.0, 5.0, 30.0, 30.0, 20.0],
    }
)
JAN, FEB, MAR, APR = (date(2024, m, 1) for m in (1, 2, 3, 4))


@pytest.fixture(scope="module")
def hand(tmp_path_factory):
    tables = {"customers": CUSTOMERS, "orders": ORDERS}
    return open_engine(write_datadir(tmp_path_factory.mktemp("hand") / "data", tables, DatasetMeta(name="By hand")))


def _cells(engine, kind: str, quarterly: bool = False) -> dict:
    table = analysis.cohorts(engine, Filters(), kind, quarterly)
    return {(r["cohort"], r["month"]): (r["value"], r["state"]) for r in table.iter_rows(named=True)}


def test_logo_retention_on_month_boundaries(hand):
    assert hand.data.as_of == date(2024, 4, 10)
    cells = _cells(hand, "logo")
    assert cells[(JAN, 0)] == (0.75, "known"), "d churned on 31 Jan: gone by the end of month 0"
    assert cells[(JAN, 1)] == (0.5, "known"), "b churned on 29 Feb: gone by the end of month 1"
    assert cells[(JAN, 2)] == (0.25, "known"), "c churned on 1 Mar: still there at the end of February"
    assert cells[(JAN, 3)] == (None, "in_progress"), "April has not ended: blank and marked, never 0"
    assert cells[(FEB, 0)] == (None, "empty"), "no one signed up in February: the row stays, empty"
    assert cells[(MAR, 0)] == (1.0, "known") and cells[(MAR, 1)] == (None, "in_progress")
    assert cells[(APR, 0)] == (None, "in_progress"), "a cohort still signing up"
    assert (APR, 1) not in cells, "months after the data are not in the table"


def test_active_and_revenue_retention_by_hand(hand):
    active = _cells(hand, "active")
    assert [active[(JAN, k)][0] for k in range(3)] == [0.75, 0.5, 0.25], "a b c; a b; a"
    net = _cells(hand, "revenue")
    # January's month 0: 100 + 40 + 10 = 150; month 1: 50 + 60; month 2: 200
    assert net[(JAN, 0)][0] == 1.0
    assert net[(JAN, 1)][0] == pytest.approx(110 / 150) and net[(JAN, 2)][0] == pytest.approx(200 / 150)
    gross = _cells(hand, "gross-revenue")
    # capped at each customer's month 0: a 50 of 100, b 60 -> 40; then a 200 -> 100
    assert gross[(JAN, 1)][0] == pytest.approx(90 / 150) and gross[(JAN, 2)][0] == pytest.approx(100 / 150)
    assert net[(JAN, 3)] == (None, "in_progress")


def test_quarters_merge_months_and_stay_blank_until_every_month_is_known(hand):
    cells = _cells(hand, "logo", quarterly=True)
    assert cells[(JAN, 0)] == (pytest.approx(4 / 5), "known"), "January 3 of 4 and March 1 of 1; February empty"
    assert cells[(JAN, 1)] == (None, "in_progress"), "March's month 1 is April, in progress"
    assert cells[(APR, 0)] == (None, "in_progress")


def test_weighted_average_pools_the_known_cells(hand):
    table = analysis.cohorts(hand, Filters(), "logo")
    average = {r["month"]: r["value"] for r in weighted_average(table).iter_rows(named=True)}
    assert average == {0: pytest.approx(4 / 5), 1: 0.5, 2: 0.25}


def test_month_k_retention_has_wilson_intervals(hand):
    table = analysis.cohorts(hand, Filters(), "logo")
    frame = retention.month_k(table, 1, "logo")
    assert frame["cohort"].to_list() == [JAN], "March cannot know month 1 yet"
    assert (frame["low"][0], frame["high"][0]) == pytest.approx(proportion_interval(2, 4))


def test_a_filter_keeps_its_customers(hand):
    table = analysis.cohorts(hand, Filters({"segment": ("Enterprise",)}), "logo")
    known = table.filter(pl.col("cohort") == JAN)
    assert known["size"][0] == 1 and known.filter(pl.col("month") == 1)["value"][0] == 1.0, "only c"


def test_a_declared_churn_window_blanks_logo_cells_before_it():
    from cxdash.figures.windows import Window

    rows = pl.DataFrame(
        {
            "cohort_month": [JAN, JAN, MAR],
            "month_index": [0, 1, 0],
            "customers": [4, 4, 1],
            "retained": [4, 4, 1],
            "ordering": [1, 1, 1],
            "revenue": [1.0, 1.0, 1.0],
            "capped_revenue": [1.0, 1.0, 1.0],
        }
    )
    window = Window("churn", MAR, date(2024, 3, 31), declared=True)
    table = cohort_table(rows, "logo", date(2024, 3, 31), window)
    states = dict(zip(zip(table["cohort"], table["month"], strict=True), table["state"], strict=True))
    assert states[(JAN, 0)] == states[(JAN, 1)] == "unobserved", "January's churners before March are unknown"
    assert states[(MAR, 0)] == "known"


def test_drill_down_lists_the_customers_behind_a_cell(hand):
    behind = analysis.cell_customers(hand, Filters(), JAN, 1, quarterly=False)
    assert behind["customer_id"].to_list() == ["d", "a", "b", "c"]
    assert dict(zip(behind["customer_id"], behind["retained"], strict=True)) == {
        "a": True,
        "b": False,
        "c": True,
        "d": False,
    }
    assert behind.filter(pl.col("ordered"))["customer_id"].sort().to_list() == ["a", "b"]
    quarter = analysis.cell_customers(hand, Filters(), JAN, 0, quarterly=True)
    assert quarter["customer_id"].sort().to_list() == list("abcde")


def _independent_cohorts(directory, kind: str) -> dict:
    """DESIGN.md's cohort definitions straight from the files with polars: logo and active retention."""
    customers = pl.read_parquet(directory / "customers.parquet")
    orders = pl.read_parquet(directory / "orders.parquet")
    responses = pl.read_parquet(directory / "survey_responses.parquet")
    as_of = max(
        customers["signup_date"].max(),
        customers["churn_date"].max(),
        orders["order_date"].max().date(),
        responses["responded_at"].max().date(),
    )
    number = lambda d: d.year * 12 + d.month - 1  # noqa: E731
    customers = customers.with_columns(cohort=pl.col("signup_date").dt.truncate("1mo"))
    purchases = orders.filter(pl.col("amount") > 0)  # active: a purchase in the month (a refund alone is none)
    ordered = purchases.select("customer_id", month=pl.col("order_date").dt.truncate("1mo").dt.date()).unique()
    found = {}
    for (cohort,), members in customers.group_by("cohort"):
        for k in range(number(as_of) - number(cohort) + 1):
            start = date((number(cohort) + k) // 12, (number(cohort) + k) % 12 + 1, 1)
            end = date(start.year + start.month // 12, start.month % 12 + 1, 1)
            if end - timedelta(days=1) > as_of:  # the month ends after the data: censored
                found[(f"{cohort:%Y-%m}", k)] = None
                continue
            if kind == "logo":
                kept = members.filter(pl.col("churn_date").is_null() | (pl.col("churn_date") >= end)).height
            else:
                buyers = ordered.filter(pl.col("month") == start)["customer_id"].implode()
                kept = members.filter(pl.col("customer_id").is_in(buyers)).height
            found[(f"{cohort:%Y-%m}", k)] = (kept / members.height, kept, members.height)
    return found


@pytest.mark.parametrize("kind", ["logo", "active"])
def test_cli_cohorts_match_an_independent_computation(kind, sample_dir, capsys):
    assert main(["cohorts", str(sample_dir), "--kind", kind, "--format", "json"]) == 0
    records = json.loads(capsys.readouterr().out)
    expected = _independent_cohorts(sample_dir, kind)
    assert {(r["cohort"], r["month"]) for r in records} == set(expected)
    for record in records:
        wanted = expected[(record["cohort"], record["month"])]
        if wanted is None:
            assert record["value"] is None, record
            continue
        assert record["value"] == pytest.approx(wanted[0]), record
        assert (record["customers"], record["size"]) == wanted[1:], record


def test_cli_cohorts_filter_and_mistakes(sample_dir, capsys):
    assert main(["cohorts", str(sample_dir), "--filter", "segment=SMB", "--format", "json"]) == 0
    smb = json.loads(capsys.readouterr().out)
    assert main(["cohorts", str(sample_dir), "--format", "json"]) == 0
    everyone = json.loads(capsys.readouterr().out)
    assert sum(r["size"] for r in smb if r["month"] == 0) < sum(r["size"] for r in everyone if r["month"] == 0)
    assert main(["cohorts", str(sample_dir), "--kind", "nope"]) == 2
    assert "argument --kind" in capsys.readouterr().err
    assert main(["cohorts", str(sample_dir), "--filter", "segment=Nobody"]) == 2
    assert main(["cohorts", str(sample_dir), "--kind", "gross-revenue", "--quarterly"]) == 0
    assert "Gross revenue retention" in capsys.readouterr().out
