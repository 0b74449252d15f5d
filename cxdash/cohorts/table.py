"""The cohort table: sign-up month down, months since sign-up across, one retention figure per cell.

Four kinds (DESIGN.md "Cohorts"): logo retention (not churned by the end of month k), active retention
(a purchase in month k: works without churn dates), net revenue retention (the cohort's revenue in month k
over month 0) and gross revenue retention (the same with each customer capped at their month-0 revenue,
so expansion cannot hide losses). A cell is a figure only where the data can know it: the month still in
progress is marked `in_progress`, months after the data are `censored`, months outside the span in which
the measure was observed are `unobserved`; all three have no value, never 0. A cohort month without
sign-ups stays in the table as `empty`, so a gap in acquisition is seen, not skipped.
"""

from __future__ import annotations

from datetime import date

import polars as pl

from cxdash.cohorts.months import add_months, month_end, quarter_start
from cxdash.figures.periods import Period, describe
from cxdash.figures.windows import NOUNS, Window

KINDS = {
    "logo": "Logo retention",
    "active": "Active retention",
    "revenue": "Net revenue retention",
    "gross-revenue": "Gross revenue retention",
}
DEFINITIONS = {
    "logo": "share of the cohort not churned by the end of month k.",
    "active": "share of the cohort that made a purchase in month k (refunds alone are none; no churn dates needed).",
    "revenue": "the cohort's revenue in month k over its revenue in month 0 (expansion included).",
    "gross-revenue": "as net revenue retention, each customer capped at their month-0 revenue (no expansion).",
}
MEASURES = {"logo": "churn", "active": "orders", "revenue": "orders", "gross-revenue": "orders"}
NUMERATORS = {"logo": "retained", "active": "ordering", "revenue": "revenue", "gross-revenue": "capped_revenue"}
COUNTED = {"logo": "retained", "active": "ordering", "revenue": "ordering", "gross-revenue": "ordering"}
STATES = ("known", "in_progress", "censored", "unobserved", "empty")
# When quarter cohorts merge months, the cell takes the first of these its months have.
MERGE_ORDER = ("unobserved", "in_progress", "censored", "known")
AVERAGE_LABEL = "Weighted average"
COLUMNS = ("cohort", "label", "month", "size", "customers", "count", "base", "value", "state")


def is_revenue(kind: str) -> bool:
    return kind in ("revenue", "gross-revenue")


def _merged(states: set[str]) -> str:
    return next(s for s in MERGE_ORDER if s in states)


def cell_state(kind: str, cohort: date, month: int, as_of: date, window: Window | None) -> str:
    """Whether the data can know cell (cohort, month): the month must have ended by as_of and by the end
    of the measure's window; logo retention also needs churn observed from the cohort's sign-up month
    on (earlier churners would be missing, not retained), the others the orders of that month."""
    start = add_months(cohort, month)
    cut = min(as_of, window.end) if window else as_of
    if start > cut:
        return "censored"
    if month_end(start) > cut:
        return "in_progress"
    first_needed = cohort if kind == "logo" else start
    if window and first_needed < window.start:
        return "unobserved"
    return "known"


def unobserved_reason(kind: str, window: Window | None) -> str | None:
    """One sentence for the blank cells a window leaves, or None where the measure covers the data."""
    if window is None:
        return None
    measure = MEASURES[kind]
    return f"{NOUNS[measure]} observed only {describe(Period(window.start, window.end))}: cells outside it are blank."


def _monthly(rows: pl.DataFrame, kind: str, as_of: date, window: Window | None) -> pl.DataFrame:
    """One row per cohort month and month k with numerator, denominator and state."""
    first = rows.filter(pl.col("month_index") == 0).select("cohort_month", base_revenue=pl.col("revenue"))
    cells = rows.join(first, on="cohort_month", how="left")
    base = pl.col("base_revenue") if is_revenue(kind) else pl.col("customers").cast(pl.Float64)
    states = [
        cell_state(kind, cohort, month, as_of, window)
        for cohort, month in zip(cells["cohort_month"], cells["month_index"], strict=True)
    ]
    month0 = {cohort: cell_state(kind, cohort, 0, as_of, window) for cohort in cells["cohort_month"].unique().to_list()}
    if is_revenue(kind):  # the denominator is month 0's revenue: it must be known too
        states = [_merged({state, month0[cohort]}) for state, cohort in zip(states, cells["cohort_month"], strict=True)]
    return cells.select(
        pl.col("cohort_month").alias("cohort"),
        pl.col("month_index").alias("month"),
        pl.col("customers").alias("size"),
        pl.col(COUNTED[kind]).alias("customers"),
        pl.col(NUMERATORS[kind]).cast(pl.Float64).alias("count"),
        base.cast(pl.Float64).alias("base"),
        pl.Series("state", states, dtype=pl.String),
    )


