"""Every KPI's name, label, unit and definition: the one source for tiles, help texts, goals and the glossary."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Kpi:
    name: str
    label: str
    definition: str
    unit: str  # "score", "percent", "fraction", "currency", "count", "mean"
    higher_is_better: bool = True
    survey: bool = False  # carries n and a 95% interval
    table: str = "customers"  # the table it is computed from; without it the KPI is not shown

    @property
    def help(self) -> str:
        return self.definition


KPIS: tuple[Kpi, ...] = (
    Kpi(
        "nps",
        "NPS",
        "Net Promoter Score: 100 x (promoters - detractors) / responses, over NPS responses (0-10) in the "
        "period; promoters score 9-10, detractors 0-6. Ranges -100 to +100. The ± is the 95% margin of error.",
        "score",
        survey=True,
        table="survey_responses",
    ),
    Kpi(
        "csat",
        "CSAT",
        "Customer satisfaction: share of CSAT responses (1-5) in the period scoring 4 or 5, in percent.",
        "percent",
        survey=True,
        table="survey_responses",
    ),
    Kpi(
        "ces",
        "CES",
        "Customer effort score: mean of CES responses (1-7) in the period; lower means less effort.",
        "mean",
        higher_is_better=False,
        survey=True,
        table="survey_responses",
    ),
    Kpi(
        "churn_rate",
        "Churn rate",
        "Customers active at the period start (signed up before it, not churned before it) whose churn "
        "date falls in the period, as a share of those customers.",
        "fraction",
        higher_is_better=False,
    ),
    Kpi(
        "retention_rate",
        "Retention",
        "1 - churn rate: the share of customers active at the period start still active at its end.",
        "fraction",
    ),
    Kpi(
        "revenue",
        "Revenue",
        "Sum of order amounts dated in the period (refunds count negative).",
        "currency",
        table="orders",
    ),
    Kpi("orders", "Orders", "Number of orders dated in the period.", "count", table="orders"),
    Kpi("aov", "AOV", "Average order value: revenue / orders in the period.", "currency", table="orders"),
    Kpi(
        "active_customers",
        "Active customers",
        "Customers signed up by the period end and not churned by it (churn date null or after the end).",
        "count",
    ),
    Kpi("new_customers", "New customers", "Customers whose signup date falls in the period.", "count"),
)

KPI_BY_NAME: dict[str, Kpi] = {k.name: k for k in KPIS}
