"""The sample's goals, each set against the sample's own numbers so every status shows.

Targets are derived from the generated tables, so whatever the seed or size, one goal is achieved,
one on track, one at risk, one off track and one not achievable at the data's end (as-of) date, when
progress is judged against a straight line from the baseline at `start` to the target at `deadline`.
Actual values are taken over the `window_days` before as-of; baselines over those before `start`.
"""

from __future__ import annotations

import math
from datetime import date, timedelta

import polars as pl

from cxdash.sample.calendar import END

# Progress made / progress due by as-of, for the goals designed to be ahead of or behind pace.
AHEAD, BEHIND, FAR_BEHIND = 1.25, 0.75, 0.2


def kpi(tables: dict[str, pl.DataFrame], metric: str, first: date, last: date, segment=None) -> float:
    """One KPI over [first, last] with DESIGN.md's definitions (a second, independent computation)."""
    customers = tables["customers"]
    if segment is not None:
        customers = customers.filter(pl.col("segment") == segment)
    ids = customers.select("customer_id")
    if metric in ("nps", "csat", "ces"):
        day = pl.col("responded_at").dt.date()
        answers = tables["survey_responses"].filter(pl.col("metric") == metric, day.is_between(first, last))
        score = answers.join(ids, on="customer_id")["score"] if segment else answers["score"]
        return {
            "nps": lambda s: 100 * ((s >= 9).mean() - (s <= 6).mean()),
            "csat": lambda s: 100 * (s >= 4).mean(),
            "ces": lambda s: s.mean(),
        }[metric](score)
    if metric in ("revenue", "orders"):
        orders = tables["orders"].filter(pl.col("order_date").dt.date().is_between(first, last))
        orders = orders.join(ids, on="customer_id") if segment else orders
        return float(orders["amount"].sum()) if metric == "revenue" else float(orders.height)
    if metric == "new_customers":
        return float(customers["signup_date"].is_between(first, last).sum())
    active = customers.filter(
        pl.col("signup_date") < first,
        pl.col("churn_date").is_null() | (pl.col("churn_date") >= first),
    )
    churn = active["churn_date"].is_between(first, last).sum() / active.height
    return {"churn_rate": churn, "retention_rate": 1 - churn}[metric]


def _nice(value: float, digits: int = 3) -> float:
    """Round to `digits` significant digits, so targets read like ones people set."""
    if value == 0:
        return 0.0
    return round(value, digits - 1 - math.floor(math.log10(abs(value))))


def _paced(baseline: float, actual: float, pace: float, elapsed: float) -> float:
    """The target at which progress so far is `pace` times the progress due by now."""
    return baseline + (actual - baseline) / (pace * elapsed)


def sample_goals(tables: dict[str, pl.DataFrame]) -> list[dict]:
    """About six goals for 2026-2027, with baselines, targets placed to give each status."""
    as_of = END
    y2026, end2026, mid2027 = date(2026, 1, 1), date(2026, 12, 31), date(2027, 6, 30)

    def measure(metric: str, start: date, window: int, segment=None) -> tuple[float, float]:
        base = kpi(tables, metric, start - timedelta(window), start - timedelta(1), segment)
        now = kpi(tables, metric, as_of - timedelta(window - 1), as_of, segment)
        return base, now

    def elapsed(start: date, deadline: date) -> float:
        return (as_of - start).days / (deadline - start).days

    csat_base, csat_now = measure("csat", y2026, 90)
    revenue_base, revenue_now = measure("revenue", y2026, 365)
    signup_base, signup_now = measure("new_customers", y2026, 365)
    churn_base, churn_now = measure("churn_rate", y2026, 365, "Consumer")
    ces_base, ces_now = measure("ces", date(2026, 2, 1), 90)
    churn_gain = max(churn_base - churn_now, 0.01)
    ces_gain = max(ces_base - ces_now, 0.05)

    def goal(id_, name, metric, target, direction, start, deadline, owner, objective, **extra):
        return {
            "id": id_, "name": name, "metric": metric, "target": target, "direction": direction,
            "start": start.isoformat(), "deadline": deadline.isoformat(), "owner": owner,
            "objective": objective, **extra,
        }  # fmt: skip

    return [
        goal(
            "csat-2026", "Customer satisfaction (CSAT)", "csat",
            float(math.floor(csat_now - 0.5)), "increase", y2026, end2026,
            "VP Customer Service", "Customers leave every contact satisfied",
            baseline=round(csat_base, 1), window_days=90,
        ),  # achieved: the target sits just under the latest 90 days
        goal(
            "revenue-ttm", "Trailing-year revenue", "revenue",
            _nice(_paced(revenue_base, revenue_now, AHEAD, elapsed(y2026, mid2027))),
            "increase", y2026, mid2027,
            "Chief Revenue Officer", "Grow revenue from members old and new",
            baseline=round(revenue_base, 2), window_days=365,
        ),  # on track: ahead of a straight line to the target
        goal(
            "new-customers-ttm", "New members per year", "new_customers",
            _nice(_paced(signup_base, signup_now, BEHIND, elapsed(y2026, mid2027))),
            "increase", y2026, mid2027,
            "Chief Marketing Officer", "Grow the member base",
            baseline=signup_base, window_days=365,
        ),  # at risk: growing, but behind the pace the target needs
        goal(
            "consumer-churn", "Consumer churn below target", "churn_rate",
            round(max(churn_base - churn_gain / (FAR_BEHIND * elapsed(y2026, end2026)), 0.05), 2),
            "decrease", y2026, end2026,
            "Chief Customer Officer", "Keep consumer members longer",
            segment="Consumer", baseline=round(churn_base, 4), window_days=365,
        ),  # off track: far behind pace
        goal(
            "enterprise-zero-churn", "Zero enterprise churn", "churn_rate", 0.0, "decrease",
            y2026, mid2027, "Head of Enterprise Accounts", "Protect enterprise revenue",
            segment="Enterprise", window_days=365,
        ),  # not achievable: no real base ever churns nobody in a year
        goal(
            "contact-center-effort", "Effortless support (CES)", "ces",
            round(ces_base - ces_gain / (AHEAD * elapsed(date(2026, 2, 1), end2026)), 2),
            "decrease", date(2026, 2, 1), end2026,
            "Director, Contact Center", "Make getting help easy",
            baseline=round(ces_base, 2), window_days=90,
        ),  # on track: the contact center programme lands during 2026
    ]
