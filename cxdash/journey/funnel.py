"""The funnel of journey events: conversion and drop-off per step, abandonment by channel, and what
followed an abandoned first visit (later scores and churn) against a completed one.

Each event is one visit reaching one step, so a step's `reached` counts visits and its drop-off is the
share of them abandoned there. Steps are ordered by the visits reaching them, most first (a funnel only
narrows; ties by name). Intervals are Wilson intervals over visits, as if visits were independent: one
customer's visits resemble each other, so they are a little too narrow where a few customers make many.
"""

from __future__ import annotations

import polars as pl

from cxdash.figures import metrics
from cxdash.figures.counts import SURVEY_FIELDS, Counts
from cxdash.figures.periods import Period
from cxdash.figures.registry import KPI_BY_NAME
from cxdash.figures.significance import TestResult
from cxdash.journey.consistency import Spread, spread_test
from cxdash.journey.scores import NOT_GIVEN

FOLLOW_DAYS = 90  # funnel_followup.sql: churn and answers in the 90 days after a first visit


def stages(rows: pl.DataFrame) -> list[str]:
    """The funnel stages, most visits first."""
    totals = rows.group_by("stage").agg(pl.col("reached").sum()).sort(["reached", "stage"], descending=[True, False])
    return totals["stage"].to_list()


def _interval(successes: int, n: int) -> tuple[float | None, float | None]:
    found = metrics.proportion_interval(successes, n)
    return found if found else (None, None)


def step_table(rows: pl.DataFrame, stage: str) -> pl.DataFrame:
    """One row per step of `stage` in funnel order: reached, abandoned, completed, drop_off (abandoned /
    reached) with its 95% interval, and from_start (reached / visits reaching the first step)."""
    steps = (
        rows.filter(pl.col("stage") == stage)
        .group_by("step")
        .agg(pl.col("reached").sum(), pl.col("abandoned").sum())
        .sort(["reached", "step"], descending=[True, False])
    )
    first = steps["reached"][0] if steps.height else 0
    out = []
    for row in steps.iter_rows(named=True):
        low, high = _interval(row["abandoned"], row["reached"])
        out.append(
            row
            | {
                "completed": row["reached"] - row["abandoned"],
                "drop_off": metrics.ratio(row["abandoned"], row["reached"]),
                "drop_low": low,
                "drop_high": high,
                "from_start": metrics.ratio(row["reached"], first),
            }
        )
    schema = {
        "step": pl.String,
        "reached": pl.Int64,
        "abandoned": pl.Int64,
        "completed": pl.Int64,
        "drop_off": pl.Float64,
        "drop_low": pl.Float64,
        "drop_high": pl.Float64,
        "from_start": pl.Float64,
    }
    return pl.DataFrame(out, schema=schema, orient="row")


def channel_table(rows: pl.DataFrame, stage: str) -> tuple[pl.DataFrame, Spread | None]:
    """Per channel, the visits that got past the first step (reached the second: carts, in a shop's
    funnel) and how many of them were abandoned later on, with the share's 95% interval; and whether the
    channels' shares differ beyond noise (`consistency.spread_test`)."""
    steps = step_table(rows, stage)["step"].to_list()
    if len(steps) < 2:
        return pl.DataFrame(schema=_CHANNEL_SCHEMA), None
    chosen = rows.filter((pl.col("stage") == stage) & pl.col("step").is_in(steps[1:]))
    per_channel = (
        chosen.with_columns(pl.col("channel").fill_null(NOT_GIVEN))
        .group_by("channel")
        .agg(
            started=pl.col("reached").filter(pl.col("step") == steps[1]).sum(),
            abandoned=pl.col("abandoned").sum(),
        )
        .sort("channel")
    )
    out = []
    for row in per_channel.iter_rows(named=True):
        low, high = _interval(row["abandoned"], row["started"])
        out.append(row | {"share": metrics.ratio(row["abandoned"], row["started"]), "low": low, "high": high})
    table = pl.DataFrame(out, schema=_CHANNEL_SCHEMA, orient="row")
    sides = [(float(r["abandoned"]), float(r["abandoned"]), r["started"], 1.0) for r in out]
    return table, spread_test(sides)


_CHANNEL_SCHEMA = {
    "channel": pl.String,
    "started": pl.Int64,
    "abandoned": pl.Int64,
    "share": pl.Float64,
    "low": pl.Float64,
    "high": pl.Float64,
}


def followup(rows: pl.DataFrame) -> pl.DataFrame:
    """From `funnel_followup`: one row per outcome ('abandoned', 'completed') and measure ('churn' and each
    survey metric answered): n (customers, or answers), value (churn as a share 0-1; NPS, CSAT %, CES)
    with its 95% interval; figures below their minimum n (MIN_BASE customers, MIN_SURVEY_N answers) null."""
    out = []
    for (outcome,), group in rows.group_by("outcome", maintain_order=True):
        customers, churned = int(group["customers"][0]), int(group["churned"][0])
        shown = customers >= metrics.MIN_BASE
        low, high = _interval(churned, customers) if shown else (None, None)
        rate = metrics.ratio(churned, customers) if shown else None
        out.append({"outcome": outcome, "measure": "churn", "n": customers, "value": rate, "low": low, "high": high})
        for row in group.filter(pl.col("metric").is_not_null()).iter_rows(named=True):
            sums = {name: row[name] for name in SURVEY_FIELDS}
            value, low, high = (None, None, None)
            if row["n"] >= metrics.MIN_SURVEY_N:
                value = metrics.survey_value(row["metric"], sums)
                low, high = metrics.survey_interval(row["metric"], sums) or (None, None)
            out.append(
                {"outcome": outcome, "measure": row["metric"], "n": row["n"], "value": value, "low": low, "high": high}
            )
    schema = {
        "outcome": pl.String,
        "measure": pl.String,
        "n": pl.Int64,
        "value": pl.Float64,
        "low": pl.Float64,
        "high": pl.Float64,
    }
    return pl.DataFrame(out, schema=schema, orient="row")


def _counts(side: pl.DataFrame, period: Period) -> Counts:
    """One outcome's rows as the Counts a KPI's test reads: its customers as the base churn is a share of."""
    surveys = {row["metric"]: row for row in side.filter(pl.col("metric").is_not_null()).iter_rows(named=True)}
    return Counts(period, active_start=int(side["customers"][0]), churned=int(side["churned"][0]), surveys=surveys)


def followup_tests(rows: pl.DataFrame, period: Period) -> dict[str, TestResult | None]:
    """Per measure ('churn' and each survey metric both outcomes answered), abandoned against completed by
    the KPI's own test (as the overview compares two periods; None when a side is too small)."""
    sides = {outcome: group for (outcome,), group in rows.group_by("outcome")}
    if set(sides) != {"abandoned", "completed"}:
        return {}
    left, right = (_counts(sides[name], period) for name in ("abandoned", "completed"))
    answered = sorted(set(left.surveys) & set(right.surveys))
    return {"churn": KPI_BY_NAME["churn_rate"].test(left, right)} | {
        metric: KPI_BY_NAME[metric].test(left, right) for metric in answered
    }
