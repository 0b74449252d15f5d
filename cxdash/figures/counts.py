"""KPIs of one period and filter: the numbers the Overview, the CLI `kpis` and goals all read.

`period_counts` runs the queries; `kpi_values` turns counts into the figures of DESIGN.md; both are
separate so that tests can check the arithmetic on hand-made counts.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from cxdash.engine.catalog import QueryRunner
from cxdash.figures import metrics
from cxdash.figures.periods import Period

SURVEY_FIELDS = ("n", "promoters", "detractors", "satisfied", "score_sum", "score_sq_sum")


@dataclass(frozen=True)
class Filters:
    """Chosen values per customer dimension; an empty mapping means everyone, anonymous responses included."""

    dimensions: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def active(self) -> dict[str, tuple[str, ...]]:
        return {dim: values for dim, values in self.dimensions.items() if values}


def resolve_slices(runner: QueryRunner, filters: Filters) -> list[int]:
    """The slice ids a filter keeps: every one, 0 (no known customer) included, when nothing is chosen;
    else the customer slices matching every chosen dimension (so anonymous responses drop out)."""
    chosen = filters.active()
    if not chosen:
        return runner.run("all_slices")["slice_id"].to_list()
    choices = [f"{dim}={value}" for dim, values in chosen.items() for value in values]
    return runner.run("filter_slices", choices=choices)["slice_id"].to_list()


@dataclass(frozen=True)
class PeriodCounts:
    active_start: int
    churned: int
    new_customers: int
    active_end: int
    revenue: float
    orders: int
    surveys: dict[str, dict[str, float]]  # metric -> SURVEY_FIELDS

    def survey(self, metric: str) -> dict[str, float]:
        return self.surveys.get(metric, dict.fromkeys(SURVEY_FIELDS, 0))


def period_counts(runner: QueryRunner, period: Period, slices: list[int]) -> PeriodCounts:
    params = {"start": period.start, "end": period.end, "slices": slices}
    customers = runner.run("period_customers", **params).row(0, named=True)
    orders = runner.run("period_orders", **params).row(0, named=True)
    surveys = {row["metric"]: row for row in runner.run("period_responses", **params).iter_rows(named=True)}
    return PeriodCounts(
        active_start=int(customers["active_start"] or 0),
        churned=int(customers["churned"] or 0),
        new_customers=int(customers["new_customers"] or 0),
        active_end=int(customers["active_end"] or 0),
        revenue=float(orders["revenue"] or 0),
        orders=int(orders["orders"] or 0),
        surveys={m: {f: row[f] or 0 for f in SURVEY_FIELDS} for m, row in surveys.items()},
    )


def kpi_values(counts: PeriodCounts) -> dict[str, float | int | None]:
    """The CLI contract's keys (plus retention_rate and active_customers): rates 0-1, None where n is 0."""
    nps, csat, ces = counts.survey("nps"), counts.survey("csat"), counts.survey("ces")
    churn_rate = metrics.ratio(counts.churned, counts.active_start)
    return {
        "active_start": counts.active_start,
        "churned": counts.churned,
        "churn_rate": churn_rate,
        "retention_rate": None if churn_rate is None else 1 - churn_rate,
        "new_customers": counts.new_customers,
        "active_customers": counts.active_end,
        "revenue": counts.revenue,
        "orders": counts.orders,
        "aov": metrics.ratio(counts.revenue, counts.orders),
        "nps": metrics.survey_value("nps", nps),
        "nps_n": int(nps["n"]),
        "nps_moe95": metrics.nps_margin_of_error(int(nps["promoters"]), int(nps["detractors"]), int(nps["n"])),
        "csat": metrics.survey_value("csat", csat),
        "csat_n": int(csat["n"]),
        "ces": metrics.survey_value("ces", ces),
        "ces_n": int(ces["n"]),
    }


CLI_KEYS = (
    "active_start",
    "churned",
    "churn_rate",
    "new_customers",
    "revenue",
    "orders",
    "aov",
    "nps",
    "nps_n",
    "nps_moe95",
    "csat",
    "csat_n",
    "ces",
    "ces_n",
)
