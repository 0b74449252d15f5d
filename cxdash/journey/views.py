"""What the journey pages show, gathered from their queries for one view: the pages only lay it out.

`journey_rows` runs `journey_scores` once per grouping and `journey_map` makes one metric's map of them;
`funnel_view` runs `funnel_steps` and `funnel_followup`. The period and customer filters bind as on every
page (`Engine.run_for`); the journey filters arrive as `choices`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import polars as pl

from cxdash.engine.engine import Engine
from cxdash.figures.counts import Filters
from cxdash.figures.periods import Period
from cxdash.figures.significance import TestResult
from cxdash.journey import funnel, scores
from cxdash.journey.channels import channel_consistency
from cxdash.journey.consistency import Spread


@dataclass(frozen=True)
class JourneyMap:
    metric: str
    overall: float | None  # the metric over every chosen answer
    volume: dict[str, int]  # answers to any metric per stage
    stages: pl.DataFrame  # scores.score_table by journey_stage
    stage_order: list[str]
    declared_order: bool  # the order comes from dataset.yaml, not from tenure
    touchpoints: pl.DataFrame
    cells: pl.DataFrame
    channels: pl.DataFrame  # by touchpoint and survey channel
    consistency: pl.DataFrame  # channels.channel_consistency


GROUPINGS = ("journey_stage", "touchpoint", "cell", "channel")


def journey_rows(current: Engine, period: Period, filters: Filters, choices: list[str]) -> dict[str, pl.DataFrame]:
    """`journey_scores` of the view, once per grouping."""
    return {by: current.run_for("journey_scores", period, filters, choices=choices, by=by) for by in GROUPINGS}


def journey_map(rows: dict[str, pl.DataFrame], metric: str, declared: list[str]) -> JourneyMap:
    """The map of one answered `metric` from `journey_rows`; `declared` is dataset.yaml's stage order."""
    stages = scores.score_table(rows["journey_stage"], metric, ("journey_stage",))
    volume = rows["journey_stage"].with_columns(pl.col("journey_stage").fill_null(scores.NOT_GIVEN))
    return JourneyMap(
        metric=metric,
        overall=scores.overall(rows["journey_stage"], metric),
        volume=dict(volume.group_by("journey_stage").agg(pl.col("n").sum()).iter_rows()),
        stages=stages,
        stage_order=scores.stage_order(stages, declared),
        declared_order=any(s in declared for s in stages["journey_stage"]),
        touchpoints=scores.score_table(rows["touchpoint"], metric, ("touchpoint",)),
        cells=scores.score_table(rows["cell"], metric, ("journey_stage", "touchpoint")),
        channels=scores.score_table(
            rows["channel"].filter(pl.col("channel").is_not_null()), metric, ("touchpoint", "channel")
        ),
        consistency=channel_consistency(rows["channel"], metric),
    )


def journey_trend(
    current: Engine, period: Period, filters: Filters, choices: list[str], by: str, grain: str
) -> pl.DataFrame:
    """`journey_trend` rows of the view, for `scores.item_trend`."""
    return current.run_for("journey_trend", period, filters, choices=choices, by=by, grain=grain)


@dataclass(frozen=True)
class FunnelView:
    stage: str
    stages: list[str]
    steps: pl.DataFrame  # funnel.step_table
    channels: pl.DataFrame  # funnel.channel_table
    channel_spread: Spread | None
    followup: pl.DataFrame  # funnel.followup
    tests: dict[str, TestResult | None]
    followup_last_day: date | None  # first visits after this day are too recent to follow


def funnel_view(current: Engine, period: Period, filters: Filters, stage: str | None = None) -> FunnelView | None:
    """The funnel of `stage` (else the stage with most visits); None when no visit falls in the view."""
    rows = current.run_for("funnel_steps", period, filters)
    found = funnel.stages(rows)
    if not found:
        return None
    chosen = stage if stage in found else found[0]
    channels, spread = funnel.channel_table(rows, chosen)
    follow = current.run_for("funnel_followup", period, filters)
    as_of = current.data.as_of
    return FunnelView(
        stage=chosen,
        stages=found,
        steps=funnel.step_table(rows, chosen),
        channels=channels,
        channel_spread=spread,
        followup=funnel.followup(follow),
        tests=funnel.followup_tests(follow, period),
        followup_last_day=as_of - timedelta(days=funnel.FOLLOW_DAYS) if as_of else None,
    )
