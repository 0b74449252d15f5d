"""The uplift in each value of each customer dimension (segment, region, channel, any extra), sorted, with
n, so a CX head sees where experience goes with spend the most."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from cxdash.figures.metrics import MIN_BASE
from cxdash.uplift.estimates import Estimate, Sums, ratio_of_means
from cxdash.uplift.groups import group_sums


@dataclass(frozen=True)
class DimensionUplift:
    dimension: str
    value: str
    best_customers: int  # with 12-month spend measured
    worst_customers: int
    revenue_ratio: Estimate  # best group's revenue per customer over the worst's


def uplift_by_dimension(rows: pl.DataFrame, dimensions: list[str], best: str, worst: str) -> list[DimensionUplift]:
    """Best over worst within each dimension value; values where a ratio exists first, largest first. A ratio
    needs at least MIN_BASE customers measured in both groups (below, the value is listed without one)."""
    found = []
    for dim in dimensions:
        sums = group_sums(rows.filter(pl.col(dim).is_not_null()), by=[dim])
        for (value,), part in sums.group_by(dim, maintain_order=True):
            by_group = {row["experience"]: row for row in part.iter_rows(named=True)}
            top, bottom = by_group.get(best), by_group.get(worst)
            if top is None or bottom is None:
                continue
            ratio = ratio_of_means(
                Sums(top["spend_sum"], top["spend_sq_sum"], top["spend_n"]),
                Sums(bottom["spend_sum"], bottom["spend_sq_sum"], bottom["spend_n"]),
            )
            if min(top["spend_n"], bottom["spend_n"]) < MIN_BASE:  # a ratio of a handful is noise: listed, not shown
                ratio = Estimate.missing(ratio.n)
            found.append(DimensionUplift(dim, str(value), top["spend_n"], bottom["spend_n"], ratio))
    return sorted(found, key=lambda d: (d.revenue_ratio.value is None, -(d.revenue_ratio.value or 0), d.dimension))
