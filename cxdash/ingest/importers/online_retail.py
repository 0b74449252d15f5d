"""UCI Online Retail (352, Dec 2010 - Dec 2011), optionally with Online Retail II 2009-2010 -> customers, orders.

Invoice lines become one order per invoice; cancellations stay as refunds (negative amounts) so that
revenue is net, as the retailer booked it. There is no churn flag, so churn is inactivity over a
window that must have fully elapsed before the data ends.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import polars as pl

from cxdash.ingest.datadir import DatasetMeta
from cxdash.ingest.importers.report import (
    ImportFailed,
    ImportReport,
    churn_window,
    drop_rows,
    dropped_line,
    finish,
    paragraphs,
    read_csv,
    require_columns,
)

CITATION = "Chen, D. Online Retail (UCI 352) / Online Retail II (UCI 502), UCI Machine Learning Repository, CC BY 4.0"
CHURN_DAYS = 180
UCI352 = (
    "online_retail_uci352.parquet",
    "online_retail_uci352.csv.gz",
    "online_retail_uci352.csv",
)
II_2009 = (
    "online_retail_ii_2009_2010.parquet",
    "online_retail_ii_2009_2010.csv.gz",
    "online_retail_ii_2009_2010.csv",
)
# II 2009-2010 is used before this day, UCI 352 from it (they overlap on 1-9 Dec 2010).
SPLIT = date(2010, 12, 1)
ASSUMPTIONS = """
order = invoice; amount = sum(Quantity x UnitPrice) over its lines, rounded to pence (GBP);
order_date = the invoice's first line timestamp.

Cancellations (invoice starting with 'C') are kept as refund orders with negative amounts
({refunds:,} invoices, {refunds_gbp:,.2f} GBP), so revenue is net of returns.

Exact duplicate lines are kept, as in the source (they cannot be told apart from genuine repeats).

Customer = CustomerID; signup_date = date of the first purchase (a sale invoice; the first invoice of
any kind for a customer who only returned goods), as published cohort analyses of this data count it: a
return of goods bought before the data starts is no sign-up; region = country of the first invoice
('Unspecified' -> null); segment = 'Domestic (UK)' or 'International' from it.

Churn (no flag in the source): churn_date = last invoice date + {churn_days} days, set only when that
date is on or before the data end {data_end}; otherwise null (active).

channel, category and acquisition_channel are null (the source has no channel and no product
categories). No survey data: survey_responses is omitted.
"""
# UCI 352 names and Online Retail II names -> one set of names
RENAME = {
    "InvoiceNo": "invoice",
    "Invoice": "invoice",
    "StockCode": "stock_code",
    "Description": "description",
    "Quantity": "quantity",
    "InvoiceDate": "invoiced_at",
    "UnitPrice": "price",
    "Price": "price",
    "CustomerID": "customer",
    "Customer ID": "customer",
    "Country": "country",
}
NEEDED = ("invoice", "quantity", "invoiced_at", "price", "customer", "country")


def sources(src: Path) -> list[Path]:
    """A file is imported alone; a folder gives UCI 352 plus, when present, II 2009-2010 before it."""
    src = Path(src)
    if src.is_file():
        return [src]
    if not src.is_dir():
        raise ImportFailed(f"{src}: no such file or directory")
    found = [next((src / n for n in names if (src / n).is_file()), None) for names in (II_2009, UCI352)]
    if found[1] is None:
        raise ImportFailed(f"{src}: no UCI Online Retail file ({', '.join(UCI352)})")
    return [p for p in found if p is not None]


def read_lines(path: Path, notes: list[str]) -> pl.DataFrame:
    """One file's invoice lines with normalised names and types (customer ids as strings)."""
    frame = pl.read_parquet(path) if path.suffix == ".parquet" else read_csv(path, notes, infer_schema=False)
    frame = frame.rename({k: v for k, v in RENAME.items() if k in frame.columns})
    require_columns(frame, list(NEEDED), path.name)
    when = pl.col("invoiced_at")
    if frame.schema["invoiced_at"] == pl.String:
        when = when.str.to_datetime("%Y-%m-%d %H:%M:%S", strict=False)
    customer = pl.col("customer").cast(pl.Float64, strict=False).cast(pl.Int64).cast(pl.String)
    return frame.select(
        pl.col("invoice").cast(pl.String),
        pl.col("quantity").cast(pl.Int64, strict=False),
        when.cast(pl.Datetime("us")).alias("invoiced_at"),
        pl.col("price").cast(pl.Float64, strict=False),
        customer.alias("customer"),
        pl.col("country").cast(pl.String),
    )


def combine(paths: list[Path], notes: list[str]) -> tuple[pl.DataFrame, list[str]]:
    if len(paths) == 1:
        return read_lines(paths[0], notes), []
    early, late = read_lines(paths[0], notes), read_lines(paths[1], notes)
    overlap = early.filter(pl.col("invoiced_at").dt.date() >= SPLIT)
    line = dropped_line(
        f"{paths[0].name} lines from {SPLIT} on",
        overlap.height,
        f"the same invoices are in {paths[1].name}",
    )
    return pl.concat([early.filter(pl.col("invoiced_at").dt.date() < SPLIT), late]), [line]


