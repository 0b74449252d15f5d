"""A target to suggest for a metric, scope and deadline: ambitious, but inside what the data has shown.

The suggestion is the current value moved by the 75th percentile of the changes the metric's own history
shows over spans as long as the one to the deadline (in its good direction): better than most stretches
of the past, no better than the best. It is kept short of the scale's end, given with the forecast's
probability of reaching it, and flagged when it is smaller than the change two windows of this size can
tell from noise (a power calculation, as in the SMART check).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import numpy as np

from cxdash.engine.engine import Engine
from cxdash.figures.counts import Filters
from cxdash.figures.registry import KPI_BY_NAME
from cxdash.goals.actuals import STEP_DAYS, Measurer, limits
from cxdash.goals.forecast import forecast
from cxdash.goals.smart import detectable_change
from cxdash.goals.words import change_text, value_text

AMBITION = 75  # percentile of the past changes over a like span
HEADROOM = 0.05  # of the scale kept between a suggestion and its end


@dataclass(frozen=True)
class Suggestion:
    metric: str
    deadline: date
    as_of: date
    baseline: float | None
    target: float | None
    probability: float | None
    reasons: list[str] = field(default_factory=list)

    def as_json(self, filters: Filters) -> dict:
        return {
            "metric": self.metric,
            "filters": {dim: list(values) for dim, values in filters.active().items()},
            "as_of": self.as_of.isoformat(),
            "deadline": self.deadline.isoformat(),
            "baseline": self.baseline,
            "target": self.target,
            "probability": self.probability,
            "reasons": self.reasons,
        }


def like_span_changes(history: list[tuple[date, float]], span_days: int) -> list[float]:
    """Every change between readings at least `span_days` apart (or as far apart as the history allows),
    scaled to `span_days`."""
    if len(history) < 2:
        return []
    gap = min(span_days, (history[-1][0] - history[0][0]).days)
    return [
        (v1 - v0) * span_days / (d1 - d0).days
        for i, (d0, v0) in enumerate(history)
        for d1, v1 in history[i + 1 :]
        if (d1 - d0).days >= gap
    ]


def _rounded(metric: str, value: float) -> float:
    unit = KPI_BY_NAME[metric].unit
    digits = {"fraction": 3, "percent": 1, "score": 0, "mean": 2}.get(unit)
    if digits is None:  # money and counts: three significant digits
        return float(f"{value:.3g}")
    return round(value, digits)


def suggest_target(
    engine: Engine, metric: str, filters: Filters, deadline: date, as_of: date, window_days: int = 90
) -> Suggestion:
    kpi = KPI_BY_NAME[metric]
    direction = 1 if kpi.higher_is_better else -1
    measurer = Measurer(engine, metric, filters)
    history = measurer.history(window_days, as_of)
    if not history or history[-1].end != as_of:
        why = f"{kpi.label} cannot be measured over the {window_days} days ending {as_of}."
        return Suggestion(metric, deadline, as_of, None, None, None, [why])
    now, span = history[-1], (deadline - as_of).days
    changes = [direction * c for c in like_span_changes([(r.end, r.value) for r in history], span)]
    currency = engine.meta.currency
    reasons = [
        f"{kpi.label} over the {window_days} days to {as_of:%d %b %Y}: {value_text(metric, now.value, currency)}."
    ]
    if not changes:
        return Suggestion(
            metric,
            deadline,
            as_of,
            now.value,
            None,
            None,
            [*reasons, "The history is too short to show what change is possible."],
        )
    best, ambitious = max(changes), float(np.percentile(changes, AMBITION))
    reasons.append(
        f"Over {span} days the history shows changes up to {change_text(metric, direction * best, currency)}; "
        f"{AMBITION}% of them are at most {change_text(metric, direction * ambitious, currency)}."
    )
    change = max(ambitious, 0.0)
    if now.low is not None and now.high is not None:
        detectable = detectable_change(now.low, now.high)
        if change < detectable:
            reasons.append(
                "Two windows of this size tell only a change of "
                f"{change_text(metric, direction * detectable, currency)} from noise 4 times in 5: reaching this "
                "target may not be measurable; a wider scope or a longer window would help."
            )
    target = now.value + direction * change
    low, high = limits(metric)
    if low is not None and high is not None:
        room = HEADROOM * (high - low)
        target = min(max(target, low + room), high - room)
    target = _rounded(metric, target)
    found = forecast([r.end for r in history], [r.value for r in history], deadline, window_days, STEP_DAYS)
    probability = found.probability(target, direction > 0) if found else None
    if probability is not None:
        reasons.append(f"If the trend of the last 12 months goes on, the chance of reaching it is {probability:.0%}.")
    return Suggestion(metric, deadline, as_of, now.value, target, probability, reasons)
