"""Channel consistency: the same touchpoint's score in each survey channel, and whether they differ."""

from __future__ import annotations

import polars as pl

from cxdash.figures import metrics
from cxdash.figures.counts import SURVEY_FIELDS
from cxdash.journey.consistency import spread_test
from cxdash.journey.scores import NOT_GIVEN, score_table


def channel_consistency(rows: pl.DataFrame, metric: str) -> pl.DataFrame:
    """One row per touchpoint answered in two or more survey channels (from `journey_scores` by channel):
    channels, the figure's lowest and highest channel value and their gap, the test's p and `differ`
    (p < 0.05), None where fewer than two channels have enough answers."""
    chosen = rows.filter((pl.col("metric") == metric) & pl.col("channel").is_not_null())
    table = score_table(chosen, metric, ("touchpoint", "channel"))
    out = []
    for (touchpoint,), group in table.group_by("touchpoint", maintain_order=True):
        if group.height < 2:
            continue
        sums = chosen.filter(pl.col("touchpoint").fill_null(NOT_GIVEN) == touchpoint)
        spread = spread_test([_y_side(metric, row) for row in sums.iter_rows(named=True)])
        shown = group.filter(pl.col("value").is_not_null())
        out.append(
            {
                "touchpoint": touchpoint,
                "channels": group.height,
                "lowest": shown["value"].min() if shown.height else None,
                "highest": shown["value"].max() if shown.height else None,
                "p_value": spread.p_value if spread else None,
                "differ": spread.differ if spread else None,
            }
        )
    schema = {
        "touchpoint": pl.String,
        "channels": pl.Int64,
        "lowest": pl.Float64,
        "highest": pl.Float64,
        "p_value": pl.Float64,
        "differ": pl.Boolean,
    }
    return pl.DataFrame(out, schema=schema, orient="row").with_columns(gap=pl.col("highest") - pl.col("lowest"))


def _y_side(metric: str, row: dict) -> tuple[float, float, int, float]:
    sums = {name: row[name] for name in SURVEY_FIELDS}
    y_sum, y_sq_sum = metrics.y_sums(metric, sums)
    return y_sum, y_sq_sum, int(sums["n"]), metrics.survey_design_effect(metric, sums)
