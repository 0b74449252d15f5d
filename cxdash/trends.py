"""KPIs per calendar week or month: sparklines and trend charts read one table built here."""

from __future__ import annotations

import polars as pl

from cxdash import metrics
from cxdash.periods import Period
from cxdash.queries import QueryRunner


def _survey_columns(responses: pl.DataFrame, metric: str) -> pl.DataFrame:
    rows = responses.filter(pl.col("metric") == metric)
    out = []
    for row in rows.iter_rows(named=True):
        n, p, d = row["n"], row["promoters"], row["detractors"]
        value = {
            "nps": metrics.nps(p, d, n),
            "csat": metrics.csat(row["satisfied"], n),
            "ces": row["score_sum"] / n if n else None,
        }[metric]
        moe = {
            "nps": metrics.nps_margin_of_error(p, d, n),
            "csat": None,
            "ces": metrics.mean_margin_of_error(row["score_sum"], row["score_sq_sum"], n),
        }[metric]
        if metric == "csat" and (interval := metrics.wilson_interval(row["satisfied"], n)):
            moe = 100 * (interval[1] - interval[0]) / 2
        out.append({"bucket": row["bucket"], metric: value, f"{metric}_n": n, f"{metric}_moe95": moe})
    schema = {"bucket": pl.Date, metric: pl.Float64, f"{metric}_n": pl.Int64, f"{metric}_moe95": pl.Float64}
    return pl.DataFrame(out, schema=schema)


def trend_table(runner: QueryRunner, period: Period, groups: list[int] | None, grain: str) -> pl.DataFrame:
    """One row per bucket: revenue, orders, aov, churn and base figures, and survey KPIs with n and ±."""
    params = {"start": period.start, "end": period.end, "grain": grain, "groups": groups}
    customers = runner.run("trend_customers", **params).with_columns(
        churn_rate=pl.when(pl.col("active_start") > 0).then(pl.col("churned") / pl.col("active_start")),
    )
    customers = customers.with_columns(retention_rate=1 - pl.col("churn_rate"))
    orders = runner.run("trend_orders", **params).with_columns(
        aov=pl.when(pl.col("orders") > 0).then(pl.col("revenue") / pl.col("orders"))
    )
    responses = runner.run("trend_responses", **params)
    table = customers.join(orders, on="bucket", how="left")
    for metric in ("nps", "csat", "ces"):
        table = table.join(_survey_columns(responses, metric), on="bucket", how="left")
    return table.with_columns(
        pl.col("revenue", "orders").fill_null(0),
        pl.col("nps_n", "csat_n", "ces_n").fill_null(0),
    ).sort("bucket")
