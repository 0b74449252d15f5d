"""What a key-driver model explains: a survey score, 12-month retention or spend, or a customer column.

An outcome names the metric whose answers it is made of (`exclude_metric`), so that the touchpoint
ratings on the other side of the model never include the answers being explained.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from cxdash.engine.engine import Engine
from cxdash.figures.counts import Filters

SCORE_OUTCOMES = {"nps": "NPS answer (mean score 0-10)", "csat": "CSAT answer (mean score 1-5)"}
FACT_OUTCOMES = {
    "retention": "Still a customer 12 months after the first answer",
    "spend": "Spend in the 12 months after the first answer",
}
OUTCOME_WORDS = ("satisf", "outcome", "churn", "label", "recommend", "loyal")  # column names that read as outcomes


class OutcomeError(ValueError):
    """An outcome this data cannot give; the message says why and what it can give."""


@dataclass(frozen=True)
class Outcome:
    name: str  # nps | csat | retention | spend | a customer column
    value: str | None = None  # for a column with text values: the value counted as 1

    @property
    def exclude_metric(self) -> str:
        return self.name if self.name in SCORE_OUTCOMES else ""

    @property
    def label(self) -> str:
        if self.name in SCORE_OUTCOMES:
            return SCORE_OUTCOMES[self.name]
        if self.name in FACT_OUTCOMES:
            return FACT_OUTCOMES[self.name]
        return f"{self.name} = {self.value}" if self.value is not None else self.name

    @property
    def key(self) -> str:
        """The outcome as the CLI takes it: nps, retention, overall_satisfaction=Satisfied."""
        return self.name if self.value is None else f"{self.name}={self.value}"


def _numeric(values: list[str]) -> bool:
    try:
        [float(v) for v in values]
    except ValueError:
        return False
    return True


def outcome_choices(engine: Engine) -> list[Outcome]:
    """Every outcome this data can give, those most likely meant first: a customer column named like an
    outcome (overall satisfaction), then NPS, CSAT, retention, spend, then other two-valued columns."""
    metrics = engine.survey_metrics  # a score outcome needs ratings of another metric to explain it
    scores = [Outcome(m) for m in SCORE_OUTCOMES if m in metrics and len(metrics) > 1]
    churn_dates = engine.data.tables.get("customers")
    churned = churn_dates is not None and churn_dates.dates.get("churn_date", (None, None))[1] is not None
    facts = ([Outcome("retention")] if churned else []) + ([Outcome("spend")] if "orders" in engine.tables else [])
    columns = []
    for dim, values in engine.dimensions.items():
        if _numeric(values) and len(values) > 2:
            columns.append(Outcome(dim))
        elif len(values) == 2:
            columns.append(Outcome(dim, values[-1]))  # importance is the same for either value
    named = [c for c in columns if any(word in c.name.lower() for word in OUTCOME_WORDS)]
    return named + scores + facts + [c for c in columns if c not in named]


def parse_outcome(text: str, engine: Engine) -> Outcome:
    """`nps`, `csat`, `retention`, `spend`, `COLUMN` (numeric values) or `COLUMN=VALUE`; OutcomeError if
    this data cannot give it."""
    name, sep, value = text.partition("=")
    if not sep and name in (*SCORE_OUTCOMES, *FACT_OUTCOMES):
        if Outcome(name) not in outcome_choices(engine):
            raise OutcomeError(f"this data cannot give '{name}' ({_reason(name)})")
        return Outcome(name)
    values = engine.dimensions.get(name)
    if values is None:
        known = ", ".join([*SCORE_OUTCOMES, *FACT_OUTCOMES, *engine.dimensions])
        raise OutcomeError(f"'{name}' is neither an outcome nor a customer column of this data (known: {known})")
    if sep:
        if value not in values:
            raise OutcomeError(f"no {name} '{value}' in this data (known: {', '.join(values)})")
        return Outcome(name, value)
    if not _numeric(values):
        raise OutcomeError(f"{name} holds text: give the value counted as the outcome, e.g. {name}={values[-1]}")
    return Outcome(name)


def _reason(name: str) -> str:
    return {
        "nps": "no NPS answers, or no answers of another metric to explain them",
        "csat": "no CSAT answers, or no answers of another metric to explain them",
        "retention": "no churn dates recorded",
        "spend": "no orders table",
    }[name]


def outcome_values(engine: Engine, outcome: Outcome, filters: Filters) -> pl.DataFrame:
    """(customer_id, y) for every customer of the view with a value of the outcome."""
    slices = engine.slices(filters)
    if outcome.name in SCORE_OUTCOMES or outcome.name in FACT_OUTCOMES:
        column = {"retention": "retained"}.get(outcome.name, outcome.name)
        windows = engine.windows
        as_of = engine.data.as_of
        churn = windows.get("churn")
        orders = windows.get("orders")
        rows = engine.run(
            "driver_outcomes",
            slices=slices,
            churn_start=churn.start if churn else as_of,
            churn_end=churn.end if churn else as_of,
            spend_end=orders.end if orders else as_of,
        )
        return rows.select("customer_id", y=pl.col(column)).drop_nulls("y")
    rows = engine.run("customer_dimension", dim=outcome.name, slices=slices)
    if outcome.value is None:
        return rows.select("customer_id", y=pl.col("value").cast(pl.Float64))
    return rows.select("customer_id", y=(pl.col("value") == outcome.value).cast(pl.Float64))
