"""A goal's metric measured as the KPI registry defines it, over the goal's own window and scope.

`actual` is the metric over the `window_days` ending at the as-of date, or at the deadline once it has
passed; the baseline, where goals.yaml gives none, is the same window ending the day before `start`. A
window the data did not wholly observe gives no figure (with the reason), never a misleading one. The
history is the same window ending every `STEP_DAYS` back from the as-of date: what the chart draws and
what the forecast and the SMART check read.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from cxdash.engine.engine import Engine
from cxdash.figures.counts import Filters
from cxdash.figures.periods import Period
from cxdash.figures.registry import KPI_BY_NAME, Kpi
from cxdash.ingest.config import Goal
from cxdash.overview.tiles import hidden_reason

STEP_DAYS = 30  # one reading a month: the chart's points and the forecast's observations
# The values a metric can take: a target at (or beyond) one is not achievable by a real group of customers.
LIMITS: dict[str, tuple[float | None, float | None]] = {
    "nps": (-100.0, 100.0),
    "csat": (0.0, 100.0),
    "ces": (1.0, 7.0),
    "churn_rate": (0.0, 1.0),
    "retention_rate": (0.0, 1.0),
}


def limits(metric: str) -> tuple[float | None, float | None]:
    """Lowest and highest value the metric can take (None: unbounded); money and counts start at zero."""
    return LIMITS.get(metric, (0.0, None))


@dataclass(frozen=True)
class Reading:
    """The metric over one window: its value and 95% interval, or why there is none."""

    period: Period
    value: float | None
    low: float | None = None
    high: float | None = None
    n: int | None = None
    reason: str | None = None

    @property
    def end(self) -> date:
        return self.period.end


def window(goal: Goal, end: date) -> Period:
    return Period(end - timedelta(days=goal.window_days - 1), end)


def measured_until(goal: Goal, as_of: date) -> date:
    """The last day of the window `actual` is measured over: the as-of date, or the deadline once passed."""
    return min(as_of, goal.deadline) if goal.deadline else as_of


def goal_filters(goal: Goal) -> Filters:
    return Filters(goal.scope())


class Measurer:
    """Readings of one goal's metric and scope from an engine; the slices are looked up once."""

    def __init__(self, engine: Engine, metric: str, filters: Filters) -> None:
        self.engine, self.kpi = engine, KPI_BY_NAME[metric]
        self.slices = engine.slices(filters)

    @classmethod
    def for_goal(cls, engine: Engine, goal: Goal) -> Measurer:
        return cls(engine, goal.metric, goal_filters(goal))

    def read(self, period: Period) -> Reading:
        kpi: Kpi = self.kpi
        if not self.engine.shows(kpi):
            return Reading(period, None, reason=f"This data has no {kpi.label} figures.")
        counts = self.engine.counts(period, self.slices, (kpi.table,))  # one query, not three
        n = kpi.n(counts) if kpi.n else None
        if reason := hidden_reason(kpi, counts, self.engine.windows, strict=True):
            return Reading(period, None, n=n, reason=reason)
        low, high = (kpi.interval(counts) or (None, None)) if kpi.interval else (None, None)
        return Reading(period, float(kpi.value(counts)), low, high, n)

    def history(self, window_days: int, until: date, since: date | None = None) -> list[Reading]:
        """The window ending every STEP_DAYS back from `until`, oldest first, while the data observed it."""
        first = since or self.engine.data.first_date or until
        readings, end = [], until
        while end - timedelta(days=window_days - 1) >= first:
            readings.append(self.read(Period(end - timedelta(days=window_days - 1), end)))
            end -= timedelta(days=STEP_DAYS)
        return [r for r in reversed(readings) if r.value is not None]
