"""Churn over time and by dimension: when we lose customers, and which group hurts us most.

Monthly churn is the trend query's (DESIGN.md's churn rate per calendar month), with a 95% Wilson interval
and a least-squares trend weighted by each month's base. Churn by dimension ranks groups by the yearly
revenue their churned customers took with them, so the largest loss comes first, not the highest rate
of a tiny group.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from cxdash.figures.metrics import MIN_BASE, proportion_interval


@dataclass(frozen=True)
class Trend:
    slope: float  # change of the churn rate per month (a fraction)
    months: int


def _with_interval(frame: pl.DataFrame, churned: str, base: str) -> pl.DataFrame:
    bounds = [proportion_interval(c, n) for c, n in zip(frame[churned], frame[base], strict=True)]
    return frame.with_columns(
        churn_rate=pl.when(pl.col(base) > 0).then(pl.col(churned) / pl.col(base)),
        low=pl.Series([b[0] if b else None for b in bounds], dtype=pl.Float64),
        high=pl.Series([b[1] if b else None for b in bounds], dtype=pl.Float64),
    )


def monthly_churn(trend: pl.DataFrame) -> pl.DataFrame:
    """trend_customers rows (monthly) -> bucket_start, bucket_end, partial, active_start, churned,
    churn_rate, low, high; a month with fewer than MIN_BASE customers at its start has no rate."""
    frame = trend.select("bucket_start", "bucket_end", "partial", "active_start", "churned")
    frame = _with_interval(frame, "churned", "active_start")
    small = pl.col("active_start") < MIN_BASE
    return frame.with_columns(pl.when(~small).then(pl.col(c)) for c in ("churn_rate", "low", "high"))


def churn_trend(monthly: pl.DataFrame) -> Trend | None:
    """The weighted least-squares slope of the churn rate over whole months (partial months left out)."""
    whole = monthly.filter(~pl.col("partial") & pl.col("churn_rate").is_not_null())
    if whole.height < 3:
        return None
    x = np.arange(whole.height, dtype=float)
    slope = np.polyfit(x, whole["churn_rate"].to_numpy(), 1, w=np.sqrt(whole["active_start"].to_numpy()))[0]
    return Trend(float(slope), whole.height)


def by_dimension(rows: pl.DataFrame) -> pl.DataFrame:
    """churn_by_dimension rows with churn_rate, its interval and each group's share of the churned
    revenue, largest loss first."""
    total = rows["churned_revenue"].sum()
    frame = _with_interval(rows, "churned", "active_start")
    return frame.with_columns(
        revenue_share=pl.col("churned_revenue") / total if total else pl.lit(None, pl.Float64)
    ).sort(["churned_revenue", "churned", "value"], descending=[True, True, False])
