"""One uplift analysis of one survey metric for the chosen customers: what the page, the CLI and the
report read, computed once from the rows of `customers`."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from cxdash.engine.engine import Engine
from cxdash.figures.counts import Filters
from cxdash.uplift.adjusted import Adjusted, adjusted_uplift
from cxdash.uplift.before_after import BeforeAfter, before_after
from cxdash.uplift.customers import dimension_names, uplift_customers
from cxdash.uplift.dimensions import DimensionUplift, uplift_by_dimension
from cxdash.uplift.estimates import Estimate, ratio_of_means
from cxdash.uplift.groups import GroupFigures, best_and_worst, group_figures, satisfied_grouping


@dataclass(frozen=True)
class Uplift:
    metric: str
    rows: pl.DataFrame  # one row per customer who answered (customers.uplift_customers)
    groups: list[GroupFigures]  # best first
    best: GroupFigures | None  # None where fewer than two groups have customers measured
    worst: GroupFigures | None
    revenue_ratio: Estimate  # raw: best group's revenue per customer over the worst's
    retention_ratio: Estimate  # raw: best group's 12-month retention over the worst's
    adjusted: Adjusted | None
    before_after: list[BeforeAfter]
    dimensions: list[DimensionUplift]

    @property
    def eligible(self) -> int:
        return sum(g.customers for g in self.groups)


def analyse(rows: pl.DataFrame, metric: str, dimensions: list[str], satisfied: bool = False) -> Uplift:
    """Every figure of the page from the customer rows; `satisfied` groups CSAT as 4-5 against the rest."""
    if satisfied:
        rows = satisfied_grouping(rows)
    groups = group_figures(rows)
    ends = best_and_worst(groups)
    if ends is None:
        missing = Estimate.missing()
        return Uplift(metric, rows, groups, None, None, missing, missing, None, before_after(rows), [])
    best, worst = ends
    return Uplift(
        metric=metric,
        rows=rows,
        groups=groups,
        best=best,
        worst=worst,
        revenue_ratio=ratio_of_means(best.revenue, worst.revenue),
        retention_ratio=ratio_of_means(best.retained, worst.retained),
        adjusted=adjusted_uplift(rows, best.group, worst.group),
        before_after=before_after(rows),
        dimensions=uplift_by_dimension(rows, dimensions, best.group, worst.group),
    )


def uplift_for(engine: Engine, metric: str, filters: Filters, satisfied: bool = False) -> Uplift:
    rows = uplift_customers(engine, metric, filters)
    return analyse(rows, metric, dimension_names(rows, engine), satisfied)
