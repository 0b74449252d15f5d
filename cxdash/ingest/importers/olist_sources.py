"""Olist's seven CSV files read as typed frames, and joined into one row per order.

Both halves of the import start from these frames (customers and orders in `olist`, CSAT responses in
`olist_reviews`), so reading and joining them is kept apart from the rules that make contract tables.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from cxdash.ingest.importers.report import ImportFailed, read_csv, require_columns

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
