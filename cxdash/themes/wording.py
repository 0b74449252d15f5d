"""Root-cause findings in words, as an executive reads them: "Customers who mentioned late delivery churned
1.2x as often (70.5% vs 60.0%); their answers score CSAT 28.4% against 77.5%; revenue at risk R$3K."
Figures and money as the tiles show them, in the data's currency (figures/formatting)."""

from __future__ import annotations

import polars as pl

from cxdash.figures.formatting import format_money, format_value
from cxdash.figures.registry import KPI_BY_NAME


def _rate(value: float) -> str:
    return f"{100 * value:.1f}%"


def finding(row: dict, currency: str, subject: str = "mentioned") -> str | None:
    """One sentence for a root-cause row (root_cause.RESULT_SCHEMA plus `theme`); None without churn figures."""
    rate, others, ratio = row.get("churn_rate"), row.get("churn_rate_others"), row.get("churn_ratio")
    if rate is None or others is None or ratio is None:
        return None
    name = row["theme"][0].lower() + row["theme"][1:] if row["theme"][:2] != row["theme"][:2].upper() else row["theme"]
    text = f"Customers who {subject} {name} churned {ratio:.1f}x as often ({_rate(rate)} vs {_rate(others)})"
    kpi = KPI_BY_NAME.get(row.get("metric") or "")
    if kpi is not None and row.get("score") is not None and row.get("score_others") is not None:
        shown = format_value(kpi, row["score"]), format_value(kpi, row["score_others"])
        text += f"; their answers score {kpi.label} {shown[0]} against {shown[1]}"
    risk = row.get("revenue_at_risk")
    if risk:
        text += f"; revenue at risk {format_money(risk, currency, compact=True)}"
    return text + "."


def rate_interval(low: pl.Expr, high: pl.Expr) -> pl.Expr:
    """ "38.1–46.0%" from two fractions, null where either is."""
    return pl.format("{}–{}%", (100 * low).round(1), (100 * high).round(1))


def value_interval(low: pl.Expr, high: pl.Expr, digits: int = 1) -> pl.Expr:
    """ "12.3–45.6" from two values in their own unit, null where either is."""
    shown = [v.round(digits) if digits else v.round(0).cast(pl.Int64) for v in (low, high)]
    return pl.format("{} to {}", *shown)
