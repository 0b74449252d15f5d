"""Root cause and cost: customers who raised a pain point against every other customer who answered a survey.

Per pain point (a theme, or a low rating at a touchpoint): churn rate and spend per customer of both
groups with 95% intervals (Wilson for rates, Student t for means) and n, how many times as often the first
group churned, and the revenue at risk: the extra churners (the churn-rate gap times the customers who
raised it; none unless the group's 95% interval lies wholly above the others' rate) valued at the others'
spend per customer. Churn counts only
inside its observed window (figures/windows.py); a figure the data cannot give (no churn recorded, no
orders) is null. These are associations: customers who complain may differ in other ways too.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from cxdash.engine.engine import Engine
from cxdash.figures.counts import Filters
from cxdash.figures.metrics import mean_interval, proportion_interval

RESULT_SCHEMA = {
    "key": pl.String,
    "customers": pl.Int64,
    "customers_others": pl.Int64,
    "churn_rate": pl.Float64,
    "churn_low": pl.Float64,
    "churn_high": pl.Float64,
    "churn_rate_others": pl.Float64,
    "churn_ratio": pl.Float64,
    "revenue_per_customer": pl.Float64,
    "revenue_low": pl.Float64,
    "revenue_high": pl.Float64,
    "revenue_per_customer_others": pl.Float64,
    "revenue_at_risk": pl.Float64,
}


@dataclass(frozen=True)
class Respondents:
    facts: pl.DataFrame  # customer_id, churned, revenue (respondent_facts)
    churn_observed: bool
    revenue_observed: bool


def respondents(engine: Engine, filters: Filters) -> Respondents:
    """Every customer of the view who answered a survey, churn counted inside the churn window."""
    churn = engine.windows.get("churn")
    as_of = engine.data.as_of
    customers = engine.data.tables.get("customers")
    churned_any = customers is not None and customers.dates.get("churn_date", (None, None))[1] is not None
    facts = engine.run(
        "respondent_facts",
        slices=engine.slices(filters),
        churn_start=churn.start if churn else as_of,
        churn_end=churn.end if churn else as_of,
    )
    return Respondents(facts, churned_any and churn is not None, "orders" in engine.tables)


def _sums(frame: pl.DataFrame, by: list[str]) -> pl.DataFrame:
    aggregates = [
        pl.len().alias("n"),
        pl.col("churned").cast(pl.Int64).sum().alias("churned"),
        pl.col("revenue").sum().alias("revenue"),
        (pl.col("revenue") ** 2).sum().alias("revenue_sq"),
    ]
    return frame.group_by(by).agg(aggregates) if by else frame.select(aggregates)


def compare(raised: pl.DataFrame, people: Respondents) -> pl.DataFrame:
    """`raised` (key, customer_id): one row per key, RESULT_SCHEMA, costliest first."""
    pairs = raised.drop_nulls("customer_id").unique(["key", "customer_id"])
    groups = _sums(pairs.join(people.facts, on="customer_id"), ["key"])
    total = _sums(people.facts, []).row(0, named=True)
    records = []
    for row in groups.iter_rows(named=True):
        n, n_others = row["n"], total["n"] - row["n"]
        churned_others = total["churned"] - row["churned"]
        revenue_others = total["revenue"] - row["revenue"]
        rate = row["churned"] / n if people.churn_observed and n else None
        rate_others = churned_others / n_others if people.churn_observed and n_others else None
        churn_ci = proportion_interval(row["churned"], n) if rate is not None else None
        spend = row["revenue"] / n if people.revenue_observed and n else None
        spend_others = revenue_others / n_others if people.revenue_observed and n_others else None
        spend_ci = mean_interval(row["revenue"], row["revenue_sq"], n) if spend is not None else None
        gap = None if rate is None or rate_others is None else rate - rate_others
        if gap is not None and (churn_ci is None or churn_ci[0] <= rate_others):
            gap = 0.0  # not clearly above the others' rate: no extra churn is counted
        records.append(
            {
                "key": row["key"],
                "customers": n,
                "customers_others": n_others,
                "churn_rate": rate,
                "churn_low": churn_ci[0] if churn_ci else None,
                "churn_high": churn_ci[1] if churn_ci else None,
                "churn_rate_others": rate_others,
                "churn_ratio": rate / rate_others if rate is not None and rate_others else None,
                "revenue_per_customer": spend,
                "revenue_low": spend_ci[0] if spend_ci else None,
                "revenue_high": spend_ci[1] if spend_ci else None,
                "revenue_per_customer_others": spend_others,
                "revenue_at_risk": gap * n * spend_others if gap is not None and spend_others is not None else None,
            }
        )
    result = pl.DataFrame(records, schema=RESULT_SCHEMA)
    return result.sort("revenue_at_risk", "customers", descending=True, nulls_last=True)


def touchpoint_raisers(engine: Engine, filters: Filters) -> pl.DataFrame:
    """(key, customer_id): customers who gave a touchpoint a low rating (experience band rank 3 or worse)."""
    ratings = engine.run("driver_ratings", slices=engine.slices(filters), exclude_metric="")
    return ratings.filter(pl.col("low") > 0).select(key=pl.col("touchpoint"), customer_id="customer_id")


def raised_customers(raised: pl.DataFrame, key: str, people: Respondents) -> pl.DataFrame:
    """The drill-down: every customer who raised `key`, with churn and spend, for a CSV."""
    ids = raised.filter(pl.col("key") == key).select("customer_id").unique()
    return people.facts.join(ids, on="customer_id").sort("revenue", "customer_id", descending=[True, False])
