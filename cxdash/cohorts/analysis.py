"""The cohort page's and CLI's questions asked of an open engine: one function per figure, the same for
both, so every number on screen can be printed (`python -m cxdash cohorts|survival`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import polars as pl

from cxdash.cohorts import churn, ltv, survival
from cxdash.cohorts.months import DAYS_PER_MONTH, add_months
from cxdash.cohorts.table import MEASURES, cohort_table
from cxdash.engine.engine import Engine
from cxdash.figures.counts import Filters
from cxdash.figures.periods import Period
from cxdash.figures.windows import SURVEY_METRICS, Window

CHURN_MONTHS = 24  # months of churn history the trend shows


@dataclass(frozen=True)
class Survival:
    by: str
    curves: list[survival.Curve]
    test: survival.LogRank | None
    rows: pl.DataFrame  # the aggregated lifetimes the curves were fitted on


def as_of(engine: Engine) -> date:
    return engine.data.as_of or date.today()


def window(engine: Engine, kind: str) -> Window | None:
    return engine.windows.get(MEASURES[kind])


def cohorts(engine: Engine, filters: Filters, kind: str, quarterly: bool = False) -> pl.DataFrame:
    """The cohort table (`table.cohort_table`) of the chosen customers."""
    rows = engine.run("cohort_table", slices=engine.slices(filters))
    return cohort_table(rows, kind, as_of(engine), window(engine, kind), quarterly)


def is_experience(by: str) -> bool:
    return by in SURVEY_METRICS


def observed_from(engine: Engine) -> date:
    """The first day churn was observed: customers enter the risk set there at the earliest."""
    found = engine.windows.get("churn")
    return found.start if found else engine.data.first_date or as_of(engine)


def lifetimes(engine: Engine, by: str, filters: Filters) -> pl.DataFrame:
    """Aggregated lifetimes (group_name, entry_months, months, churned, customers): by a dimension in
    calendar months from the sign-up month, or by an experience group in days from the first answer
    (converted to months of 365.25 / 12 days)."""
    params = {"observed_from": observed_from(engine), "slices": engine.slices(filters)}
    if not is_experience(by):
        rows = engine.run("survival_by_dimension", dimension=by, as_of=as_of(engine), **params)
        return rows.with_columns(pl.col("entry_months", "months").cast(pl.Float64))
    rows = engine.run("survival_by_experience", metric=by, **params)
    return rows.select(
        "group_name",
        entry_months=pl.col("entry_days") / DAYS_PER_MONTH,
        months=pl.col("days") / DAYS_PER_MONTH,
        churned="churned",
        customers="customers",
    )


def survival_by(engine: Engine, by: str, filters: Filters) -> Survival:
    rows = lifetimes(engine, by, filters)
    curves = survival.fit_curves(rows)
    test = survival.logrank(rows, [c.group for c in curves])
    return Survival(by, curves, test, rows)


def group_customers(engine: Engine, by: str, group: str, filters: Filters) -> pl.DataFrame:
    """The customers behind one survival curve, for the drill-down and its CSV."""
    slices = engine.slices(filters)
    if is_experience(by):
        return engine.run("experience_customers", metric=by, experience=group, slices=slices)
    return engine.run("dimension_customers", dimension=by, value=group, slices=slices)


def cell_customers(engine: Engine, filters: Filters, cohort: date, month: int, quarterly: bool) -> pl.DataFrame:
    """The customers behind one cohort cell (a month's or a quarter's cohort, at month k)."""
    end = add_months(cohort, 3 if quarterly else 1) - timedelta(days=1)
    return engine.run(
        "cohort_customers", cohort_start=cohort, cohort_end=end, month=month, slices=engine.slices(filters)
    )


def churn_period(engine: Engine, end: date) -> Period | None:
    """Up to CHURN_MONTHS whole months of churn history ending with `end`'s month, inside the churn window."""
    found = engine.windows.get("churn")
    if found is None:
        return None
    last = min(end, found.end)
    first = max(add_months(last, 1 - CHURN_MONTHS), found.start)
    return Period(first, last) if first <= last else None


def monthly_churn(engine: Engine, period: Period, filters: Filters) -> pl.DataFrame:
    rows = engine.run(
        "trend_customers", start=period.start, end=period.end, grain="month", slices=engine.slices(filters)
    )
    return churn.monthly_churn(rows)


def churn_by(engine: Engine, dimension: str, period: Period, filters: Filters) -> pl.DataFrame:
    rows = engine.run(
        "churn_by_dimension", dimension=dimension, start=period.start, end=period.end, slices=engine.slices(filters)
    )
    return churn.by_dimension(rows)


def churned_customers(engine: Engine, dimension: str, value: str, period: Period, filters: Filters) -> pl.DataFrame:
    return engine.run(
        "churned_customers",
        dimension=dimension,
        value=value,
        start=period.start,
        end=period.end,
        slices=engine.slices(filters),
    )


def lifetime_values(engine: Engine, by: str, filters: Filters) -> list[ltv.Value]:
    """LTV per group of a dimension or an experience metric (`ltv.METHOD` says how)."""
    found = survival_by(engine, by, filters)
    slices = engine.slices(filters)
    if is_experience(by):
        spend = engine.run("experience_spend", metric=by, as_of=as_of(engine), slices=slices)
        monthly = ltv.revenue_per_month_by_experience(spend)
    else:
        rows = engine.run("cohort_by_dimension", dimension=by, slices=slices)
        monthly = ltv.revenue_per_month_by_group(rows, as_of(engine), engine.windows.get("orders"))
    return ltv.lifetime_values(found.curves, monthly)
