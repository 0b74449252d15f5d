"""What the Overview shows, as an analyst recomputes it from raw rows: the shape both yardsticks return.

`pandas_overview` and `polars_overview` each add up raw customers, orders and responses for the periods
the Overview shows (the period, its comparison, every trend bucket and the churn from the period's start
to each bucket's end) and turn those sums into figures with DESIGN.md's formulas written out here, not
with the engine's registry: a second method, so agreement means something.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from cxdash.figures.counts import Filters
from cxdash.figures.periods import Period, shift_months, trend_grain

Figures = dict[str, float | int | None]
CUSTOMER_SUMS = ("active_start", "churned", "new_customers", "active_end")
SURVEY_SUMS = ("n", "promoters", "detractors", "satisfied", "score_sum")


def trend_buckets(period: Period) -> list[Period]:
    """The Overview's trend buckets: calendar weeks (Monday first) or months, clipped to the period."""
    grain = trend_grain(period)
    if grain == "week":
        first = period.start - timedelta(days=period.start.weekday())
        step = lambda day: day + timedelta(days=7)  # noqa: E731
    else:
        first = period.start.replace(day=1)
        step = lambda day: shift_months(day, 1)  # noqa: E731
    buckets, bucket = [], first
    while bucket <= period.end:
        following = step(bucket)
        buckets.append(Period(max(bucket, period.start), min(following - timedelta(days=1), period.end)))
        bucket = following
    return buckets


@dataclass(frozen=True)
class State:
    """One filter state of the Overview: a period preset, its comparison and the chosen dimension values."""

    preset: str
    period: Period
    comparison: Period | None
    filters: Filters

    def to_json(self) -> dict:
        return {
            "preset": self.preset,
            "period": [self.period.start.isoformat(), self.period.end.isoformat()],
            "comparison": None if self.comparison is None else [str(self.comparison.start), str(self.comparison.end)],
            "filters": {dim: list(values) for dim, values in self.filters.dimensions.items()},
        }

    @classmethod
    def from_json(cls, raw: Mapping) -> State:
        return cls(
            raw["preset"],
            _period(raw["period"]),
            None if raw["comparison"] is None else _period(raw["comparison"]),
            Filters({dim: tuple(values) for dim, values in raw["filters"].items()}),
        )


def _period(pair: list[str]) -> Period:
    return Period(date.fromisoformat(pair[0]), date.fromisoformat(pair[1]))


def _ratio(part: float, whole: float) -> float | None:
    return part / whole if whole else None


def figures(customers: Mapping[str, int], revenue: float, orders: int, surveys: Mapping[str, Mapping]) -> Figures:
    """DESIGN.md's KPIs from one period's raw sums (`surveys`: metric -> SURVEY_SUMS, missing = none)."""
    churn_rate = _ratio(customers["churned"], customers["active_start"])
    found: Figures = {
        "active_start": int(customers["active_start"]),
        "churned": int(customers["churned"]),
        "churn_rate": churn_rate,
        "retention_rate": None if churn_rate is None else 1 - churn_rate,
        "new_customers": int(customers["new_customers"]),
        "active_customers": int(customers["active_end"]),
        "revenue": float(revenue),
        "orders": int(orders),
        "aov": _ratio(revenue, orders),
    }
    for metric in ("nps", "csat", "ces"):
        sums = surveys.get(metric) or dict.fromkeys(SURVEY_SUMS, 0)
        n = int(sums["n"])
        found[f"{metric}_n"] = n
        value = {
            "nps": _ratio(100 * (sums["promoters"] - sums["detractors"]), n),
            "csat": _ratio(100 * sums["satisfied"], n),
            "ces": _ratio(sums["score_sum"], n),
        }[metric]
        found[metric] = None if value is None else float(value)
    return found


def churn_figures(active_start: int, churned: int) -> Figures:
    """Churn and retention of the customers active at a span's start (the sparkline of a rate)."""
    churn_rate = _ratio(churned, active_start)
    return {
        "active_start": int(active_start),
        "churned": int(churned),
        "churn_rate": churn_rate,
        "retention_rate": None if churn_rate is None else 1 - churn_rate,
    }


@dataclass(frozen=True)
class AnalystOverview:
    """The Overview's figures recomputed from raw rows for one state."""

    current: Figures
    previous: Figures | None
    buckets: tuple[tuple[Period, Figures], ...]
    to_date: tuple[Figures, ...]  # churn from the period's start to each bucket's end

    def to_json(self) -> dict:
        return {
            "current": self.current,
            "previous": self.previous,
            "buckets": [[[str(p.start), str(p.end)], f] for p, f in self.buckets],
            "to_date": list(self.to_date),
        }

    @classmethod
    def from_json(cls, raw: Mapping) -> AnalystOverview:
        buckets = tuple((_period(pair), found) for pair, found in raw["buckets"])
        return cls(raw["current"], raw["previous"], buckets, tuple(raw["to_date"]))
