"""Olist Brazilian e-commerce (orders, payments, items, reviews) -> customers, orders, CSAT responses.

Olist keys a customer per order (`customer_id`); the person is `customer_unique_id`, so that is the
customer here. There is no churn flag, so churn is inactivity over a stated window. Review stars are
the post-delivery satisfaction survey Olist e-mails to buyers, so they become CSAT responses.
This module builds customers and orders and writes the data dir; reading and joining the files is in
`olist_sources`, the reviews in `olist_reviews`.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import polars as pl

from cxdash.ingest.datadir import DatasetMeta
from cxdash.ingest.importers.olist_reviews import build_responses
from cxdash.ingest.importers.olist_sources import FILES, order_facts, read_sources
from cxdash.ingest.importers.report import (
    ImportFailed,
    ImportReport,
    churn_window,
    drop_rows,
    dropped_line,
    finish,
    paragraphs,
)

CITATION = "Olist Brazilian E-Commerce Public Dataset (Kaggle olistbr/brazilian-ecommerce), CC BY-NC-SA 4.0"
CHURN_DAYS = 180
KEPT_STATUSES = ("delivered", "shipped", "invoiced", "processing", "approved")
MACRO_REGIONS = {
    "North": ("AC", "AP", "AM", "PA", "RO", "RR", "TO"),
    "Northeast": ("AL", "BA", "CE", "MA", "PB", "PE", "PI", "RN", "SE"),
    "Center-West": ("DF", "GO", "MT", "MS"),
    "Southeast": ("ES", "MG", "RJ", "SP"),
    "South": ("PR", "RS", "SC"),
}
ASSUMPTIONS = """
Customer = customer_unique_id (Olist's customer_id is one per order); signup_date = the date of the
customer's first order of any status; customer_state/city/zip are those of the first order; region =
the Brazilian macro-region of the state (North, Northeast, Center-West, Southeast, South).

Churn (no flag in the source): churn_date = last order date + {churn_days} days, set only when that
date is on or before the data end {data_end} (the last kept order's date); otherwise null (active).

The data is a 15,000-order random sample drawn by order, so a customer's repeat orders are mostly
missing: inactivity churn is heavily overstated and repeat rates understated (see SOURCE.md).

orders: statuses {statuses} are kept as sales; amount = sum of payment_value (BRL, what the buyer
paid incl. freight and vouchers), or items price + freight for the {no_payment} order(s) without a
payment row; order_date = purchase timestamp (Brazil local time).

category = English product category of the order's most expensive item (underscores as spaces; two
categories missing from Olist's translation table translated here); null where the product has none.

survey_responses: each review is a csat response, score = review stars 1-5, responded_at =
review_answer_timestamp, comment = review_comment_message (Portuguese); journey_stage
'Post-delivery', touchpoint 'Order review', channel 'Email' (Olist e-mails the survey after delivery).

segment and acquisition_channel are null (the source has neither); no NPS or CES in the source.

delivery_delay_days = delivered date minus estimated delivery date (positive = late).
"""
STATE_REGION = {state: region for region, states in MACRO_REGIONS.items() for state in states}


def build_customers(facts: pl.DataFrame, data_end: date) -> pl.DataFrame:
    """One row per customer_unique_id; first order's place; churned after CHURN_DAYS without an order."""
    first = facts.sort("order_purchase_timestamp").group_by("customer_unique_id", maintain_order=True)
    people = first.agg(
        pl.col("order_purchase_timestamp").min().dt.date().alias("signup_date"),
        pl.col("order_purchase_timestamp").max().dt.date().alias("last_order_date"),
        pl.col("customer_state").first(),
        pl.col("customer_city").first(),
        pl.col("customer_zip_code_prefix").first().str.zfill(5).alias("customer_zip_prefix"),
        pl.len().alias("orders_placed"),
    )
    lapse = pl.col("last_order_date") + timedelta(days=CHURN_DAYS)
    return people.select(
        pl.col("customer_unique_id").alias("customer_id"),
        "signup_date",
        pl.when(lapse <= data_end).then(lapse).alias("churn_date"),
        pl.lit(None, dtype=pl.String).alias("segment"),
        pl.col("customer_state").replace_strict(STATE_REGION, default=None).alias("region"),
        pl.lit(None, dtype=pl.String).alias("acquisition_channel"),
        "customer_state",
        "customer_city",
        "customer_zip_prefix",
        "orders_placed",
        "last_order_date",
    )


def build_orders(facts: pl.DataFrame) -> pl.DataFrame:
    return facts.filter(pl.col("order_status").is_in(KEPT_STATUSES)).select(
        "order_id",
        pl.col("customer_unique_id").alias("customer_id"),
        pl.col("order_purchase_timestamp").alias("order_date"),
        pl.coalesce("paid", "items_value").round(2).alias("amount"),
        pl.lit(None, dtype=pl.String).alias("channel"),
        "category",
        "order_status",
        "payment_type",
        pl.col("items").fill_null(0).cast(pl.Int64).alias("items"),
        "freight_value",
        "delivery_status",
        "delivery_delay_days",
    )


def import_olist(src: Path, out: Path) -> ImportReport:
    """Import the Olist folder `src` into the data dir `out`."""
    notes: list[str] = []
    f = read_sources(src, notes)
    unreadable: list[str] = []
    f["orders"] = drop_rows(
        f["orders"],
        pl.col("order_purchase_timestamp").is_null() | pl.col("order_id").is_null(),
        "orders without a readable order_id or purchase timestamp",
        "cannot be dated",
        unreadable,
    )
    f["reviews"] = drop_rows(
        f["reviews"],
        ~pl.col("review_score").is_between(1, 5) | pl.col("review_id").is_null(),
        "reviews without a review_id or a 1-5 score",
        "not a valid CSAT answer",
        unreadable,
    )
    facts = order_facts(f)
    if facts["customer_unique_id"].null_count():
        raise ImportFailed(f"{FILES['orders']}: {facts['customer_unique_id'].null_count()} orders have no customer row")
    kept = facts.filter(pl.col("order_status").is_in(KEPT_STATUSES))
    data_end = kept["order_purchase_timestamp"].max().date()
    customers = build_customers(facts, data_end)
    orders = build_orders(facts)
    responses, dropped_reviews = build_responses(f["reviews"], facts)
    dropped_statuses = (
        facts.filter(~pl.col("order_status").is_in(KEPT_STATUSES))["order_status"].value_counts().sort("order_status")
    )
    dropped = [
        dropped_line(
            f"orders with status {row['order_status']}",
            row["count"],
            "no completed sale, so no revenue (their customers and reviews are kept)",
        )
        for row in dropped_statuses.iter_rows(named=True)
    ]
    dropped += dropped_reviews + unreadable
    assumptions = notes + paragraphs(
        ASSUMPTIONS,
        churn_days=CHURN_DAYS,
        data_end=data_end,
        statuses=", ".join(KEPT_STATUSES),
        no_payment=kept.filter(pl.col("paid").is_null()).height,
    )
    meta = DatasetMeta(
        name="Olist e-commerce (15k-order sample)",
        description="Olist Brazilian e-commerce marketplace 2016-2018 (15,000-order sample): orders and reviews.",
        source=CITATION,
        assumptions=assumptions,
        dropped=dropped,
        currency="BRL",
        observed={"churn": churn_window(customers, data_end, CHURN_DAYS)},
    )
    figures = {
        "customers": customers.height,
        "orders": orders.height,
        "revenue_brl": float(orders["amount"].sum()),
        "responses": responses.height,
        "csat": 100 * float((responses["score"] >= 4).mean()),
        "mean_stars": float(responses["score"].mean()),
        "churned_share": float(customers["churn_date"].is_not_null().mean()),
    }
    tables = {"customers": customers, "orders": orders, "survey_responses": responses}
    return finish(out, tables, meta, str(src), figures)
