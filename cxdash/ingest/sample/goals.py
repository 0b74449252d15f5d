"""The sample's goals, each set against the sample's own numbers so every status shows.

Targets are derived from the generated tables, so whatever the seed or size, one goal is achieved,
two on track, one at risk, one off track, one missed (its deadline passed short of the target) and one not
achievable (zero churn) at the data's end (as-of) date, when progress is judged against a straight line
from the baseline at `start` to the target at `deadline` (cxdash.goals.pace). Actual values are taken over
the `window_days` before as-of (or before the deadline, once passed); baselines over those before `start`.
"""

from __future__ import annotations

import math
from datetime import date, timedelta

import polars as pl

from cxdash.engine.engine import engine_for_tables
from cxdash.figures.counts import Filters
from cxdash.figures.periods import Period
from cxdash.ingest.sample.calendar import END
from cxdash.ingest.sample.changes import CONTACT_FIX

# Progress made / progress due by as-of, for the goals designed to be ahead of or behind pace.
AHEAD, BEHIND = 1.25, 0.7
MISSED = 0.75  # the share of the way to its target the missed goal made by its deadline


def _nice(value: float, digits: int = 3) -> float:
    """Round to `digits` significant digits, so targets read like ones people set."""
    if value == 0:
        return 0.0
    return round(value, digits - 1 - math.floor(math.log10(abs(value))))


def _paced(baseline: float, actual: float, pace: float, elapsed: float) -> float:
    """The target at which progress so far is `pace` times the progress due by now."""
    return baseline + (actual - baseline) / (pace * elapsed)


def sample_goals(tables: dict[str, pl.DataFrame]) -> list[dict]:
    """Seven goals for 2025-2027, with baselines, targets placed to give each status."""
    as_of = END
    engine = engine_for_tables(tables, "sample")

    def kpi(metric: str, first: date, last: date, segment: str | None = None) -> float:
        filters = Filters({"segment": (segment,)} if segment else {})
        return engine.kpis(Period(first, last), filters)[metric]

    y2026, end2026, mid2027 = date(2026, 1, 1), date(2026, 12, 31), date(2027, 6, 30)

    def measure(metric: str, start: date, window: int, segment: str | None = None) -> tuple[float, float]:
        base = kpi(metric, start - timedelta(window), start - timedelta(1), segment)
        now = kpi(metric, as_of - timedelta(window - 1), as_of, segment)
        return base, now

    def elapsed(start: date, deadline: date) -> float:
        return (as_of - start).days / (deadline - start).days

    csat_base, csat_now = measure("csat", y2026, 90)
    revenue_base, revenue_now = measure("revenue", y2026, 365)
    nps_base, nps_now = measure("nps", y2026, 90, "Consumer")
    signup_base, signup_now = measure("new_customers", y2026, 365)
    ces_start = CONTACT_FIX
    ces_base, ces_now = measure("ces", ces_start, 90)
    ces_gain = max(ces_base - ces_now, 0.05)
    y2025, end2025 = date(2025, 1, 1), date(2025, 12, 31)
    nps25_base = kpi("nps", y2025 - timedelta(90), y2025 - timedelta(1))
    nps25_end = kpi("nps", end2025 - timedelta(89), end2025)
    nps25_target = math.ceil(nps25_base + max(nps25_end - nps25_base, 2.0) / MISSED)

    def dates(start: date, deadline: date) -> dict[str, str]:
        return {"start": start.isoformat(), "deadline": deadline.isoformat()}

    return [
        {  # achieved: the target sits just under the latest 90 days
            "id": "csat-2026",
            "name": "Customer satisfaction (CSAT)",
            "metric": "csat",
            "target": float(math.floor(csat_now - 0.5)),
            "direction": "increase",
            **dates(y2026, end2026),
            "owner": "VP Customer Service",
            "objective": "Customers leave every contact satisfied",
            "baseline": round(csat_base, 1),
            "window_days": 90,
        },
        {  # on track: ahead of a straight line from baseline to target
            "id": "revenue-ttm",
            "name": "Trailing-year revenue",
            "metric": "revenue",
            "target": _nice(_paced(revenue_base, revenue_now, AHEAD, elapsed(y2026, mid2027))),
            "direction": "increase",
            **dates(y2026, mid2027),
            "owner": "Chief Revenue Officer",
            "objective": "Grow revenue from members old and new",
            "baseline": round(revenue_base, 2),
            "window_days": 365,
        },
        {  # at risk: sign-ups grow, but slower than the target needs
            "id": "new-customers-ttm",
            "name": "New members per year",
            "metric": "new_customers",
            "target": _nice(_paced(signup_base, signup_now, BEHIND, elapsed(y2026, mid2027))),
            "direction": "increase",
            **dates(y2026, mid2027),
            "owner": "Chief Marketing Officer",
            "objective": "Grow the member base",
            "baseline": signup_base,
            "window_days": 365,
        },
        {  # off track: the May 2026 app release pulls consumer NPS the wrong way
            "id": "consumer-nps",
            "name": "Consumer NPS",
            "metric": "nps",
            "target": float(round(max(nps_base, nps_now) + 5)),
            "direction": "increase",
            **dates(y2026, end2026),
            "owner": "Chief Digital Officer",
            "objective": "Consumers recommend us to friends",
            "segment": "Consumer",
            "baseline": round(nps_base, 1),
            "window_days": 90,
        },
        {  # not achievable: a real customer base never goes a year without churn
            "id": "enterprise-zero-churn",
            "name": "Zero enterprise churn",
            "metric": "churn_rate",
            "target": 0.0,
            "direction": "decrease",
            **dates(y2026, mid2027),
            "owner": "Head of Enterprise Accounts",
            "objective": "Protect enterprise revenue",
            "segment": "Enterprise",
            "window_days": 365,
        },
        {  # on track: the contact center programme lands during 2026
            "id": "contact-center-effort",
            "name": "Effortless support (CES)",
            "metric": "ces",
            "target": round(ces_base - ces_gain / (AHEAD * elapsed(ces_start, mid2027)), 2),
            "direction": "decrease",
            **dates(ces_start, mid2027),
            "owner": "Director, Contact Center",
            "objective": "Make getting help easy",
            "baseline": round(ces_base, 2),
            "window_days": 90,
        },
        {  # missed: 2025's delivery fix lifted NPS, but not as far as the goal asked
            "id": "nps-2025",
            "name": "NPS 2025",
            "metric": "nps",
            "target": float(nps25_target),
            "direction": "increase",
            **dates(y2025, end2025),
            "owner": "Chief Customer Officer",
            "objective": "Customers recommend us after the delivery overhaul",
            "baseline": round(nps25_base, 1),
            "window_days": 90,
            "tolerance": 2.0,
            "milestones": [{"date": "2025-06-30", "target": round(nps25_base + 0.3 * (nps25_target - nps25_base), 1)}],
        },
    ]
