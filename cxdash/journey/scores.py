"""Journey map figures: NPS, CSAT or CES per stage, touchpoint or survey channel, with n and 95% intervals.

The rows come from `journey_scores` / `journey_trend` (counts and cluster sums per group); the value and
interval of each group are those of the overview (`figures.metrics`), so a stage's NPS is computed exactly
as the tile's. A group with fewer than MIN_SURVEY_N answers keeps its n but shows no figure.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import polars as pl

from cxdash.figures import metrics
from cxdash.figures.counts import SURVEY_FIELDS
from cxdash.figures.registry import KPI_BY_NAME

NOT_GIVEN = "(not given)"  # a group of answers that leave the column empty
KEYS = ("journey_stage", "touchpoint", "channel")


def survey_metrics(rows: pl.DataFrame) -> list[str]:
    """The metrics answered in the rows, most answers first (the map's default is the first)."""
    totals = rows.group_by("metric").agg(pl.col("n").sum()).sort(["n", "metric"], descending=[True, False])
    return totals["metric"].to_list()


def figure(metric: str, sums: Mapping[str, float]) -> tuple[float | None, float | None, float | None]:
    """(value, low, high) of a group; all None below MIN_SURVEY_N answers."""
    if int(sums["n"]) < metrics.MIN_SURVEY_N:
        return None, None, None
    interval = metrics.survey_interval(metric, sums)
    low, high = interval if interval else (None, None)
    return metrics.survey_value(metric, sums), low, high


def overall(rows: pl.DataFrame, metric: str) -> float | None:
    """The metric over every group's answers: the counts add up (the cluster sums do not, and no interval
    is needed for the line the groups are held against)."""
    chosen = rows.filter(pl.col("metric") == metric)
    sums = {name: float(chosen[name].sum()) for name in ("n", "promoters", "detractors", "satisfied", "score_sum")}
    return metrics.survey_value(metric, sums | {"score_sq_sum": float(chosen["score_sq_sum"].sum())})


def score_table(rows: pl.DataFrame, metric: str, keys: Sequence[str]) -> pl.DataFrame:
    """One row per group of `keys` for `metric`: the keys (NOT_GIVEN for null), n, value, low, high,
    tenure_days (where the rows carry it) and `worst`: the figure's whole interval is on the bad side of
    the overall one, so the group is worse than the journey as a whole beyond sampling noise."""
    kpi = KPI_BY_NAME[metric]
    middle = overall(rows, metric)
    out = []
    for row in rows.filter(pl.col("metric") == metric).iter_rows(named=True):
        value, low, high = figure(metric, {name: row[name] for name in SURVEY_FIELDS})
        worse = low is not None and middle is not None and (high < middle if kpi.higher_is_better else low > middle)
        out.append(
            {key: row[key] if row[key] is not None else NOT_GIVEN for key in keys}
            | {"n": row["n"], "value": value, "low": low, "high": high, "worst": worse}
            | ({"tenure_days": row["tenure_days"]} if "tenure_days" in row else {})
        )
    schema = {key: pl.String for key in keys} | {
        "n": pl.Int64,
        "value": pl.Float64,
        "low": pl.Float64,
        "high": pl.Float64,
        "worst": pl.Boolean,
    }
    if "tenure_days" in rows.columns:
        schema["tenure_days"] = pl.Float64
    return pl.DataFrame(out, schema=schema, orient="row")


def stage_order(table: pl.DataFrame, declared: Sequence[str]) -> list[str]:
    """Stages in journey order: first those the data declares (dataset.yaml `journey_stages`), in its
    order; then the others by the median days from sign-up to their answers (early in a customer's life
    first; stages of anonymous answers only last); ties by name; answers without a stage at the end."""
    stages = table["journey_stage"].to_list()
    tenure = dict(zip(stages, table["tenure_days"].to_list(), strict=True)) if "tenure_days" in table.columns else {}
    known = [s for s in declared if s in stages]

    def position(stage: str) -> tuple[bool, float, str]:
        days = tenure.get(stage)
        return (days is None, days if days is not None else 0.0, stage)

    rest = sorted((s for s in stages if s not in known and s != NOT_GIVEN), key=position)
    return known + rest + ([NOT_GIVEN] if NOT_GIVEN in stages else [])


def worst_moments(table: pl.DataFrame, metric: str, limit: int = 3) -> pl.DataFrame:
    """The groups flagged `worst`, the furthest from the overall figure first."""
    kpi = KPI_BY_NAME[metric]
    return table.filter(pl.col("worst")).sort("value", descending=not kpi.higher_is_better).head(limit)


def item_trend(rows: pl.DataFrame, item: str | None, metric: str) -> pl.DataFrame:
    """One stage's or touchpoint's figure per bucket in the shape `charts.survey_trend` draws (columns
    bucket_start, partial, METRIC, METRIC_n, METRIC_low, METRIC_high): every bucket of the rows, a bucket
    without enough answers a gap."""
    buckets = rows.select("bucket_start", "partial").unique().sort("bucket_start")
    chosen = rows.filter((pl.col("metric") == metric) & pl.col("item").eq_missing(item))
    by_bucket = {row["bucket_start"]: row for row in chosen.iter_rows(named=True)}
    values = []
    for start in buckets["bucket_start"]:
        row = by_bucket.get(start)
        figures = figure(metric, {name: row[name] for name in SURVEY_FIELDS}) if row else (None, None, None)
        values.append((row["n"] if row else 0, *figures))
    n, value, low, high = zip(*values, strict=True) if values else ((), (), (), ())
    return buckets.with_columns(
        pl.Series(metric, value, dtype=pl.Float64),
        pl.Series(f"{metric}_n", n, dtype=pl.Int64),
        pl.Series(f"{metric}_low", low, dtype=pl.Float64),
        pl.Series(f"{metric}_high", high, dtype=pl.Float64),
    )
