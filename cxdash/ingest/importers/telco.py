"""IBM Telco Customer Churn (7,043 customers, one snapshot) -> customers and monthly-bill orders.

The source has no dates, only `tenure` (months with the company) and a churn flag meaning "left within
the last month". Dates are derived from one fixed snapshot so that cohorts, churn and revenue views
work; every derivation is listed in the report's assumptions.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import polars as pl

from cxdash.ingest.datadir import DatasetMeta
from cxdash.ingest.importers.report import (
    ImportReport,
    find_source,
    finish,
    paragraphs,
    read_csv,
    require_columns,
)

FILES = ("Telco-Customer-Churn.csv", "WA_Fn-UseC_-Telco-Customer-Churn.csv")
CITATION = (
    "IBM Telco Customer Churn sample data "
    "(IBM/telco-customer-churn-on-icp4d; Kaggle blastchar/telco-customer-churn), IBM"
)
# A month end, so "snapshot - k months" is always a month end.
SNAPSHOT = date(2024, 1, 31)
CHURN_WINDOW_START = date(2024, 1, 1)  # churners left within the snapshot's month
CHURN_WINDOW_DAYS = (SNAPSHOT - CHURN_WINDOW_START).days + 1

ASSUMPTIONS = """
The source has no dates; all dates are derived from a fixed snapshot date {snapshot} (the as_of date).

signup_date = snapshot minus `tenure` months (month ends; tenure 0 signs up on the snapshot date).

Churn = 'Yes' means the customer left within the last month: churn_date is spread deterministically
over {window_start}..{snapshot} (the n-th churner in file order on day n mod {window_days}), never
before signup_date. Within-month churn dates are therefore synthetic.

segment = Contract (Month-to-month / One year / Two year); region and acquisition_channel are null
(the source has neither).

orders: one monthly bill per month of tenure with amount = MonthlyCharges (USD), dated at each month
end in arrears; a churner's last bill is dated on its churn_date. Sum of orders = sum(MonthlyCharges
x tenure) = {orders_sum:,.2f}, against sum(TotalCharges) = {total_charges:,.2f} (the source's real
billed totals; they differ because charges changed over time).

TotalCharges is blank on {blank_total} rows (tenure 0, not yet billed): kept as null total_charges,
and these customers have no orders.

No survey data in the source: survey_responses is omitted.

