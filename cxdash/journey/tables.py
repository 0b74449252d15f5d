"""The journey figures in words and table rows, printed as the tiles print them ("+20.1", "82.1–86.3%")."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import polars as pl

from cxdash.figures.formatting import format_change, format_count, format_interval, format_value
from cxdash.figures.registry import KPI_BY_NAME
from cxdash.figures.significance import TestResult

VERDICTS = {True: "differ", False: "could be chance", None: "too few to test"}


def p_text(p: float | None) -> str:
    return "" if p is None else f"p = {p:.3f}" if p >= 0.001 else "p < 0.001"


def figure_line(row: Mapping, metric: str) -> str:
    """'+14.1 (95% interval +11.3 to +16.9, n = 3,450)'."""
    kpi = KPI_BY_NAME[metric]
    interval = format_interval(kpi, (row["low"], row["high"])) if row["low"] is not None else None
    shown = f" (95% interval {interval}, n = {format_count(row['n'], compact=False)})" if interval else ""
    return f"{format_value(kpi, row['value'])}{shown}"


def score_rows(
    table: pl.DataFrame, keys: Sequence[str], metric: str, volume: Mapping[str, int] | None = None
) -> list[dict]:
    """One row per group of `scores.score_table`; `volume` adds the answers to any survey per first key."""
    kpi = KPI_BY_NAME[metric]
    rows = []
    for row in table.iter_rows(named=True):
        shown = {key.replace("_", " ").capitalize(): row[key] for key in keys}
        if volume is not None:
            shown["Answers (all surveys)"] = volume.get(row[keys[0]], 0)
        rows.append(
            shown
            | {
                f"{kpi.label} answers": row["n"],
                kpi.label: format_value(kpi, row["value"]) if row["value"] is not None else "too few",
                "95% interval": format_interval(kpi, (row["low"], row["high"])) if row["low"] is not None else "",
                "Worse than all answers": "yes" if row["worst"] else "",
            }
        )
    return rows


def consistency_rows(table: pl.DataFrame, metric: str) -> list[dict]:
    """One row per touchpoint of `channels.channel_consistency`."""
    kpi = KPI_BY_NAME[metric]
    return [
        {
            "Touchpoint": row["touchpoint"],
            "Channels": row["channels"],
            "Lowest": format_value(kpi, row["lowest"]),
            "Highest": format_value(kpi, row["highest"]),
            "p": p_text(row["p_value"]).removeprefix("p = "),
            "Verdict": VERDICTS[row["differ"]],
        }
        for row in table.iter_rows(named=True)
    ]


def step_rows(steps: pl.DataFrame) -> list[dict]:
    """One row per step of `funnel.step_table`."""
    return [
        {
            "Step": row["step"],
            "Visits reaching it": row["reached"],
            "Completed": row["completed"],
            "Abandoned": row["abandoned"],
            "Drop-off": f"{row['drop_off']:.1%} ({row['drop_low']:.1%}–{row['drop_high']:.1%})",
            "Of the first step": f"{row['from_start']:.1%}",
        }
        for row in steps.iter_rows(named=True)
    ]


def followup_line(measure: str, test: TestResult | None, followup: pl.DataFrame) -> str:
    """Abandoned minus completed in the figure's unit, with p and what it means (`funnel.followup`)."""
    kpi = KPI_BY_NAME["churn_rate" if measure == "churn" else measure]
    values = dict(followup.filter(pl.col("measure") == measure).select("outcome", "value").iter_rows())
    if test is None or values.get("abandoned") is None or values.get("completed") is None:
        return f"{kpi.label}: too few on one side to compare."
    verdict = "a real difference" if test.significant else "could be chance"
    change = format_change(kpi, values["abandoned"] - values["completed"], values["completed"])
    return f"{kpi.label}: {change} after an abandoned first visit ({p_text(test.p_value)}, {verdict})."
