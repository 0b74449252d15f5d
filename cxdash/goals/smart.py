"""The SMART check: each criterion pass, warn or fail, with the reason in plain words.

- Specific: a named metric (checked when the file is read), a scope, an owner, an objective, and a target
  on the side of the baseline the direction names.
- Measurable: enough observations per window to tell the targeted change from noise. The change two
  independent windows of this size can show with 80% power at the 5% level is
  (1.96 + 0.84) x sqrt(2) x the standard error of one window (at NPS +30, 400 responses give a margin of
  about +/-7.6 points, so a change needs about 15-16 points); a change smaller than that fails, a change
  between one window's margin and that warns.
- Achievable: the target against the metric's own history: the scale's limits (NPS 100, CSAT 100%, zero
  churn are not achievable by a real base of customers), the best change the data shows over a span as long
  as the goal's, and the best segment's value now.
- Relevant: the measured link, in this data, between the metric and retention or spend (survey metrics:
  the best experience group against the worst over the 365 days after the first answer); retention,
  churn, revenue and customer counts are outcomes themselves.
- Time-bound: a deadline after the start.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date

from cxdash.figures.registry import KPI_BY_NAME
from cxdash.figures.significance import TestResult
from cxdash.goals.actuals import Reading, limits
from cxdash.goals.pace import sign
from cxdash.goals.words import change_text, value_text
from cxdash.ingest.config import Goal

Z_ALPHA, Z_POWER = 1.959964, 0.841621  # two-sided 5% level, 80% power
CRITERIA = ("specific", "measurable", "achievable", "relevant", "time_bound")
STRETCH = 2.0  # a needed change up to this many times the best seen warns; beyond, it fails
OUTCOMES = {
    "churn_rate": "churn is retention seen from the other side",
    "retention_rate": "retention is itself the outcome",
    "revenue": "revenue is itself the outcome",
    "orders": "orders make the revenue",
    "aov": "order value makes the revenue",
    "active_customers": "the customer base is what retention keeps",
    "new_customers": "new customers grow the base that spends",
}


@dataclass(frozen=True)
class Check:
    result: str  # pass, warn or fail
    reason: str

    def as_json(self) -> dict[str, str]:
        return {"result": self.result, "reason": self.reason}


@dataclass(frozen=True)
class Link:
    """A measured difference in an outcome between the best and the worst experience group."""

    outcome: str  # "retention" or "spend"
    best: str
    worst: str
    test: TestResult | None  # None: too few customers to test


@dataclass(frozen=True)
class Evidence:
    """What the data says about a goal, gathered by `report`: every check below reads only this."""

    baseline: float | None
    window: Reading | None  # the baseline window (else the actual's): its n and interval
    history: list[tuple[date, float]] = field(default_factory=list)  # the window's value every month
    segments: dict[str, float] = field(default_factory=dict)  # each segment's value now
    links: list[Link] = field(default_factory=list)
    currency: str = "USD"


def detectable_change(low: float, high: float) -> float:
    """The change between two independent windows like this one (its 95% interval) seen with 80% power."""
    se = (high - low) / 2 / Z_ALPHA
    return (Z_ALPHA + Z_POWER) * math.sqrt(2) * se


def specific(goal: Goal, evidence: Evidence) -> Check:
    if goal.owner is None:
        return Check("fail", "No owner: a goal nobody owns is nobody's job. Name the person accountable.")
    if evidence.baseline is not None and sign(goal) * (goal.target - evidence.baseline) < 0:
        return Check("fail", f"The target lies below the baseline for a goal to {goal.direction}; check the direction.")
    if goal.objective is None:
        return Check(
            "warn",
            f"{KPI_BY_NAME[goal.metric].label} for {goal.scope_text()}, owned by {goal.owner}, "
            "but no business objective says what it serves.",
        )
    return Check(
        "pass",
        f"{KPI_BY_NAME[goal.metric].label} for {goal.scope_text()}, owned by {goal.owner}, serving: {goal.objective}.",
    )


def measurable(goal: Goal, evidence: Evidence) -> Check:
    kpi, window = KPI_BY_NAME[goal.metric], evidence.window
    if window is None or (window.value is None and window.n is None):
        return Check("fail", window.reason if window and window.reason else "The data cannot measure this metric.")
    if kpi.minimum and (window.n or 0) < kpi.minimum:
        return Check(
            "fail",
            f"Only {window.n or 0:,} {kpi.n_noun} in a {goal.window_days}-day window for {goal.scope_text()}; "
            f"at least {kpi.minimum} are needed to show the figure at all.",
        )
    if window.low is None or window.high is None:
        if kpi.interval is None:
            return Check("pass", f"{kpi.label} counts every record, not a sample: any change is measured.")
        return Check("warn", "The window's 95% interval cannot be worked out, so its noise is unknown.")
    margin = (window.high - window.low) / 2
    detectable = detectable_change(window.low, window.high)
    needed = abs(goal.target - evidence.baseline) if evidence.baseline is not None else None
    size = (
        f"{window.n:,} {kpi.n_noun} a window give a margin of ±{change_text(goal.metric, margin)[1:]}"
        if window.n
        else ""
    )
    seen = f"a change of {change_text(goal.metric, detectable)[1:]} between two windows is seen 4 times in 5"
    if needed is None:
        return Check("warn", f"No baseline to measure the change from; {size}, and {seen}.")
    wanted = f"the targeted {change_text(goal.metric, needed)[1:]}"
    if needed >= detectable:
        return Check("pass", f"{size[0].upper()}{size[1:]}; {seen}, and {wanted} is at least that.")
    if needed >= margin:
        return Check("warn", f"{size[0].upper()}{size[1:]}; {wanted} exceeds that, but {seen}: it may be missed.")
    return Check("fail", f"{size[0].upper()}{size[1:]}: {wanted} is within the noise of a single window.")


def best_change(history: list[tuple[date, float]], span_days: int, direction: int) -> tuple[float, int] | None:
    """The largest change in `direction` the history shows over `span_days`, and the span it used: pairs of
    readings at least that far apart (or as far as the history reaches), each scaled to `span_days`."""
    if len(history) < 2:
        return None
    longest = (history[-1][0] - history[0][0]).days
    gap = min(span_days, longest)
    changes = [
        direction * (v1 - v0) * span_days / (d1 - d0).days
        for i, (d0, v0) in enumerate(history)
        for d1, v1 in history[i + 1 :]
        if (d1 - d0).days >= gap
    ]
    return (max(changes), gap) if changes else None


def achievable(goal: Goal, evidence: Evidence) -> Check:
    low, high = limits(goal.metric)
    label, direction = KPI_BY_NAME[goal.metric].label, sign(goal)
    bound = high if direction > 0 else low
    if bound is not None and direction * (goal.target - bound) >= 0:
        return Check(
            "fail",
            f"{label} {value_text(goal.metric, goal.target, evidence.currency)} is the end of its scale: it needs "
            "every single customer at their best, which no real base of customers reaches. Aim short of it.",
        )
    if evidence.baseline is None:
        return Check("warn", "No baseline, so the change needed cannot be set against the history.")
    needed = direction * (goal.target - evidence.baseline)
    if needed <= 0:
        return Check("pass", "The target is no further than the baseline: reached already (or not ambitious).")
    span = ((goal.deadline or goal.start) - goal.start).days or 365
    best = best_change(evidence.history, span, direction)
    others = {name: v for name, v in evidence.segments.items() if direction * (v - goal.target) >= 0}
    need = f"It needs {change_text(goal.metric, direction * needed, evidence.currency)} in {span} days"
    if others:
        name = next(iter(others))
        return Check(
            "pass",
            f"{need}; segment {name} is there already ({value_text(goal.metric, others[name], evidence.currency)}).",
        )
    if best is None:
        return Check("warn", f"{need}; the history is too short to show what change is possible.")
    change, gap = best
    seen = (
        f"the best this data shows over {gap} days is {change_text(goal.metric, direction * change, evidence.currency)}"
    )
    if gap < span:
        seen += f" (scaled to {span} days)"
    if needed <= change:
        return Check("pass", f"{need}; {seen}.")
    if needed <= STRETCH * change:
        return Check("warn", f"{need}; {seen}: a stretch, up to {STRETCH:g} times the best seen.")
    return Check("fail", f"{need}; {seen}, and no segment is there: more than {STRETCH:g} times the best seen.")


def relevant(goal: Goal, evidence: Evidence) -> Check:
    if goal.metric in OUTCOMES:
        return Check("pass", f"{OUTCOMES[goal.metric][0].upper()}{OUTCOMES[goal.metric][1:]}.")
    label = KPI_BY_NAME[goal.metric].label
    tested = [link for link in evidence.links if link.test is not None]
    if not tested:
        return Check(
            "warn",
            f"Too few customers answered {label} a year or more ago to measure its link with "
            "retention or spend in this data.",
        )
    real = [link for link in tested if link.test.significant and link.test.difference > 0]
    if real:
        parts = [
            f"{link.outcome} of {link.best} customers exceeds that of {link.worst} by "
            + (
                f"{100 * link.test.difference:.1f} pp"
                if link.outcome == "retention"
                else f"{value_text('revenue', link.test.difference, evidence.currency)} a customer"
            )
            + f" (p {'< 0.001' if link.test.p_value < 0.001 else f'= {link.test.p_value:.3f}'})"
            for link in real
        ]
        return Check("pass", f"In this data, over the year after their first {label} answer, " + "; ".join(parts) + ".")
    return Check(
        "fail",
        f"In this data, {label} shows no measurable link with retention or spend over the year "
        "after the answer: improving it may not move the business.",
    )


def time_bound(goal: Goal, as_of: date) -> Check:
    if goal.deadline is None:
        return Check("fail", "No deadline: a goal without one is never late. Set the date it is due.")
    months = (goal.deadline - goal.start).days / (365.25 / 12)
    if goal.deadline < as_of:
        return Check(
            "pass", f"Due {goal.deadline:%d %b %Y} ({months:.0f} months after the start); the deadline has passed."
        )
    return Check("pass", f"Due {goal.deadline:%d %b %Y}, {months:.0f} months after the start.")


def smart_check(goal: Goal, evidence: Evidence, as_of: date) -> dict[str, Check]:
    return {
        "specific": specific(goal, evidence),
        "measurable": measurable(goal, evidence),
        "achievable": achievable(goal, evidence),
        "relevant": relevant(goal, evidence),
        "time_bound": time_bound(goal, as_of),
    }
