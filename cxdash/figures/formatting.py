"""How a KPI's value, change and interval read on screen and in exports, one rule per unit."""

from __future__ import annotations

from cxdash.figures.registry import Kpi


def format_value(kpi: Kpi, value: float | None) -> str:
    if value is None:
        return "–"
    if kpi.unit == "score":
        return f"{value:+.1f}"
    if kpi.unit == "percent":
        return f"{value:.1f}%"
    if kpi.unit == "fraction":
        return f"{100 * value:.1f}%"
    if kpi.unit == "currency":
        return _compact(value, prefix="$") if abs(value) >= 10_000 else f"${value:,.2f}"
    if kpi.unit == "mean":
        return f"{value:.2f}"
    return _compact(value) if abs(value) >= 100_000 else f"{value:,.0f}"


def _compact(value: float, prefix: str = "") -> str:
    sign = "-" if value < 0 else ""
    value = abs(value)
    for size, suffix in ((1e9, "B"), (1e6, "M"), (1e3, "K")):
        if value >= size:
            return f"{sign}{prefix}{value / size:.1f}{suffix}"
    return f"{sign}{prefix}{value:,.0f}"


def format_change(kpi: Kpi, change: float | None, previous: float | None) -> str | None:
    """Points for scores and rates (a change of a share is in percentage points), else % change."""
    if change is None:
        return None
    if kpi.unit == "score":
        return f"{change:+.1f} pts"
    if kpi.unit == "percent":
        return f"{change:+.1f} pp"
    if kpi.unit == "fraction":
        return f"{100 * change:+.1f} pp"
    if kpi.unit == "mean":
        return f"{change:+.2f}"
    if not previous:
        return None
    return f"{100 * change / abs(previous):+.1f}%"


def format_interval(kpi: Kpi, interval: tuple[float, float] | None) -> str | None:
    if interval is None:
        return None
    low, high = interval
    if kpi.unit == "fraction":
        return f"{100 * low:.1f}–{100 * high:.1f}%"
    if kpi.unit == "percent":
        return f"{low:.1f}–{high:.1f}%"
    if kpi.unit == "mean":
        return f"{low:.2f}–{high:.2f}"
    return f"{low:+.1f} to {high:+.1f}"
