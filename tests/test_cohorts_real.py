"""Real data: the Online Retail cohort table against its raw file and the published cohort analyses, and
Telco's survival by contract type."""

import json

import polars as pl
import pytest

from cxdash.cli import main
from tests.conftest import REAL

pytestmark = pytest.mark.real_data
RETAIL = REAL / "online_retail" / "online_retail_uci352.parquet"


def _december_month_1(lines: pl.DataFrame) -> tuple[int, int]:
    """Customers whose first line is in December 2010, and how many of them have a line in January 2011."""
    lines = lines.with_columns(month=pl.col("InvoiceDate").dt.truncate("1mo"))
    first = lines.group_by("CustomerID").agg(pl.col("month").min())
    december = first.filter(pl.col("month") == pl.datetime(2010, 12, 1))["CustomerID"]
    january = lines.filter(
        (pl.col("month") == pl.datetime(2011, 1, 1)) & pl.col("CustomerID").is_in(december.implode())
    )
    return december.len(), january["CustomerID"].n_unique()


def test_online_retail_december_2010_cohort(imported, capsys):
    directory, _report = imported("online-retail", RETAIL)
    assert main(["cohorts", str(directory), "--kind", "active", "--format", "json"]) == 0
    records = {(r["cohort"], r["month"]): r for r in json.loads(capsys.readouterr().out)}
    december = records[("2010-12", 1)]

    raw = pl.read_parquet(RETAIL).filter(pl.col("CustomerID").is_not_null())
    # As the published cohort tables of this data count it (cancellations dropped before the analysis):
    # a customer signs up with their first purchase, and is active in a month with a purchase (a month
    # with only returns is not). Lines priced <= 0 are no orders.
    sales = raw.filter(~pl.col("InvoiceNo").str.starts_with("C"))
    buyers, active = _december_month_1(sales.filter(pl.col("UnitPrice") > 0))
    assert (buyers, active) == (885, 324), "the published cohort: 885 first buyers, 324 back in January (36.6%)"
    assert december["customers"] == active and round(active / buyers, 3) == 0.366
    # The cohort also keeps the 19 customers whose only invoices (in December 2010) return goods bought
    # before the data starts: they lose nothing, so the table's rate is 324 of 904.
    returners = raw.group_by("CustomerID").agg(pl.col("InvoiceNo").str.starts_with("C").all().alias("only"))
    only_returns = raw.join(returners.filter("only"), on="CustomerID")
    in_december = only_returns.filter(pl.col("InvoiceDate").dt.month() == 12)["CustomerID"].n_unique()
    assert december["size"] == buyers + in_december == 904
    assert december["value"] == pytest.approx(324 / 904)
    assert records[("2010-12", 0)]["value"] == pytest.approx(885 / 904) and records[("2011-12", 0)]["value"] is None, (
        "in progress"
    )


def test_online_retail_logo_retention_is_blank_before_churn_could_be_seen(imported, capsys):
    directory, _report = imported("online-retail", RETAIL)
    assert main(["cohorts", str(directory), "--kind", "logo", "--format", "json"]) == 0
    records = json.loads(capsys.readouterr().out)
    assert all(r["value"] is None for r in records if r["cohort"] < "2011-05"), "churn observed from 30 May 2011"


def test_telco_survival_by_contract(imported, capsys):
    directory, _report = imported("telco", REAL / "telco_churn")
    assert main(["survival", str(directory), "--by", "segment", "--format", "json"]) == 0
    record = json.loads(capsys.readouterr().out)
    groups = {g["group"]: g for g in record["groups"]}
    assert set(groups) == {"Month-to-month", "One year", "Two year"}
    monthly, yearly, two_years = (groups[n] for n in ("Month-to-month", "One year", "Two year"))
    assert monthly["median_months"] < yearly["median_months"] < two_years["median_months"]
    assert monthly["share_12"] < yearly["share_12"] < two_years["share_12"]
    assert record["p_value"] < 1e-10
