"""Month-k retention across cohorts: one point per cohort, so "are newer cohorts staying longer" is one look."""

from __future__ import annotations

import polars as pl

from cxdash.cohorts.table import is_revenue
from cxdash.figures.metrics import proportion_interval

MONTHS = (1, 3, 6, 12)


def month_k(table: pl.DataFrame, k: int, kind: str) -> pl.DataFrame:
    """Each cohort's figure at month k (from `table.cohort_table`), with a 95% Wilson interval for the
    shares of customers (logo, active); revenue retention is a ratio of sums without one. Cohorts that
    cannot know month k yet are left out."""
    known = table.filter((pl.col("month") == k) & pl.col("value").is_not_null())
    bounds = [
        None if is_revenue(kind) else proportion_interval(count, size)
        for count, size in zip(known["customers"], known["size"], strict=True)
    ]
    return known.select("cohort", "label", "size", "customers", "value").with_columns(
        low=pl.Series([b[0] if b else None for b in bounds], dtype=pl.Float64),
        high=pl.Series([b[1] if b else None for b in bounds], dtype=pl.Float64),
    )
