"""Olist Brazilian e-commerce (orders, payments, items, reviews) -> customers, orders, CSAT responses.

Olist keys a customer per order (`customer_id`); the person is `customer_unique_id`, so that is the
customer here. There is no churn flag, so churn is inactivity over a stated window. Review stars are
the post-delivery satisfaction survey Olist e-mails to buyers, so they become CSAT responses.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import polars as pl

from cxdash.datadir import DatasetMeta
from cxdash.importers.report import (
    ImportFailed,
    ImportReport,
    drop_rows,
    dropped_line,
    finish,
    paragraphs,
    read_csv,
    require_columns,
)

CITATION = "Olist Brazilian E-Commerce Public Dataset (Kaggle olistbr/brazilian-ecommerce), CC BY-NC-SA 4.0"
CHURN_DAYS = 180
KEPT_STATUSES = ("delivered", "shipped", "invoiced", "processing", "approved")
FILES = {
    "orders": "olist_orders_dataset.csv",
    "customers": "olist_customers_dataset.csv",
    "payments": "olist_order_payments_dataset.csv",
    "items": "olist_order_items_dataset.csv",
    "reviews": "olist_order_reviews_dataset.csv",
    "products": "olist_products_dataset.csv",
    "translation": "product_category_name_translation.csv",
}
TIMESTAMPS = (
    "order_purchase_timestamp",
    "order_delivered_customer_date",
    "order_estimated_delivery_date",
    "review_creation_date",
    "review_answer_timestamp",
)
FLOATS = ("payment_value", "price", "freight_value")
INTS = ("review_score", "order_item_id")
TS = "%Y-%m-%d %H:%M:%S"
REQUIRED = {
    "orders": ["order_id", "customer_id", "order_status", *TIMESTAMPS[:3]],
    "customers": [
        "customer_id",
        "customer_unique_id",
        "customer_state",
        "customer_city",
    ],
    "reviews": ["review_id", "order_id", "review_score", "review_comment_message"],
    "items": ["order_id", "order_item_id", "product_id", "price", "freight_value"],
    "payments": ["order_id", "payment_type", "payment_value"],
}
# Two categories in the products file are missing from Olist's translation table.
EXTRA_TRANSLATIONS = {
    "pc_gamer": "pc_gamer",
    "portateis_cozinha_e_preparadores_de_alimentos": "portable_kitchen",
}
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


def read_sources(src: Path, notes: list[str]) -> dict[str, pl.DataFrame]:
    """Every file as text (ids and zip prefixes stay strings), then typed columns where named."""
    if not Path(src).is_dir():
        raise ImportFailed(f"{src}: expected the Olist folder ({', '.join(FILES.values())})")
    frames = {}
    for key, name in FILES.items():
        path = Path(src) / name
        if not path.is_file():
            raise ImportFailed(f"{src}: missing {name}")
        frame = read_csv(path, notes, infer_schema=False)
        require_columns(frame, REQUIRED.get(key, []), name)
        frames[key] = frame.with_columns(
            *[pl.col(c).str.to_datetime(TS, strict=False) for c in TIMESTAMPS if c in frame.columns],
            *[pl.col(c).cast(pl.Float64) for c in FLOATS if c in frame.columns],
            *[pl.col(c).cast(pl.Int64) for c in INTS if c in frame.columns],
        )
    return frames


def order_facts(f: dict[str, pl.DataFrame]) -> pl.DataFrame:
    """One row per order (all statuses): customer, payments, main item's category, delivery timing."""
    english = dict(f["translation"].iter_rows()) | EXTRA_TRANSLATIONS
    items = (
        f["items"]
        .join(
            f["products"].select("product_id", "product_category_name"),
            on="product_id",
            how="left",
        )
        .sort(["order_id", "price", "order_item_id"], descending=[False, True, False])
        .group_by("order_id", maintain_order=True)
        .agg(
            pl.len().alias("items"),
            (pl.col("price") + pl.col("freight_value")).sum().alias("items_value"),
            pl.col("freight_value").sum().alias("freight_value"),
            pl.col("product_category_name").first().alias("category"),
        )
    )
    payments = (
        f["payments"]
        .sort(["order_id", "payment_value"], descending=[False, True])
        .group_by("order_id", maintain_order=True)
        .agg(
            pl.col("payment_value").sum().alias("paid"),
            pl.col("payment_type").first().alias("payment_type"),
        )
    )
    items = items.with_columns(pl.col("category").replace_strict(english, default=None).str.replace_all("_", " "))
    delivered = pl.col("order_delivered_customer_date").dt.date()
    delay = (delivered - pl.col("order_estimated_delivery_date").dt.date()).dt.total_days()
    return (
        f["orders"]
        .join(f["customers"], on="customer_id", how="left")
        .join(items, on="order_id", how="left")
        .join(payments, on="order_id", how="left")
        .with_columns(
            delay.alias("delivery_delay_days"),
            pl.when(delivered.is_null())
            .then(pl.lit("Not delivered"))
            .when(delay > 0)
            .then(pl.lit("Late"))
            .otherwise(pl.lit("On time"))
            .alias("delivery_status"),
        )
    )


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


def build_responses(reviews: pl.DataFrame, facts: pl.DataFrame) -> tuple[pl.DataFrame, list[str]]:
    """One response per order (the latest answered review), then one per review_id."""
    per_order = reviews.sort(["review_answer_timestamp", "review_creation_date", "review_id"]).unique(
        "order_id", keep="last", maintain_order=True
    )
    per_review = per_order.sort("order_id").unique("review_id", keep="first", maintain_order=True)
    joined = per_review.join(facts, on="order_id", how="inner")
    dropped = [
        dropped_line(
            "reviews, second review of the same order",
            reviews.height - per_order.height,
            "one response per order: the latest answered review is kept",
        ),
        dropped_line(
            "reviews, same review_id on several orders",
            per_order.height - per_review.height,
            "one answer covering several orders of one customer is counted once (kept on its first order_id)",
        ),
    ]
    if per_review.height - joined.height:
        dropped.append(
            dropped_line(
                "reviews of unknown orders",
                per_review.height - joined.height,
                "order_id not in the orders file",
            )
        )
    comment = pl.col("review_comment_message").str.strip_chars()
    responses = joined.sort("review_answer_timestamp").select(
        pl.col("review_id").alias("response_id"),
        pl.col("customer_unique_id").alias("customer_id"),
        pl.coalesce("review_answer_timestamp", "review_creation_date").alias("responded_at"),
        pl.lit("csat").alias("metric"),
        pl.col("review_score").alias("score"),
        pl.lit("Post-delivery").alias("journey_stage"),
        pl.lit("Order review").alias("touchpoint"),
        pl.lit("Email").alias("channel"),
        pl.when(comment != "").then(comment).alias("comment"),
        "order_id",
        pl.col("review_comment_title").str.strip_chars().alias("comment_title"),
        "order_status",
        pl.col("category").alias("product_category"),
        "delivery_status",
        "delivery_delay_days",
    )
    return responses, dropped


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
