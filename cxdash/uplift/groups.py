"""Spend and retention by experience group: customers, revenue per customer, orders per customer, AOV and
12-month retention, each with its 95% interval and n (see `estimates` for which interval: a bootstrap for
revenue per customer).

Groups are the bands of `experience_bands` (rank 1 the best), taken from the rows as they come; CSAT's
"satisfied 4-5 against the rest" is a grouping of those bands, not a second definition of them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from cxdash.uplift.estimates import Estimate, Sums, bootstrap_mean, mean_estimate, ratio_estimate, share_estimate

# The CSAT KPI's satisfied answers (registry: "scoring 4 or 5"): the bands of these scores form one group.
CSAT_SATISFIED_FROM = 4
SATISFIED, NOT_SATISFIED = "satisfied (4-5)", "not satisfied (1-3)"


@dataclass(frozen=True)
class GroupFigures:
    group: str
    rank: int  # 1 the best experience
    customers: int  # eligible: answered at least 365 days before as_of
    active_customers: int  # of every customer of the group, those not churned by as_of
    revenue_per_customer: Estimate
    orders_per_customer: Estimate
    aov: Estimate
    retention: Estimate
    revenue: Sums  # per-customer 12-month spend, for ratios and what-ifs
    retained: Sums  # 1 retained, 0 churned


def satisfied_grouping(rows: pl.DataFrame) -> pl.DataFrame:
    """CSAT rows regrouped as satisfied (the bands of scores 4-5) against the rest."""
    satisfied = pl.col("score") >= CSAT_SATISFIED_FROM
    return rows.with_columns(
        experience=pl.when(satisfied).then(pl.lit(SATISFIED)).otherwise(pl.lit(NOT_SATISFIED)),
        rank=pl.when(satisfied).then(pl.lit(1, pl.Int64)).otherwise(pl.lit(2, pl.Int64)),
    )


def group_sums(rows: pl.DataFrame, by: list[str] | None = None) -> pl.DataFrame:
    """The sums every group figure needs, one row per experience group (and per `by`), best first."""
    eligible = pl.col("eligible")
    spend = pl.col("spend_after").filter(eligible)
    orders = pl.col("orders_after").filter(eligible).cast(pl.Float64)
    retained = pl.col("retained_12m").filter(eligible).cast(pl.Float64)
    keys = [*(by or []), "experience", "rank"]
    return (
        rows.group_by(keys)
        .agg(
            customers=eligible.sum(),
            active_customers=pl.col("active").sum(),
            spend_n=spend.count(),
            spend_sum=spend.sum(),
            spend_sq_sum=(spend**2).sum(),
            orders_sum=orders.sum(),
            orders_sq_sum=(orders**2).sum(),
            spend_orders_sum=(spend * orders).sum(),
            retention_n=retained.count(),
            retained=retained.sum(),
        )
        .sort([*(by or []), "rank"])
    )


def _figures(row: dict, spend: np.ndarray) -> GroupFigures:
    revenue = Sums(row["spend_sum"], row["spend_sq_sum"], row["spend_n"])
    orders = Sums(row["orders_sum"], row["orders_sq_sum"], row["spend_n"])
    retained = Sums(row["retained"], row["retained"], row["retention_n"])
    return GroupFigures(
        group=row["experience"],
        rank=row["rank"],
        customers=row["customers"],
        active_customers=row["active_customers"],
        revenue_per_customer=bootstrap_mean(spend),
        orders_per_customer=mean_estimate(orders),
        aov=ratio_estimate(revenue, orders, row["spend_orders_sum"]),
        retention=share_estimate(int(row["retained"]), row["retention_n"]),
        revenue=revenue,
        retained=retained,
    )


def group_figures(rows: pl.DataFrame) -> list[GroupFigures]:
    """Every experience group with eligible customers or active ones, best first."""
    measured = rows.filter(pl.col("eligible") & pl.col("spend_after").is_not_null())
    spend = {
        group: part["spend_after"].to_numpy() for (group,), part in measured.group_by("experience", maintain_order=True)
    }
    return [_figures(row, spend.get(row["experience"], np.zeros(0))) for row in group_sums(rows).iter_rows(named=True)]


def best_and_worst(groups: list[GroupFigures]) -> tuple[GroupFigures, GroupFigures] | None:
    """The best and the worst group with customers measured, or None where there are not two."""
    measured = [g for g in groups if g.revenue.n or g.retained.n]
    if len(measured) < 2:
        return None
    return measured[0], measured[-1]
