"""Olist reviews -> CSAT survey responses: one per order and per review_id, joined to the order's facts.

Review stars are the post-delivery satisfaction survey Olist e-mails to buyers. Deduplicating them takes
its own rules (a reordered review, one answer covering several orders), so they live apart from the
customers and orders built in `olist`.
"""

from __future__ import annotations

import polars as pl

from cxdash.ingest.importers.report import dropped_line


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
