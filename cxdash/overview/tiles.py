"""The Overview's KPI tiles: value, change against the comparison period, whether it is real, sparkline.

A figure is hidden (with the reason) when its measure was not observed over the period or too few
observations lie behind it; a change is given only when both periods show a figure, and called real
only when the KPI's test, run with enough data on both sides, says so.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from cxdash.figures.counts import Counts
from cxdash.figures.periods import Period, describe
from cxdash.figures.registry import KPIS, Kpi
from cxdash.figures.significance import TestResult
from cxdash.figures.windows import Window

VERDICTS = {"significant": "real change", "noise": "could be chance", "untested": "not tested"}


def unobserved(kpi: Kpi, period: Period, windows: Mapping[str, Window], strict: bool = False) -> str | None:
    """Why the data cannot speak for `kpi` over `period` (a measure not observed then), or None.
    `strict` for a comparison period, which must lie wholly inside every window."""
    for measure in kpi.measures:
        window = windows.get(measure)
        if window is None:
            return f"The data has no {measure.replace('_', ' ')}."
        if not window.covers(period, strict):
            return window.reason(period)
    return None


def hidden_reason(kpi: Kpi, counts: Counts, windows: Mapping[str, Window], strict: bool = False) -> str | None:
    """Why `kpi` has no figure for these counts' period, or None when it has one."""
    if reason := unobserved(kpi, counts.period, windows, strict):
        return reason
    n = kpi.n(counts) if kpi.n else None
    if n == 0 and kpi.minimum:
        return f"No {kpi.n_noun} in {describe(counts.period)}."
    if n is not None and n < kpi.minimum:
        return f"Too few {kpi.n_noun} in {describe(counts.period)} (n = {n:,}; at least {kpi.minimum} needed)."
    if kpi.value(counts) is None:
        return f"Nothing to measure in {describe(counts.period)}."
    return None


def figure(kpi: Kpi, counts: Counts, windows: Mapping[str, Window]) -> float | None:
    """The KPI's value where the data supports it, else None (never 0 for 'not observed')."""
    return None if hidden_reason(kpi, counts, windows) else kpi.value(counts)


@dataclass(frozen=True)
class Tile:
    kpi: Kpi
    value: float | None
    previous: float | None = None
    n: int | None = None
    previous_n: int | None = None
    interval: tuple[float, float] | None = None  # 95%, in the KPI's own units
    test: TestResult | None = None
    reason: str | None = None  # why the value is hidden, or why there is no change or no test
    sparkline: tuple[float | None, ...] = ()
    too_small: bool = False  # hidden because too few observations lie behind it

    @property
    def change(self) -> float | None:
        if self.value is None or self.previous is None:
            return None
        return self.value - self.previous

    @property
    def verdict(self) -> str:
        if self.change is None or self.test is None:
            return "untested"
        return "significant" if self.test.significant else "noise"

    @property
    def noise(self) -> bool:
        return self.verdict == "noise"

    def as_json(self) -> dict[str, Any]:
        """The CLI `overview` record of this tile."""
        low, high = self.interval or (None, None)
        return {
            "value": self.value,
            "low": low,
            "high": high,
            "n": self.n,
            "previous": self.previous,
            "previous_n": self.previous_n,
            "change": self.change,
            "p_value": self.test.p_value if self.test and self.change is not None else None,
            "verdict": self.verdict,
            "reason": self.reason,
        }


def build_tile(
    kpi: Kpi,
    current: Counts,
    previous: Counts | None,
    windows: Mapping[str, Window],
    sparkline: tuple[float | None, ...] = (),
) -> Tile:
    n = kpi.n(current) if kpi.n else None
    hidden = hidden_reason(kpi, current, windows)
    if hidden:
        too_small = n is not None and n < kpi.minimum and not unobserved(kpi, current.period, windows)
        return Tile(kpi, None, n=n, reason=hidden, too_small=too_small, sparkline=sparkline)
    base = {"kpi": kpi, "value": kpi.value(current), "n": n, "sparkline": sparkline}
    base["interval"] = kpi.interval(current) if kpi.interval else None
    if previous is None:
        return Tile(**base)
    previous_n = kpi.n(previous) if kpi.n else None
    hidden_before = hidden_reason(kpi, previous, windows, strict=True)
    if hidden_before:
        return Tile(**base, previous_n=previous_n, reason=f"No comparison: {hidden_before}")
    test = kpi.test(current, previous) if kpi.test else None
    reason = None
    if test is None:
        reason = f"Not tested: {kpi.untested}." if kpi.untested else "Not tested: too few observations for a test."
    return Tile(**base, previous=kpi.value(previous), previous_n=previous_n, test=test, reason=reason)


def build_tiles(
    current: Counts,
    previous: Counts | None,
    windows: Mapping[str, Window],
    sparklines: Mapping[str, tuple[float | None, ...]] | None = None,
    kpis: tuple[Kpi, ...] = KPIS,
) -> list[Tile]:
    return [build_tile(k, current, previous, windows, (sparklines or {}).get(k.name, ())) for k in kpis]
