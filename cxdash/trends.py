"""KPIs per calendar week or month: sparklines and trend charts read one table built here."""

from __future__ import annotations

import polars as pl

from cxdash import metrics
from cxdash.periods import Period
from cxdash.queries import QueryRunner


def _interval(metric: str, row: dict) -> tuple[float | None, float | None]:
    """The 95% interval of one bucket's figure: NPS ± its margin, Wilson for CSAT, normal for CES."""
    n = row["n"]
    if metric == "csat":
        found = metrics.wilson_interval(row["satisfied"], n)
        return (100 * found[0], 100 * found[1]) if found else (None, None)
    if metric == "nps":
        value, moe = (
            metrics.nps(row["promoters"], row["detractors"], n),
            metrics.nps_margin_of_error(row["promoters"], row["detractors"], n),
        )
    else:
        value = row["score_sum"] / n if n else None
        moe = metrics.mean_margin_of_error(row["score_sum"], row["score_sq_sum"], n)
    return (value - moe, value + moe) if value is not None and moe is not None else (None, None)


def _survey_columns(responses: pl.DataFrame, metric: str) -> pl.DataFrame:
    out = []
    for row in responses.filter(pl.col("metric") == metric).iter_rows(named=True):
        n = row["n"]
        value = {
            "nps": metrics.nps(row["promoters"], row["detractors"], n),
            "csat": metrics.csat(row["satisfied"], n),
            "ces": row["score_sum"] / n if n else None,
        }[metric]
        low, high = _interval(metric, row)
        out.append(
            {"bucket": row["bucket"], metric: value, f"{metric}_n": n, f"{metric}_low": low, f"{metric}_high": high}
        )
    schema = {"bucket": pl.Date, metric: pl.Float64, f"{metric}_n": pl.Int64}
    schema |= {f"{metric}_low": pl.Float64, f"{metric}_high": pl.Float64}
    return pl.DataFrame(out, schema=schema)


def trend_table(runner: QueryRunner, period: Period, groups: list[int] | None, grain: str) -> pl.DataFrame:
    """One row per bucket: revenue, orders, aov, churn and base figures, survey KPIs with n and 95% bounds."""
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
