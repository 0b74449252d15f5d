"""The Overview recomputed with polars' lazy API on the raw tables: the yardstick a polars analyst sets.

Each state is three lazy queries collected together: the chosen customers' counts per period (one
expression each), and their orders and responses filtered to the state's dates, summed per day, then per
period by a range join. No slices, rollups or SQL from the engine; the tables are read once, as pandas'.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from pathlib import Path

import polars as pl

from cxdash.bench.analyst import (
    CUSTOMER_SUMS,
    SURVEY_SUMS,
    AnalystOverview,
    State,
    churn_figures,
    figures,
    trend_buckets,
)
from cxdash.figures.periods import Period

TABLES = ("customers", "orders", "survey_responses")


def load_frames(directory: Path) -> dict[str, pl.DataFrame]:
    return {name: pl.read_parquet(Path(directory) / f"{name}.parquet") for name in TABLES}


def _customer_exprs(i: int, period: Period) -> list[pl.Expr]:
    signup, churn = pl.col("signup_date"), pl.col("churn_date")
    at_start = (signup < period.start) & (churn.is_null() | (churn >= period.start))
    return [
        at_start.sum().alias(f"active_start_{i}"),
        (at_start & churn.is_between(period.start, period.end)).sum().alias(f"churned_{i}"),
        signup.is_between(period.start, period.end).sum().alias(f"new_customers_{i}"),
        ((signup <= period.end) & (churn.is_null() | (churn > period.end))).sum().alias(f"active_end_{i}"),
    ]


def _in_dates(column: str, first: Period) -> pl.Expr:
    """Timestamps from the first day's start to the last day's end."""
    after = datetime.combine(first.end + timedelta(days=1), time())
    return (pl.col(column) >= datetime.combine(first.start, time())) & (pl.col(column) < after)


def _per_period(daily: pl.LazyFrame, periods: pl.LazyFrame, keys: list[str], sums: list[str]) -> pl.LazyFrame:
    joined = daily.join_where(periods, pl.col("day") >= pl.col("start"), pl.col("day") <= pl.col("end"))
    return joined.group_by(keys).agg(pl.col(sums).sum())


def polars_overview(frames: dict[str, pl.DataFrame], state: State) -> AnalystOverview:
    """The state's Overview from raw rows (a filter drops other customers' rows and anonymous responses)."""
    buckets = trend_buckets(state.period)
    periods = [state.period, *([state.comparison] if state.comparison else []), *buckets]
    span = Period(min(p.start for p in periods), max(p.end for p in periods))
    table = pl.LazyFrame(
        {"i": range(len(periods)), "start": [p.start for p in periods], "end": [p.end for p in periods]},
        schema={"i": pl.Int64, "start": pl.Date, "end": pl.Date},
    )

    customers = frames["customers"].lazy()
    for dim, values in state.filters.active().items():
        customers = customers.filter(pl.col(dim).is_in(values))
    start = state.period.start
    at_start = (pl.col("signup_date") < start) & (pl.col("churn_date").is_null() | (pl.col("churn_date") >= start))
    to_date = [
        (at_start & pl.col("churn_date").is_between(start, bucket.end)).sum().alias(f"to_date_{k}")
        for k, bucket in enumerate(buckets)
    ]
    counts = customers.select(*(e for i, p in enumerate(periods) for e in _customer_exprs(i, p)), *to_date)

    orders = frames["orders"].lazy().filter(_in_dates("order_date", span))
    responses = frames["survey_responses"].lazy().filter(_in_dates("responded_at", span))
    if state.filters.active():
        orders = orders.join(customers.select("customer_id"), on="customer_id", how="semi")
        responses = responses.join(customers.select("customer_id"), on="customer_id", how="semi")
    daily_orders = orders.group_by(pl.col("order_date").dt.date().alias("day")).agg(
        revenue=pl.col("amount").sum(), orders=pl.len()
    )
    score = pl.col("score")
    daily_responses = responses.group_by(pl.col("responded_at").dt.date().alias("day"), "metric").agg(
        n=pl.len(),
        promoters=(score >= 9).sum(),
        detractors=(score <= 6).sum(),
        satisfied=(score >= 4).sum(),
        score_sum=score.cast(pl.Float64).sum(),
    )
    counts, by_orders, by_responses = pl.collect_all(
        [
            counts,
            _per_period(daily_orders, table, ["i"], ["revenue", "orders"]),
            _per_period(daily_responses, table, ["i", "metric"], list(SURVEY_SUMS)),
        ]
    )
    row = counts.row(0, named=True)
    order_sums = {r["i"]: r for r in by_orders.iter_rows(named=True)}
    survey_sums: dict[int, dict[str, dict]] = {}
    for r in by_responses.iter_rows(named=True):
        survey_sums.setdefault(r["i"], {})[r["metric"]] = r

    def period_figures(i: int) -> dict:
        sums = order_sums.get(i, {"revenue": 0.0, "orders": 0})
        customer = {name: row[f"{name}_{i}"] for name in CUSTOMER_SUMS}
        return figures(customer, sums["revenue"], sums["orders"], survey_sums.get(i, {}))

    first_bucket = 2 if state.comparison else 1
    active = row["active_start_0"]
    return AnalystOverview(
        current=period_figures(0),
        previous=period_figures(1) if state.comparison else None,
        buckets=tuple((bucket, period_figures(first_bucket + k)) for k, bucket in enumerate(buckets)),
        to_date=tuple(churn_figures(active, row[f"to_date_{k}"]) for k in range(len(buckets))),
    )
