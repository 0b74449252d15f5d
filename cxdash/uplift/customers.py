"""The customers an uplift is measured on: one row per customer who answered the metric, from
`queries/uplift_customers.sql`, with figures blanked where the data did not observe them.

A customer's 12 months after the answer count only where the data observed orders over all of them (for
spend and orders) or churn over all of them (for retention): a gap in the data is not a customer who
stopped buying. Spend before the answer counts where orders were observed over its 365 days, or over the part of them
after sign-up (nothing of the customer's can be missing before it).
"""

from __future__ import annotations

from datetime import timedelta

import polars as pl

from cxdash.engine.engine import Engine
from cxdash.figures.counts import Filters
from cxdash.figures.windows import Window

METRICS = ("nps", "csat", "ces")
YEAR = 365  # days in the window after (and before) an answer
AFTER = ("spend_after", "orders_after")


def metrics_with_answers(engine: Engine) -> list[str]:
    """The survey metrics this data has answers to, in the usual order."""
    return [m for m in METRICS if m in engine.survey_metrics]


def _covers(window: Window | None, first: pl.Expr, last: pl.Expr) -> pl.Expr:
    """Whether `window` holds every day from `first` to `last`."""
    if window is None:
        return pl.lit(False)
    return (first >= pl.lit(window.start)) & (last <= pl.lit(window.end))


def observed_only(rows: pl.DataFrame, orders: Window | None, churn: Window | None) -> pl.DataFrame:
    """Null every figure whose span the data did not observe (see the module's docstring)."""
    answered = pl.col("answered_at")
    after = _covers(orders, answered + timedelta(days=1), answered + timedelta(days=YEAR))
    before_start = pl.max_horizontal(answered - timedelta(days=YEAR), pl.col("signup_date"))
    before = _covers(orders, before_start, answered - timedelta(days=1))
    retention = _covers(churn, answered + timedelta(days=1), answered + timedelta(days=YEAR))
    return rows.with_columns(
        *(pl.when(after).then(pl.col(name)).alias(name) for name in AFTER),
        pl.when(before).then(pl.col("spend_before")).alias("spend_before"),
        pl.when(retention).then(pl.col("retained_12m")).alias("retained_12m"),
    )


def with_dimensions(rows: pl.DataFrame, slice_dims: pl.DataFrame) -> pl.DataFrame:
    """One column per customer dimension (segment, region, ...), joined by slice; null where unknown."""
    if slice_dims.is_empty():
        return rows
    wide = slice_dims.pivot(on="dim", index="slice_id", values="value")
    return rows.join(wide, on="slice_id", how="left")


def dimension_names(rows: pl.DataFrame, engine: Engine) -> list[str]:
    return [dim for dim in engine.dimensions if dim in rows.columns]


def uplift_customers(engine: Engine, metric: str, filters: Filters) -> pl.DataFrame:
    """The rows of `uplift_customers.sql` for `metric`, observed figures only, with the dimensions."""
    slices = engine.slices(filters)
    rows = engine.run("uplift_customers", metric=metric, as_of=engine.data.as_of, slices=slices)
    rows = observed_only(rows, engine.windows.get("orders"), engine.windows.get("churn"))
    return with_dimensions(rows, engine.run("uplift_slice_dims", slices=slices))