All other source columns are kept on customers as snake_case extras; SeniorCitizen 0/1 becomes No/Yes.
"""
# source column -> extra column kept on customers (Contract becomes `segment`)
EXTRAS = {
    "gender": "gender",
    "Partner": "partner",
    "Dependents": "dependents",
    "PhoneService": "phone_service",
    "MultipleLines": "multiple_lines",
    "InternetService": "internet_service",
    "OnlineSecurity": "online_security",
    "OnlineBackup": "online_backup",
    "DeviceProtection": "device_protection",
    "TechSupport": "tech_support",
    "StreamingTV": "streaming_tv",
    "StreamingMovies": "streaming_movies",
    "PaperlessBilling": "paperless_billing",
    "PaymentMethod": "payment_method",
}
REQUIRED = [
    "customerID",
    "SeniorCitizen",
    "tenure",
    "Contract",
    "MonthlyCharges",
    "TotalCharges",
    "Churn",
    *EXTRAS,
]


def read_source(path: Path, notes: list[str]) -> pl.DataFrame:
    """All columns as text first: TotalCharges holds a blank ' ' for tenure-0 customers."""
    raw = read_csv(path, notes, infer_schema=False)
    require_columns(raw, REQUIRED, path.name)
    return raw.with_columns(
        pl.col("tenure").cast(pl.Int64),
        pl.col("MonthlyCharges").cast(pl.Float64),
        pl.col("TotalCharges").str.strip_chars().cast(pl.Float64, strict=False),
    )


def build_customers(raw: pl.DataFrame) -> pl.DataFrame:
    snapshot = pl.lit(SNAPSHOT, dtype=pl.Date)
    signup = snapshot.dt.offset_by(pl.format("-{}mo", pl.col("tenure")))
    churner_rank = (pl.col("Churn") == "Yes").cast(pl.Int64).cum_sum() - 1
    spread = pl.duration(days=churner_rank % CHURN_WINDOW_DAYS)
    churned = pl.col("Churn") == "Yes"
    churn = pl.when(churned).then(pl.max_horizontal(pl.lit(CHURN_WINDOW_START) + spread, signup))
    return raw.select(
        pl.col("customerID").alias("customer_id"),
        signup.alias("signup_date"),
        churn.cast(pl.Date).alias("churn_date"),
        pl.col("Contract").alias("segment"),
        pl.lit(None, dtype=pl.String).alias("region"),
        pl.lit(None, dtype=pl.String).alias("acquisition_channel"),
        pl.when(pl.col("SeniorCitizen") == "1").then(pl.lit("Yes")).otherwise(pl.lit("No")).alias("senior_citizen"),
        *[pl.col(src).alias(dst) for src, dst in EXTRAS.items()],
        pl.col("tenure").alias("tenure_months"),
        pl.col("MonthlyCharges").alias("monthly_charges"),
        pl.col("TotalCharges").alias("total_charges"),
    )


def build_orders(raw: pl.DataFrame, customers: pl.DataFrame) -> pl.DataFrame:
    """One bill per month of tenure, in arrears at each month end; a churner's last bill on leaving."""
    months = (
        raw.select("customerID", "tenure", "MonthlyCharges")
        .join(
            customers.select(pl.col("customer_id").alias("customerID"), "churn_date"),
            on="customerID",
        )
        .filter(pl.col("tenure") > 0)
        .with_columns(pl.int_ranges(1, pl.col("tenure") + 1).alias("month"))
        .explode("month")
    )
    month_end = pl.lit(SNAPSHOT, dtype=pl.Date).dt.offset_by(pl.format("-{}mo", pl.col("tenure") - pl.col("month")))
    is_last = pl.col("month") == pl.col("tenure")
    day = pl.when(is_last & pl.col("churn_date").is_not_null()).then(pl.col("churn_date")).otherwise(month_end)
    return months.select(
        pl.format("{}-M{}", pl.col("customerID"), pl.col("month").cast(pl.String).str.zfill(2)).alias("order_id"),
        pl.col("customerID").alias("customer_id"),
        day.cast(pl.Datetime("us")).alias("order_date"),
        pl.col("MonthlyCharges").alias("amount"),
        pl.lit(None, dtype=pl.String).alias("channel"),
        pl.lit(None, dtype=pl.String).alias("category"),
        pl.col("month").alias("tenure_month"),
    )


def import_telco(src: Path, out: Path) -> ImportReport:
    """Import the Telco CSV (a file, or a directory holding it) into the data dir `out`."""
    path = find_source(src, FILES)
    notes: list[str] = []
    raw = read_source(path, notes)
    customers = build_customers(raw)
    orders = build_orders(raw, customers)
    churned = customers["churn_date"].is_not_null().sum()
    active = customers.filter(pl.col("churn_date").is_null())
    assumptions = notes + paragraphs(
        ASSUMPTIONS,
        snapshot=SNAPSHOT,
        window_start=CHURN_WINDOW_START,
        window_days=CHURN_WINDOW_DAYS,
        orders_sum=orders["amount"].sum(),
        total_charges=raw["TotalCharges"].sum(),
        blank_total=raw.filter(pl.col("TotalCharges").is_null()).height,
    )
    meta = DatasetMeta(
        name="IBM Telco customer churn",
        description="IBM Telco Customer Churn: 7,043 telecom customers, one snapshot with tenure and churn.",
        source=CITATION,
        assumptions=assumptions,
        dropped=[],
        as_of=SNAPSHOT.isoformat(),
        currency="USD",
        observed={"churn": {"start": CHURN_WINDOW_START.isoformat(), "end": SNAPSHOT.isoformat()}},
    )
    figures = {
        "customers": customers.height,
        "churned": int(churned),
        "churn_share": churned / customers.height,
        "monthly_recurring_revenue_active": float(active["monthly_charges"].sum()),
        "order_revenue_total": float(orders["amount"].sum()),
    }
    return finish(out, {"customers": customers, "orders": orders}, meta, str(path), figures)
