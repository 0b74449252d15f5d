"""Per theme: how many raise it, how they score against everyone else, how they feel, and its trend.

A theme's score is the KPI of its answers' metric (NPS, CSAT %, CES mean; the metric most of its answers
carry); `score_others` is the same KPI over every other answer of that metric in the view, commented or
not (the view's totals minus the theme's), so the gap reads "answers that mention it score X lower".
"""

from __future__ import annotations

import polars as pl

from cxdash.figures.metrics import survey_interval, survey_value
from cxdash.themes.reading import ThemedComments

METRICS = ("nps", "csat", "ces")
SUM_FIELDS = ("n", "promoters", "detractors", "satisfied", "score_sum", "score_sq_sum")


def survey_sums() -> list[pl.Expr]:
    """The counts `survey_value` takes, from rows carrying metric, score, experience and rank."""
    return [
        pl.len().alias("n"),
        (pl.col("experience") == "promoter").sum().alias("promoters"),
        (pl.col("experience") == "detractor").sum().alias("detractors"),
        ((pl.col("metric") == "csat") & (pl.col("rank") <= 2)).sum().alias("satisfied"),
        pl.col("score").cast(pl.Float64).sum().alias("score_sum"),
        (pl.col("score").cast(pl.Float64) ** 2).sum().alias("score_sq_sum"),
    ]


def _exploded(themed: ThemedComments) -> pl.DataFrame:
    return themed.comments.explode("themes").rename({"themes": "theme_id"}).drop_nulls("theme_id")


def theme_summary(themed: ThemedComments, totals: dict[str, dict[str, float]]) -> pl.DataFrame:
    """One row per theme raised at least once, most raised first. `totals`: metric -> the view's sums."""
    rows = _exploded(themed)
    commented = themed.comments.height
    volume = rows.group_by("theme_id").agg(
        responses=pl.len(),
        customers=pl.col("customer_id").drop_nulls().n_unique(),
        sentiment=100 * pl.col("sentiment").cast(pl.Float64).mean(),
        first_day=pl.col("day").min(),
        last_day=pl.col("day").max(),
    )
    per_metric = rows.group_by("theme_id", "metric").agg(survey_sums())
    main = per_metric.with_columns(order=pl.col("metric").replace_strict(METRICS, list(range(3)), default=3)).sort(
        "theme_id", "n", "order", descending=[False, True, False]
    )
    records = []
    for row in main.unique("theme_id", keep="first", maintain_order=True).iter_rows(named=True):
        metric = row["metric"]
        total = totals.get(metric)
        others = {k: total[k] - row[k] for k in SUM_FIELDS} if total else None
        interval = survey_interval(metric, row)
        records.append(
            {
                "theme_id": row["theme_id"],
                "metric": metric,
                "score": survey_value(metric, row),
                "score_low": interval[0] if interval else None,
                "score_high": interval[1] if interval else None,
                "score_n": row["n"],
                "score_others": survey_value(metric, others) if others and others["n"] > 0 else None,
            }
        )
    scores = pl.DataFrame(
        records,
        schema={
            "theme_id": pl.String,
            "metric": pl.String,
            "score": pl.Float64,
            "score_low": pl.Float64,
            "score_high": pl.Float64,
            "score_n": pl.Int64,
            "score_others": pl.Float64,
        },
    )
    return (
        themed.themes.join(volume, on="theme_id")
        .join(scores, on="theme_id")
        .with_columns(share=pl.col("responses") / commented)
        .sort("responses", "theme_id", descending=[True, False])
    )


def theme_trend(themed: ThemedComments) -> pl.DataFrame:
    """Per theme and month: answers raising it and their share of the month's comments."""
    month = pl.col("day").dt.truncate("1mo").alias("month")
    all_comments = themed.comments.group_by(month).agg(comments=pl.len())
    rows = _exploded(themed).group_by("theme_id", month).agg(responses=pl.len())
    return (
        rows.join(all_comments, on="month")
        .join(themed.themes, on="theme_id")
        .with_columns(share=pl.col("responses") / pl.col("comments"))
        .sort("month", "theme_id")
    )
