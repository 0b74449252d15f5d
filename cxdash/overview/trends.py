"""KPIs per calendar week or month of a period: the trend charts, sparklines and the CLI `trend` read it.

Every bucket is clipped to the period the same way for every measure (a bucket cut by the period's
start or end is marked partial), every bucket is kept (a bucket with no data stays a gap, it is not
dropped), and a bucket's figure obeys the same rules as a tile's: not observed or too few observations
give null, never a misleading point.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

import polars as pl

from cxdash.engine.catalog import QueryRunner
from cxdash.figures.counts import Counts, counts_from_rows
from cxdash.figures.periods import Period
from cxdash.figures.registry import KPIS, Kpi
from cxdash.figures.windows import Window
from cxdash.overview.tiles import figure


def bucket_counts(runner: QueryRunner, period: Period, slices: list[int], grain: str) -> list[tuple[Counts, bool]]:
    """Each bucket's counts and whether it is partial, in time order."""
    params = {"start": period.start, "end": period.end, "grain": grain, "slices": slices}
    orders = {r["bucket_start"]: r for r in runner.run("trend_orders", **params).iter_rows(named=True)}
    responses: dict[date, list[dict[str, Any]]] = {}
    for row in runner.run("trend_responses", **params).iter_rows(named=True):
        responses.setdefault(row["bucket_start"], []).append(row)
    return [
        (
            counts_from_rows(
                Period(row["bucket_start"], row["bucket_end"]),
                row,
                orders.get(row["bucket_start"]),
                responses.get(row["bucket_start"], []),
            ),
            bool(row["partial"]),
        )
        for row in runner.run("trend_customers", **params).iter_rows(named=True)
    ]


def to_date_counts(runner: QueryRunner, current: Counts, slices: list[int], buckets: list[Counts]) -> list[Counts]:
    """The base's churn from the period's start to each bucket's end: a rate over the period (churn)
    drawn in the tile's own unit, ending on the tile's value."""
    period = current.period
    days = runner.run("base_churn_days", start=period.start, end=period.end, slices=slices)
    found, churned, rows = [], 0, iter(days.iter_rows())
    pending = next(rows, None)
    for bucket in buckets:
        while pending is not None and pending[0] <= bucket.period.end:
            churned += pending[1]
            pending = next(rows, None)
        span = Period(period.start, bucket.period.end)
        found.append(Counts(span, active_start=current.active_start, churned=churned))
    return found


def trend_table(
    buckets: list[tuple[Counts, bool]], windows: Mapping[str, Window], kpis: tuple[Kpi, ...] = KPIS
) -> pl.DataFrame:
    """One row per bucket: its dates, `partial`, every KPI (null where not shown) with n and 95% bounds."""
    rows = []
    for counts, partial in buckets:
        row: dict[str, Any] = {
            "bucket_start": counts.period.start,
            "bucket_end": counts.period.end,
            "partial": partial,
        }
        for kpi in kpis:
            value = figure(kpi, counts, windows)
            row[kpi.name] = None if value is None else float(value)
            if kpi.n:
                row[f"{kpi.name}_n"] = kpi.n(counts)
            if kpi.interval:
                low, high = (kpi.interval(counts) or (None, None)) if value is not None else (None, None)
                row[f"{kpi.name}_low"], row[f"{kpi.name}_high"] = low, high
        rows.append(row)
    schema: dict[str, pl.DataType] = {"bucket_start": pl.Date, "bucket_end": pl.Date, "partial": pl.Boolean}
    for kpi in kpis:
        schema[kpi.name] = pl.Float64
        if kpi.n:
            schema[f"{kpi.name}_n"] = pl.Int64
        if kpi.interval:
            schema[f"{kpi.name}_low"] = schema[f"{kpi.name}_high"] = pl.Float64
    return pl.DataFrame(rows, schema=schema, orient="row")


def sparklines(
    trend: pl.DataFrame, to_date: list[Counts], windows: Mapping[str, Window], kpis: tuple[Kpi, ...] = KPIS
) -> dict[str, tuple[float | None, ...]]:
    """Each KPI's points in its tile's unit: per bucket, or from the period start for period rates."""
    lines = {}
    for kpi in kpis:
        if kpi.to_date:
            lines[kpi.name] = tuple(figure(kpi, counts, windows) for counts in to_date)
        else:
            whole = trend.filter(~pl.col("partial")) if kpi.additive else trend
            lines[kpi.name] = tuple(whole[kpi.name].to_list())
    return lines
