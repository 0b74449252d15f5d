"""Customer lifetime value from retention and spend, with its method stated where it is shown.

LTV over a horizon H = expected months as a customer within H (the area under the Kaplan-Meier curve up
to H, the restricted mean lifetime) x revenue per month as a customer. By dimension the clock starts at
sign-up and the spend is the group's revenue over its customer-months in whole observed months; by
experience group it starts at the first answer and the spend is the year after it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import polars as pl

from cxdash.cohorts.months import DAYS_PER_MONTH
from cxdash.cohorts.survival import Curve
from cxdash.cohorts.table import cell_state
from cxdash.figures.windows import Window

HORIZON = 24  # months
METHOD = (
    f"Lifetime value over {HORIZON} months = expected months as a customer within {HORIZON} months (the area "
    "under the survival curve, not extrapolated past the longest lifetime seen) × revenue per month as a "
    "customer. Assumptions: revenue, not margin; no discounting; spend per month as a customer stays as "
    "observed; a group whose curve stops before the horizon gets no figure."
)


@dataclass(frozen=True)
class Value:
    group: str
    customers: int
    months: float | None  # restricted mean lifetime within HORIZON
    monthly_revenue: float | None
    ltv: float | None


def revenue_per_month_by_group(rows: pl.DataFrame, as_of: date, orders: Window | None) -> dict[str, float]:
    """From cohort_by_dimension rows: each group's revenue over its customer-months, whole observed
    months only; a month's customers are those still customers at its start (retained at k - 1)."""
    frame = rows.sort("value", "cohort_month", "month_index").with_columns(
        alive=pl.col("retained").shift(1, fill_value=None).over("value", "cohort_month").fill_null(pl.col("customers"))
    )
    known = [
        cell_state("active", cohort, month, as_of, orders) == "known"
        for cohort, month in zip(frame["cohort_month"], frame["month_index"], strict=True)
    ]
    sums = frame.filter(pl.Series(known)).group_by("value").agg(pl.col("revenue", "alive").sum())
    return {v: r / a for v, r, a in zip(sums["value"], sums["revenue"], sums["alive"], strict=True) if a > 0}


def revenue_per_month_by_experience(rows: pl.DataFrame) -> dict[str, float]:
    """From experience_spend rows: spend in the year after the answer over the months still a customer."""
    return {
        g: s / (d / DAYS_PER_MONTH)
        for g, s, d in zip(rows["group_name"], rows["spend_after"], rows["active_days"], strict=True)
        if d
    }


def lifetime_values(curves: list[Curve], monthly: dict[str, float], horizon: int = HORIZON) -> list[Value]:
    values = []
    for curve in curves:
        months, revenue = curve.restricted_mean(horizon), monthly.get(curve.group)
        ltv = months * revenue if months is not None and revenue is not None else None
        values.append(Value(curve.group, curve.customers, months, revenue, ltv))
    return values
