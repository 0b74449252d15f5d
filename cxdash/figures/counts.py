"""The sums behind every KPI for one period (or trend bucket) and one filter.

Queries return sums that add up over days and slices; `Counts` holds them, and the KPI registry turns
them into figures. Tests can build `Counts` by hand to check the arithmetic without a database.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from cxdash.figures.periods import Period

SURVEY_FIELDS = (
    "n",
    "promoters",
    "detractors",
    "satisfied",
    "score_sum",
    "score_sq_sum",
    "clusters",
    "cluster_n_sq",
    "cluster_y_sq",
    "cluster_y_n",
)
CUSTOMER_FIELDS = ("active_start", "churned", "new_customers", "active_end")
ORDER_FIELDS = ("revenue", "orders", "revenue_sq_sum")


@dataclass(frozen=True)
class Filters:
    """Chosen values per customer dimension; an empty mapping means everyone, anonymous responses included."""

    dimensions: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def active(self) -> dict[str, tuple[str, ...]]:
        return {dim: values for dim, values in self.dimensions.items() if values}


@dataclass(frozen=True)
class Counts:
    period: Period
    active_start: int = 0
    churned: int = 0
    new_customers: int = 0
    active_end: int = 0
    revenue: float = 0.0
    orders: int = 0
    revenue_sq_sum: float = 0.0
    surveys: Mapping[str, Mapping[str, float]] = field(default_factory=dict)  # metric -> SURVEY_FIELDS

    @property
    def days(self) -> int:
        return self.period.days

    def survey(self, metric: str) -> dict[str, float]:
        found = self.surveys.get(metric, {})
        return {name: found.get(name) or 0 for name in SURVEY_FIELDS}


def counts_from_rows(
    period: Period,
    customers: Mapping[str, Any] | None,
    orders: Mapping[str, Any] | None,
    surveys: list[Mapping[str, Any]],
) -> Counts:
    """Counts from the rows the period or trend queries return (missing rows count as zero)."""
    customers, orders = customers or {}, orders or {}
    return Counts(
        period=period,
        **{name: int(customers.get(name) or 0) for name in CUSTOMER_FIELDS},
        revenue=float(orders.get("revenue") or 0),
        orders=int(orders.get("orders") or 0),
        revenue_sq_sum=float(orders.get("revenue_sq_sum") or 0),
        surveys={row["metric"]: {f: row.get(f) or 0 for f in SURVEY_FIELDS} for row in surveys},
    )