def _by_quarter(cells: pl.DataFrame, kind: str, as_of: date, window: Window | None) -> pl.DataFrame:
    """Quarter cohorts: each cell sums its three months' cells and is known only when each of them is
    known or is a month that ended without sign-ups (a month of the quarter still to come leaves it
    censored, one in progress marks it in progress)."""
    monthly = dict(zip(zip(cells["cohort"], cells["month"], strict=True), cells["state"], strict=True))
    cells = cells.with_columns(pl.col("cohort").map_elements(quarter_start, return_dtype=pl.Date))
    sizes = cells.filter(pl.col("month") == 0).group_by("cohort").agg(total=pl.col("size").sum())
    merged = cells.group_by("cohort", "month").agg(pl.col("customers", "count", "base").sum()).join(sizes, on="cohort")
    states = []
    for quarter, k in zip(merged["cohort"], merged["month"], strict=True):
        found = set()
        for offset in range(3):
            member = add_months(quarter, offset)
            state = monthly.get((member, k)) or cell_state(kind, member, k, as_of, window)
            found.add(state)
        states.append(_merged(found))
    return merged.select(
        "cohort",
        "month",
        pl.col("total").alias("size"),
        "customers",
        "count",
        "base",
        pl.Series("state", states, dtype=pl.String),
    )


def _with_empty_cohorts(cells: pl.DataFrame, step: int) -> pl.DataFrame:
    """Cohorts without sign-ups between the first and the last one, as one `empty` month-0 row each."""
    if cells.is_empty():
        return cells
    have = set(cells["cohort"].to_list())
    first, last = min(have), max(have)
    missing = []
    day = first
    while day <= last:
        if day not in have:
            missing.append(day)
        day = add_months(day, step)
    if not missing:
        return cells
    empty = pl.DataFrame(
        {"cohort": missing, "month": [0] * len(missing), "size": [0] * len(missing)},
        schema={"cohort": pl.Date, "month": pl.Int64, "size": pl.Int64},
    ).with_columns(customers=pl.lit(0, pl.Int64), count=pl.lit(0.0), base=pl.lit(0.0), state=pl.lit("empty"))
    return pl.concat([cells, empty.select(cells.columns)])


def _label(cohort: date, quarterly: bool) -> str:
    return f"{cohort.year} Q{(cohort.month - 1) // 3 + 1}" if quarterly else f"{cohort:%Y-%m}"


def cohort_table(
    rows: pl.DataFrame, kind: str, as_of: date, window: Window | None = None, quarterly: bool = False
) -> pl.DataFrame:
    """The cohort table of `cohort_table.sql`'s rows: cohort (first day), label ("2024-01" or "2024 Q1"),
    month (k), size (sign-ups), customers (retained or ordering at k), count (the numerator: customers,
    or revenue for the revenue kinds), base (the denominator: size, or month-0 revenue), value (a
    fraction, None unless state is known and base > 0) and state. Sorted by cohort, then month."""
    if kind not in KINDS:
        raise ValueError(f"unknown cohort kind {kind!r}; known: {', '.join(KINDS)}")
    cells = _monthly(rows, kind, as_of, window)
    if quarterly:
        cells = _by_quarter(cells, kind, as_of, window)
    cells = _with_empty_cohorts(cells, 3 if quarterly else 1)
    known = (pl.col("state") == "known") & (pl.col("base") > 0)
    return (
        cells.with_columns(
            label=pl.col("cohort").map_elements(lambda d: _label(d, quarterly), return_dtype=pl.String),
            value=pl.when(known).then(pl.col("count") / pl.col("base")),
            customers=pl.col("customers").cast(pl.Int64),
            size=pl.col("size").cast(pl.Int64),
        )
        .select(COLUMNS)
        .sort("cohort", "month")
    )


def weighted_average(table: pl.DataFrame) -> pl.DataFrame:
    """Per month k, the retention of every cohort that has a figure there, pooled (sum of numerators over
    sum of denominators, so a cohort weighs by its size, or its month-0 revenue): one row, labelled."""
    known = table.filter(pl.col("value").is_not_null())
    return (
        known.group_by("month")
        .agg(pl.col("size", "customers", "count", "base").sum())
        .with_columns(
            cohort=pl.lit(None, pl.Date),
            label=pl.lit(AVERAGE_LABEL),
            value=pl.col("count") / pl.col("base"),
            state=pl.lit("known"),
        )
        .select(COLUMNS)
        .sort("month")
    )
