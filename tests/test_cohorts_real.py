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
    """Customers whose first invoice line is in December 2010, and how many of them invoiced in January."""
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
    # The importer's reading: every invoice of a customer signs them up; cancellations stay as refund
    # orders; lines priced <= 0 are no orders (their customers are kept).
    size, _ = _december_month_1(raw)
    _, active = _december_month_1(raw.filter(pl.col("UnitPrice") > 0))
    assert (december["size"], december["customers"]) == (size, active) == (948, 362)
    assert december["value"] == pytest.approx(362 / 948)  # 38.2%

    # The published cohort tables (cancellations dropped before the analysis): 885 customers, 36.6%.
    published = _december_month_1(raw.filter(~pl.col("InvoiceNo").str.starts_with("C")))
    assert published == (885, 324) and round(324 / 885, 3) == 0.366
    # The 63 customers apart had only cancellations (of earlier purchases) in December 2010: here they sign
    # up then, and a month in which a customer only returned goods counts as ordering (refunds are orders).
    assert records[("2010-12", 0)]["value"] == 1.0 and records[("2011-12", 0)]["value"] is None, "in progress"


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
