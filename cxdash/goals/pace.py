"""Where a goal stands: the glide path from baseline to target, the tolerance band, pace and status.

Statuses, in the order a meeting reads them:
- achieved: the actual meets the target (before or at the deadline);
- missed: the deadline has passed and the actual, measured over the window ending on it, does not;
- on track: the actual is on or ahead of the glide path, or behind it by no more than the tolerance;
- at risk: behind the band, but moved from the baseline the right way (slower than the path);
- off track: behind the band, and not moved from the baseline the right way at all.
A goal without a deadline has no glide path: it is at risk until achieved. The tolerance is the goal's
own, else a tenth of the distance from baseline to target.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import date

from cxdash.ingest.config import Goal

DAYS_PER_MONTH = 365.25 / 12
DEFAULT_TOLERANCE = 0.1  # of the distance from baseline to target
STATUSES = ("achieved", "on track", "at risk", "off track", "missed")


def sign(goal: Goal) -> int:
    return 1 if goal.direction == "increase" else -1


def meets(goal: Goal, value: float) -> bool:
    return sign(goal) * (value - goal.target) >= 0


def glide_path(goal: Goal, baseline: float) -> list[tuple[date, float]]:
    """The points the path runs straight between: baseline at start, each milestone, target at deadline."""
    if goal.deadline is None:
        return []
    return [(goal.start, baseline), *((m.date, m.target) for m in goal.milestones), (goal.deadline, goal.target)]


def path_value(path: list[tuple[date, float]], day: date) -> float:
    """The glide path's value on `day`: the baseline before start, the target after the deadline."""
    if day <= path[0][0]:
        return path[0][1]
    for (d0, v0), (d1, v1) in itertools.pairwise(path):
        if day <= d1:
            return v0 + (v1 - v0) * (day - d0).days / (d1 - d0).days
    return path[-1][1]


def path_between(path: list[tuple[date, float]], first: date, last: date) -> list[tuple[date, float]]:
    """The part of a glide path inside [first, last] (for a chart of that period); empty if none is."""
    if not path or last < path[0][0] or first > path[-1][0]:
        return []
    start, end = max(first, path[0][0]), min(last, path[-1][0])
    inside = [(d, v) for d, v in path if start < d < end]
    return [(start, path_value(path, start)), *inside, (end, path_value(path, end))]


def tolerance(goal: Goal, baseline: float) -> float:
    return goal.tolerance if goal.tolerance is not None else DEFAULT_TOLERANCE * abs(goal.target - baseline)


@dataclass(frozen=True)
class Pace:
    status: str | None  # one of STATUSES, or None when the actual or baseline cannot be measured
    reason: str
    progress: float | None = None  # share of the way from baseline to target, 1 = there
    expected: float | None = None  # the glide path's value on the as-of date
    achieved_per_month: float | None = None  # change so far, per month since start (signed, metric units)
    needed_per_month: float | None = None  # change still needed per month until the deadline


def judge(goal: Goal, baseline: float | None, actual: float | None, as_of: date) -> Pace:
    """The goal's status on `as_of`, with the pace behind it and one sentence why."""
    if actual is None:
        return Pace(None, "The actual value cannot be measured (see the reason beside it).")
    final = goal.deadline is not None and as_of >= goal.deadline
    if baseline is None:
        if final or meets(goal, actual):
            return _final(goal, actual, final)
        return Pace(None, "No baseline: the window before the start was not observed, so pace cannot be judged.")
    gap = goal.target - baseline
    progress = (actual - baseline) / gap if gap else None
    months = max((min(as_of, goal.deadline or as_of) - goal.start).days, 0) / DAYS_PER_MONTH
    achieved = (actual - baseline) / months if months else None
    if final or meets(goal, actual):
        done = _final(goal, actual, final)
        return Pace(done.status, done.reason, progress, goal.target if final else None, achieved)
    if goal.deadline is None:
        return Pace("at risk", "No deadline: without one the pace needed cannot be judged.", progress, None, achieved)
    expected = path_value(glide_path(goal, baseline), as_of)
    needed = (goal.target - actual) / max((goal.deadline - as_of).days / DAYS_PER_MONTH, 1 / DAYS_PER_MONTH)
    behind = sign(goal) * (expected - actual)
    band = tolerance(goal, baseline)
    if as_of <= goal.start or behind <= band:
        status, why = "on track", "on or ahead of the glide path, or within its tolerance band"
    elif sign(goal) * (actual - baseline) > 0:
        status, why = "at risk", "moved the right way, but slower than the glide path: behind its tolerance band"
    else:
        status, why = "off track", "behind the tolerance band and not moved from the baseline the right way"
    return Pace(status, f"{why[0].upper()}{why[1:]}.", progress, expected, achieved, needed)


def _final(goal: Goal, actual: float, final: bool) -> Pace:
    if meets(goal, actual):
        return Pace("achieved", "The actual meets the target." + (" The deadline has passed." if final else ""))
    return Pace("missed", "The deadline has passed and the actual, over the window ending on it, falls short.")