def build_orders(lines: pl.DataFrame) -> pl.DataFrame:
    """One order per invoice: amount = sum(quantity x price), dated at its first line."""
    return (
        lines.group_by("invoice")
        .agg(
            pl.col("customer").first(),
            pl.col("invoiced_at").min(),
            (pl.col("quantity") * pl.col("price")).sum().round(2).alias("amount"),
            pl.col("country").first(),
            pl.len().alias("lines"),
            pl.col("quantity").sum().alias("units"),
        )
        .sort("invoiced_at", "invoice")
        .select(
            pl.col("invoice").alias("order_id"),
            pl.col("customer").alias("customer_id"),
            pl.col("invoiced_at").alias("order_date"),
            "amount",
            pl.lit(None, dtype=pl.String).alias("channel"),
            pl.lit(None, dtype=pl.String).alias("category"),
            pl.when(pl.col("invoice").str.starts_with("C"))
            .then(pl.lit("Refund"))
            .otherwise(pl.lit("Sale"))
            .alias("order_type"),
            "country",
            "lines",
            "units",
        )
    )


def build_customers(lines: pl.DataFrame, data_end: date) -> pl.DataFrame:
    """Every CustomerID, from all of its lines (also those dropped from orders for their price)."""
    sale = pl.col("invoice").filter(~pl.col("invoice").str.starts_with("C"))
    people = (
        lines.sort("invoiced_at", "invoice")
        .group_by(pl.col("customer").alias("customer_id"), maintain_order=True)
        .agg(
            pl.col("invoiced_at").filter(~pl.col("invoice").str.starts_with("C")).min().dt.date().alias("first_sale"),
            pl.col("invoiced_at").min().dt.date().alias("first_invoice"),
            pl.col("invoiced_at").max().dt.date().alias("last_order_date"),
            pl.col("country").first(),
            sale.n_unique().alias("invoices"),
        )
    )
    lapse = pl.col("last_order_date") + timedelta(days=CHURN_DAYS)
    country = pl.when(pl.col("country") != "Unspecified").then(pl.col("country"))
    return people.select(
        "customer_id",
        pl.coalesce("first_sale", "first_invoice").alias("signup_date"),
        pl.when(lapse <= data_end).then(lapse).alias("churn_date"),
        pl.when(country == "United Kingdom")
        .then(pl.lit("Domestic (UK)"))
        .when(country.is_not_null())
        .then(pl.lit("International"))
        .alias("segment"),
        country.alias("region"),
        pl.lit(None, dtype=pl.String).alias("acquisition_channel"),
        country.alias("country"),
        "invoices",
        "last_order_date",
    ).sort("customer_id")


def import_online_retail(src: Path, out: Path) -> ImportReport:
    """Import a UCI Online Retail file, or the folder (UCI 352 + II 2009-2010), into the data dir `out`."""
    paths = sources(src)
    notes: list[str] = []
    lines, dropped = combine(paths, notes)
    no_customer = lines.filter(pl.col("customer").is_null())
    lines = lines.filter(pl.col("customer").is_not_null())
    lines = drop_rows(
        lines,
        pl.any_horizontal(pl.col("invoiced_at", "quantity", "price").is_null()),
        "lines with an unreadable date, quantity or price",
        "cannot be dated or valued",
        dropped,
    )
    data_end = lines["invoiced_at"].max().date()
    customers = build_customers(lines, data_end)
    bad_price = lines.filter(pl.col("price") <= 0)
    lines = lines.filter(pl.col("price") > 0)
    dropped += [
        dropped_line(
            "lines without CustomerID",
            no_customer.height,
            "orders must belong to a known customer",
        ),
        dropped_line(
            "lines with unit price <= 0",
            bad_price.height,
            "free items and bad-debt adjustments, not sales (their customers are kept)",
        ),
    ]
    orders = build_orders(lines)
    refunds = orders.filter(pl.col("order_type") == "Refund")
    assumptions = notes + paragraphs(
        ASSUMPTIONS,
        refunds=refunds.height,
        refunds_gbp=refunds["amount"].sum(),
        churn_days=CHURN_DAYS,
        data_end=data_end,
    )
    if len(paths) > 1:
        assumptions.insert(
            0,
            f"Two files joined into one history: {paths[0].name} before {SPLIT}, {paths[1].name} from it.",
        )
    meta = DatasetMeta(
        name="UCI Online Retail",
        description="UCI Online Retail: invoices of a UK online gift retailer (many wholesale customers).",
        source=CITATION,
        assumptions=assumptions,
        dropped=dropped,
        currency="GBP",
        observed={"churn": churn_window(customers, data_end, CHURN_DAYS)},
    )
    figures = {
        "customers": customers.height,
        "orders": orders.height,
        "net_revenue_gbp": float(orders["amount"].sum()),
        "refunds_gbp": float(refunds["amount"].sum()),
        "churned_share": float(customers["churn_date"].is_not_null().mean()),
    }
    return finish(
        out,
        {"customers": customers, "orders": orders},
        meta,
        ", ".join(str(p) for p in paths),
        figures,
    )
