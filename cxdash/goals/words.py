"""Goal figures in words, in the units the tiles use: "+31.5", "84.2%", "+1.2 pts", "+$1.2M"."""

from __future__ import annotations

from cxdash.figures.formatting import format_change, format_value
from cxdash.figures.registry import KPI_BY_NAME


def value_text(metric: str, value: float | None, currency: str = "USD") -> str:
    return format_value(KPI_BY_NAME[metric], value, currency)


def change_text(metric: str, change: float, currency: str = "USD") -> str:
    """A difference in the metric's units: points for scores and rates, the amount for money and counts."""
    kpi = KPI_BY_NAME[metric]
    if kpi.unit in ("currency", "count"):
        return ("-" if change < 0 else "+") + format_value(kpi, abs(change), currency)
    return format_change(kpi, change, None) or ""
