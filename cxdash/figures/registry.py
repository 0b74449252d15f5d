"""The KPI registry: each KPI declared once, and everything else (tiles, trends, sparklines, glossary,
CLI, goals) reads it. Adding a KPI is one entry here plus the SQL that feeds its counts.

A declaration says which counts the figure needs (as functions of `Counts`), the observed window it
depends on, its unit and good direction, the minimum number of observations below which it is not shown,
its 95% interval, and the test that tells a change from noise (or why no test applies).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from cxdash.figures import metrics, significance
from cxdash.figures.counts import Counts
from cxdash.figures.significance import TestResult

Interval = tuple[float, float]


def _survey_test(metric: str) -> Callable[[Counts, Counts], TestResult | None]:
    def test(now: Counts, before: Counts) -> TestResult | None:
        a, b = now.survey(metric), before.survey(metric)
        effects = (metrics.survey_design_effect(metric, a), metrics.survey_design_effect(metric, b))
        if metric == "nps":
            return significance.nps_difference(
                (int(a["promoters"]), int(a["detractors"]), int(a["n"])),
                (int(b["promoters"]), int(b["detractors"]), int(b["n"])),
                design_effects=effects,
            )
        if metric == "csat":
            return significance.proportion_difference(
                (int(a["satisfied"]), int(a["n"])), (int(b["satisfied"]), int(b["n"])), design_effects=effects
            )
        return significance.mean_difference(
            (a["score_sum"], a["score_sq_sum"], int(a["n"])),
            (b["score_sum"], b["score_sq_sum"], int(b["n"])),
            design_effects=effects,
        )

    return test


def _churn_interval(counts: Counts) -> Interval | None:
    return metrics.proportion_interval(counts.churned, counts.active_start)


def _churn_test(now: Counts, before: Counts) -> TestResult | None:
    return significance.proportion_difference(
        (now.churned, now.active_start), (before.churned, before.active_start), minimum=metrics.MIN_BASE
    )


def _retention(counts: Counts) -> float | None:
    churn = metrics.ratio(counts.churned, counts.active_start)
    return None if churn is None else 1 - churn


def _retention_interval(counts: Counts) -> Interval | None:
    found = _churn_interval(counts)
    return None if found is None else (1 - found[1], 1 - found[0])


@dataclass(frozen=True)
class Kpi:
    name: str
    label: str
    definition: str
    unit: str  # "score", "percent", "fraction", "currency", "count", "mean"
    table: str  # without this table the KPI is not shown at all
    measures: tuple[str, ...]  # observed windows the figure needs (see figures/windows.py)
    value: Callable[[Counts], float | None]
    higher_is_better: bool = True
    n: Callable[[Counts], int] | None = None  # observations behind the figure
    n_noun: str = ""
    minimum: int = 0  # below this many observations the figure is not shown
    interval: Callable[[Counts], Interval | None] | None = None
    test: Callable[[Counts, Counts], TestResult | None] | None = None
    test_name: str = ""  # the test in words, for the glossary
    untested: str = ""  # why no test applies, where `test` is None
    to_date: bool = False  # sparkline from the period start to each bucket end (a rate over the period)
    additive: bool = False  # a sum over days: a partial bucket holds less of it, so sparklines skip those

    @property
    def survey(self) -> bool:
        return self.table == "survey_responses"

    @property
    def help(self) -> str:
        return self.definition


SURVEY_TESTS = {
    "nps": "z test of the NPS difference (permutation variance), widened for repeated answers",
    "csat": "pooled two-proportion z test, widened for repeated answers",
    "ces": "Welch t test, widened for repeated answers",
}
CHURN_TEST = "pooled two-proportion z test"
RATE_TEST = "exact Poisson test of the daily rates"


def _survey_kpi(metric: str, label: str, definition: str, unit: str, higher_is_better: bool = True) -> Kpi:
    return Kpi(
        metric,
        label,
        definition,
        unit,
        table="survey_responses",
        measures=(metric,),
        value=lambda c: metrics.survey_value(metric, c.survey(metric)),
        higher_is_better=higher_is_better,
        n=lambda c: int(c.survey(metric)["n"]),
        n_noun="responses",
        minimum=metrics.MIN_SURVEY_N,
        interval=lambda c: metrics.survey_interval(metric, c.survey(metric)),
        test=_survey_test(metric),
        test_name=SURVEY_TESTS[metric],
    )


# churn and retention: one rate seen from both sides, over the customers active at the period start
CUSTOMER_BASE = {
    "table": "customers",
    "measures": ("churn",),
    "n": lambda c: c.active_start,
    "n_noun": "customers at start",
    "minimum": metrics.MIN_BASE,
    "test": _churn_test,
    "test_name": CHURN_TEST,
    "to_date": True,
}

KPIS: tuple[Kpi, ...] = (
    _survey_kpi(
        "nps",
        "NPS",
        "Net Promoter Score: 100 x (promoters - detractors) / responses, over NPS responses (0-10) in the "
        "period; promoters score 9-10, detractors 0-6. Ranges -100 to +100.",
        "score",
    ),
    _survey_kpi(
        "csat",
        "CSAT",
        "Customer satisfaction: share of CSAT responses (1-5) in the period scoring 4 or 5, in percent.",
        "percent",
    ),
    _survey_kpi(
        "ces",
        "CES",
        "Customer effort score: mean of CES responses (1-7) in the period; lower means less effort.",
        "mean",
        higher_is_better=False,
    ),
    Kpi(
        "churn_rate",
        "Churn rate",
        "Customers active at the period start (signed up before it, not churned before it) whose churn "
        "date falls in the period, as a share of those customers.",
        "fraction",
        value=lambda c: metrics.ratio(c.churned, c.active_start),
        higher_is_better=False,
        interval=_churn_interval,
        **CUSTOMER_BASE,
    ),
    Kpi(
        "retention_rate",
        "Retention",
        "1 - churn rate: the share of customers active at the period start still active at its end.",
        "fraction",
        value=_retention,
        interval=_retention_interval,
        **CUSTOMER_BASE,
    ),
    Kpi(
        "revenue",
        "Revenue",
        "Sum of order amounts dated in the period (refunds count negative).",
        "currency",
        table="orders",
        measures=("orders",),
        value=lambda c: c.revenue,
        n=lambda c: c.orders,
        n_noun="orders",
        test=lambda a, b: significance.revenue_difference(
            (a.revenue, a.revenue_sq_sum, a.orders, a.days), (b.revenue, b.revenue_sq_sum, b.orders, b.days)
        ),
        test_name="z test of revenue per day (compound Poisson)",
        additive=True,
    ),
    Kpi(
        "orders",
        "Orders",
        "Number of orders dated in the period.",
        "count",
        table="orders",
        measures=("orders",),
        value=lambda c: c.orders,
        test=lambda a, b: significance.count_difference(a.orders, a.days, b.orders, b.days),
        additive=True,
        test_name=RATE_TEST,
    ),
    Kpi(
        "aov",
        "AOV",
        "Average order value: revenue / orders in the period.",
        "currency",
        table="orders",
        measures=("orders",),
        value=lambda c: metrics.ratio(c.revenue, c.orders),
        n=lambda c: c.orders,
        n_noun="orders",
        test=lambda a, b: significance.aov_difference(
            (a.revenue, a.revenue_sq_sum, a.orders), (b.revenue, b.revenue_sq_sum, b.orders)
        ),
        test_name="Welch t test on order amounts",
    ),
    Kpi(
        "active_customers",
        "Active customers",
        "Customers signed up by the period end and not churned by it (churn date null or after the end).",
        "count",
        table="customers",
        measures=("signups", "churn"),
        value=lambda c: c.active_end,
        untested="a head count of the whole customer base, not a sample, so no test applies",
        test_name="none: a head count, not a sample",
    ),
    Kpi(
        "new_customers",
        "New customers",
        "Customers whose signup date falls in the period.",
        "count",
        table="customers",
        measures=("signups",),
        value=lambda c: c.new_customers,
        test=lambda a, b: significance.count_difference(a.new_customers, a.days, b.new_customers, b.days),
        additive=True,
        test_name=RATE_TEST,
    ),
)

KPI_BY_NAME: dict[str, Kpi] = {k.name: k for k in KPIS}
