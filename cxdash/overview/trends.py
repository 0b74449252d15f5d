"""KPIs per calendar week or month: sparklines and trend charts read one table built here."""

from __future__ import annotations

import polars as pl

from cxdash.engine.catalog import QueryRunner
from cxdash.figures import metrics
from cxdash.figures.periods import Period


def _survey_columns(responses: pl.DataFrame, metric: str) -> pl.DataFrame:
    out = []
    for row in responses.filter(pl.col("metric") == metric).iter_rows(named=True):
        low, high = metrics.survey_interval(metric, row) or (None, None)
        value = metrics.survey_value(metric, row)
        out.append(
            {
                "bucket": row["bucket"],
                metric: value,
                f"{metric}_n": row["n"],
                f"{metric}_low": low,
                f"{metric}_high": high,
            }
        )
    schema = {"bucket": pl.Date, metric: pl.Float64, f"{metric}_n": pl.Int64}
    schema |= {f"{metric}_low": pl.Float64, f"{metric}_high": pl.Float64}
    return pl.DataFrame(out, schema=schema)


def trend_table(runner: QueryRunner, period: Period, slices: list[int], grain: str) -> pl.DataFrame:
    """One row per bucket: revenue, orders, aov, churn and base figures, survey KPIs with n and 95% bounds."""
    params = {"start": period.start, "end": period.end, "grain": grain, "slices": slices}
    bucket = {"bucket_start": "bucket"}  # what the charts call a bucket's (first) day
    customers = (
        runner.run("trend_customers", **params)
        .rename(bucket)
        .with_columns(
            churn_rate=pl.when(pl.col("active_start") > 0).then(pl.col("churned") / pl.col("active_start")),
        )
    )
    customers = customers.with_columns(retention_rate=1 - pl.col("churn_rate"))
    orders = (
        runner.run("trend_orders", **params)
        .rename(bucket)
        .with_columns(aov=pl.when(pl.col("orders") > 0).then(pl.col("revenue") / pl.col("orders")))
    )
    responses = runner.run("trend_responses", **params).rename(bucket)
    table = customers.join(orders.drop("bucket_end", "partial"), on="bucket", how="left")
    for metric in ("nps", "csat", "ces"):
        table = table.join(_survey_columns(responses, metric), on="bucket", how="left")
    return table.with_columns(
        pl.col("revenue", "orders").fill_null(0),
        pl.col("nps_n", "csat_n", "ces_n").fill_null(0),
    ).sort("bucket")
