"""The pain-point report the page draws and the `themes` command prints: each theme's volume, score,
sentiment, and the churn and spend of the customers who raised it (root_cause)."""

from __future__ import annotations

import polars as pl

from cxdash.engine.engine import Engine
from cxdash.figures.counts import Filters
from cxdash.figures.periods import Period
from cxdash.themes.reading import ThemedComments
from cxdash.themes.root_cause import Respondents, compare
from cxdash.themes.summary import theme_summary

RECORD_KEYS = (
    "theme",
    "theme_id",
    "discovered",
    "responses",
    "customers",
    "share",
    "sentiment",
    "metric",
    "score",
    "score_low",
    "score_high",
    "score_others",
    "churn_rate",
    "churn_low",
    "churn_high",
    "churn_rate_others",
    "churn_ratio",
    "revenue_per_customer",
    "revenue_low",
    "revenue_high",
    "revenue_per_customer_others",
    "revenue_at_risk",
)


def view_totals(engine: Engine, filters: Filters) -> dict[str, dict[str, float]]:
    """Every answer of the view over all the data's dates, summed per metric (period_responses)."""
    first, last = engine.data.first_date, engine.data.as_of
    if first is None or last is None:
        return {}
    rows = engine.run_for("period_responses", Period(first, last), filters)
    return {row["metric"]: row for row in rows.iter_rows(named=True)}


def theme_raisers(themed: ThemedComments) -> pl.DataFrame:
    """(key, customer_id) for every theme and customer who raised it."""
    rows = themed.comments.select("customer_id", key=pl.col("themes")).explode("key")
    return rows.drop_nulls()


def theme_report(themed: ThemedComments, totals: dict[str, dict[str, float]], people: Respondents) -> pl.DataFrame:
    """One row per theme raised (RECORD_KEYS), costliest first, then by volume."""
    summary = theme_summary(themed, totals)
    costs = compare(theme_raisers(themed), people).rename({"key": "theme_id", "customers": "respondents"})
    report = summary.join(costs.drop("customers_others"), on="theme_id", how="left")
    return report.sort(
        ["revenue_at_risk", "responses", "theme_id"], descending=[True, True, False], nulls_last=True
    ).select(RECORD_KEYS)
