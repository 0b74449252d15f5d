"""One goal judged against the data: actual, baseline, pace, status, forecast, probability, SMART check.

The pages and the CLI (`goals`) read `evaluate`; every number comes from the engine and the KPI registry
through `actuals.Measurer`, so a goal's actual is the same figure a tile shows for the same window.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from cxdash.engine.engine import Engine
from cxdash.figures.counts import Filters
from cxdash.figures.metrics import MIN_BASE
from cxdash.figures.registry import KPI_BY_NAME
from cxdash.figures.significance import mean_difference, proportion_difference
from cxdash.goals.actuals import STEP_DAYS, Measurer, Reading, measured_until, window
from cxdash.goals.forecast import Forecast, forecast
from cxdash.goals.pace import Pace, glide_path, judge, tolerance
from cxdash.goals.smart import Check, Evidence, Link, smart_check
from cxdash.goals.words import change_text
from cxdash.ingest.config import Goal

HISTORY_DAYS = 3 * 365  # the readings the chart shows and the SMART check reads


@dataclass(frozen=True)
class GoalReport:
    goal: Goal
    as_of: date
    baseline: float | None
    baseline_reading: Reading | None  # None where goals.yaml gives the baseline
    actual: Reading
    pace: Pace
    forecast: Forecast | None
    probability: float | None
    history: list[Reading]
    smart: dict[str, Check]

    @property
    def status(self) -> str | None:
        return self.pace.status

    @property
    def path(self) -> list[tuple[date, float]]:
        return glide_path(self.goal, self.baseline) if self.baseline is not None else []

    @property
    def tolerance(self) -> float | None:
        return tolerance(self.goal, self.baseline) if self.baseline is not None else None

    def as_json(self) -> dict[str, Any]:
        """The CLI `goals` record (issue 9's keys)."""
        found = self.forecast
        return {
            "id": self.goal.id,
            "metric": self.goal.metric,
            "baseline": self.baseline,
            "target": self.goal.target,
            "actual": self.actual.value,
            "low": self.actual.low,
            "high": self.actual.high,
            "forecast": found.value if found else None,
            "forecast_low": found.low if found else None,
            "forecast_high": found.high if found else None,
            "probability": self.probability,
            "status": self.status,
            "smart": {name: check.as_json() for name, check in self.smart.items()},
        }


def _links(engine: Engine, goal: Goal, measurer: Measurer) -> list[Link]:
    """Best against worst experience group of a survey metric, in retention and spend over the year after."""
    if not KPI_BY_NAME[goal.metric].survey or engine.data.as_of is None:
        return []
    rows = engine.run("goal_relevance", metric=goal.metric, as_of=engine.data.as_of, slices=measurer.slices).rows(
        named=True
    )
    if len(rows) < 2:
        return []
    best, worst = rows[0], rows[-1]
    retention = proportion_difference(
        (best["retained"], best["customers"]), (worst["retained"], worst["customers"]), minimum=MIN_BASE
    )
    spend = mean_difference(
        (best["spend_sum"], best["spend_sq_sum"], best["customers"]),
        (worst["spend_sum"], worst["spend_sq_sum"], worst["customers"]),
    )
    return [
        Link("retention", best["experience"], worst["experience"], retention),
        Link("spend", best["experience"], worst["experience"], spend),
    ]


def _segments(engine: Engine, goal: Goal, end: date) -> dict[str, float]:
    """The metric over the goal's window, now, for each segment (the goal's other filters kept)."""
    found = {}
    for name in engine.dimensions.get("segment", []):
        scope = goal.scope() | {"segment": (name,)}
        reading = Measurer(engine, goal.metric, Filters(scope)).read(window(goal, end))
        if reading.value is not None:
            found[name] = reading.value
    return found


def _outlook(goal: Goal, pace: Pace, history: list[Reading], as_of: date) -> tuple[Forecast | None, float | None]:
    if goal.deadline is None or pace.status is None:
        return None, None
    if as_of >= goal.deadline:
        return None, 1.0 if pace.status == "achieved" else 0.0
    found = forecast([r.end for r in history], [r.value for r in history], goal.deadline, goal.window_days, STEP_DAYS)
    return found, (found.probability(goal.target, goal.direction == "increase") if found else None)


def evaluate(engine: Engine, goal: Goal, as_of: date) -> GoalReport:
    """Everything the Goals page and `goals` show of one goal, judged on `as_of`."""
    measurer = Measurer.for_goal(engine, goal)
    until = measured_until(goal, as_of)
    since = until - timedelta(days=HISTORY_DAYS + goal.window_days)
    history = measurer.history(goal.window_days, until, max(since, engine.data.first_date or since))
    actual = history[-1] if history and history[-1].end == until else measurer.read(window(goal, until))
    baseline_reading = None if goal.baseline is not None else measurer.read(window(goal, goal.start - timedelta(1)))
    baseline = goal.baseline if baseline_reading is None else baseline_reading.value
    pace = judge(goal, baseline, actual.value, as_of)
    predicted, probability = _outlook(goal, pace, history, as_of)
    evidence = Evidence(
        baseline,
        baseline_reading if baseline_reading and baseline_reading.n is not None else actual,
        [(r.end, r.value) for r in history],
        _segments(engine, goal, until),
        _links(engine, goal, measurer),
        engine.meta.currency,
    )
    return GoalReport(
        goal,
        as_of,
        baseline,
        baseline_reading,
        actual,
        pace,
        predicted,
        probability,
        history,
        smart_check(goal, evidence, as_of),
    )


def standing(engine: Engine, goal: Goal, as_of: date) -> tuple[float | None, Reading, Pace]:
    """Baseline, actual and pace only (three windows, no history): what an Overview tile needs."""
    measurer = Measurer.for_goal(engine, goal)
    actual = measurer.read(window(goal, measured_until(goal, as_of)))
    baseline = goal.baseline
    if baseline is None:
        baseline = measurer.read(window(goal, goal.start - timedelta(1))).value
    return baseline, actual, judge(goal, baseline, actual.value, as_of)


def default_as_of(engine: Engine) -> date:
    """The last day every current measure was observed (where presets end), else the data's as_of."""
    return engine.report_end or engine.data.as_of or date.today()


def summary_line(reports: list[GoalReport], currency: str = "USD") -> str:
    """One line for the meeting: '4 of 6 achieved or on track; Consumer NPS off track: needs +1.2 pts a
    month, -0.4 pts a month so far.'"""
    if not reports:
        return "No goals yet."
    good = sum(r.status in ("achieved", "on track") for r in reports)
    parts = [f"{good} of {len(reports)} achieved or on track"]
    for report in reports:
        if report.status in ("at risk", "off track"):
            pace, metric = report.pace, report.goal.metric
            text = f"{report.goal.name} {report.status}"
            if pace.needed_per_month is not None and pace.achieved_per_month is not None:
                text += (
                    f": needs {change_text(metric, pace.needed_per_month, currency)} a month, "
                    f"{change_text(metric, pace.achieved_per_month, currency)} a month so far"
                )
            parts.append(text)
        elif report.status == "missed":
            parts.append(f"{report.goal.name} missed")
        elif report.status is None:
            parts.append(f"{report.goal.name} cannot be measured")
    return "; ".join(parts) + "."
