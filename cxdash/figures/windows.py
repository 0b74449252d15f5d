"""Observed windows: the span over which a data set actually recorded each measure.

A zero outside that span is not a zero but a gap in the data: Telco's churn exists only in January 2024,
Olist's orders stop six weeks before its last review. A figure for a period outside its measure's window
is therefore not computed ("not observed", with this module's reason), and no change is computed against
a comparison period outside it. Windows come from the data's own dates unless `dataset.yaml` declares
them (`observed: {churn: {start: ..., end: ...}}`), as the importers do where they derive dates.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime

import polars as pl

from cxdash.figures.periods import Period, describe
from cxdash.ingest.config import ObservedSpan

SURVEY_METRICS = ("nps", "csat", "ces")
NOUNS = {
    "orders": "Orders are",
    "nps": "NPS answers are",
    "csat": "CSAT answers are",
    "ces": "CES answers are",
    "signups": "Sign-ups are",
    "churn": "Churn is",
}


@dataclass(frozen=True)
class Window:
    measure: str
    start: date
    end: date
    declared: bool = False
    # The data's first record of anything, for windows derived from the data: a period that starts by
    # then (All time) holds every record of the measure, so its figure is whole although the measure's
    # own first record comes later. Never used for comparisons: a comparison needs the whole period.
    records_from: date | None = None

    def covers(self, period: Period, strict: bool = True) -> bool:
        if period.end > self.end or period.end < self.start:
            return False
        lenient = not strict and self.records_from is not None and period.start <= self.records_from
        return period.start >= self.start or lenient

    def reason(self, period: Period) -> str:
        """Why a figure for `period` is not shown, in one sentence."""
        span = describe(Period(self.start, self.end))
        source = " (as the data declares)" if self.declared else ""
        return f"{NOUNS[self.measure]} observed only {span}{source}, not over {describe(period)}."


def _day(value: date | datetime) -> date:
    return value.date() if isinstance(value, datetime) else value


def data_spans(tables: Mapping[str, pl.DataFrame]) -> dict[str, tuple[date, date]]:
    """First and last day of each measure in the data itself (a measure with no rows has no span)."""
    spans: dict[str, tuple[date, date]] = {}
    orders = tables.get("orders")
    if orders is not None and orders.height:
        spans["orders"] = (_day(orders["order_date"].min()), _day(orders["order_date"].max()))
    responses = tables.get("survey_responses")
    if responses is not None and responses.height:
        by_metric = responses.group_by("metric").agg(
            first=pl.col("responded_at").min(), last=pl.col("responded_at").max()
        )
        last = _day(by_metric["last"].max())  # a sparse metric is not "stopped" while the survey runs
        for row in by_metric.iter_rows(named=True):
            spans[row["metric"]] = (_day(row["first"]), last)
    customers = tables.get("customers")
    if customers is not None and customers.height:
        first = _day(customers["signup_date"].min())
        last = max(d for d in (customers["signup_date"].max(), customers["churn_date"].max()) if d is not None)
        spans["signups"] = spans["churn"] = (first, _day(last))
    return spans


def observed_windows(spans: Mapping[str, tuple[date, date]], declared: Mapping[str, ObservedSpan]) -> dict[str, Window]:
    """One window per measure the data has; a declared window replaces the derived one
    (`surveys` declares all three survey metrics at once)."""
    first = min((span[0] for span in spans.values()), default=None)
    # Data begins mid-month more often than not: a derived window starts with the month of its first
    # record, so that month is observed while the year or quarter before it is not.
    windows = {
        measure: Window(measure, start.replace(day=1), end, records_from=first)
        for measure, (start, end) in spans.items()
    }
    for name, span in declared.items():
        for measure in SURVEY_METRICS if name == "surveys" else (name,):
            if measure in windows or name != "surveys":
                windows[measure] = Window(measure, span.start, span.end, declared=True)
    return windows


CURRENT_DAYS = 92  # a measure that stopped longer before the others ago is shown as stopped, not waited for


def report_end(windows: Mapping[str, Window], fallback: date) -> date:
    """The last day every current measure was still observed: presets end here, so one table's late
    rows (Olist's reviews six weeks after its last order) never leave another measure's period empty."""
    if not windows:
        return fallback
    latest = max(w.end for w in windows.values())
    return min(w.end for w in windows.values() if (latest - w.end).days <= CURRENT_DAYS)
