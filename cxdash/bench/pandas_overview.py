"""The Overview recomputed the way an analyst would in pandas: a yardstick for speed and a second method.

Reads the Parquet files with `pd.read_parquet` and answers each state with boolean masks on the raw rows,
one period at a time (the period, its comparison, each trend bucket, each span for the churn sparkline),
without the engine's slices, rollups or SQL.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from cxdash.bench.analyst import AnalystOverview, Figures, State, churn_figures, figures, trend_buckets
from cxdash.figures.periods import Period


def load_frames(directory: Path) -> dict[str, pd.DataFrame]:
    """The three tables as pandas frames, customer dates parsed to datetime64 as an analyst would."""
    frames = {name: pd.read_parquet(Path(directory) / f"{name}.parquet") for name in ("customers", "orders")}
    frames["responses"] = pd.read_parquet(Path(directory) / "survey_responses.parquet")
    customers = frames["customers"]
    for column in ("signup_date", "churn_date"):
        customers[column] = pd.to_datetime(customers[column])
    return frames


def _bounds(period: Period) -> tuple[pd.Timestamp, pd.Timestamp]:
    """Start and the instant after the end day: order and response times are timestamps."""
    return pd.Timestamp(period.start), pd.Timestamp(period.end) + pd.Timedelta(days=1)


def _at_start(customers: pd.DataFrame, start: pd.Timestamp) -> pd.Series:
    return (customers["signup_date"] < start) & (customers["churn_date"].isna() | (customers["churn_date"] >= start))


def _period_figures(customers: pd.DataFrame, orders: pd.DataFrame, responses: pd.DataFrame, period: Period) -> Figures:
    start, after_end = _bounds(period)
    end = after_end - pd.Timedelta(days=1)
    at_start = _at_start(customers, start)
    still = customers["churn_date"].isna() | (customers["churn_date"] > end)
    base = {
        "active_start": int(at_start.sum()),
        "churned": int((at_start & customers["churn_date"].between(start, end)).sum()),
        "new_customers": int(customers["signup_date"].between(start, end).sum()),
        "active_end": int(((customers["signup_date"] <= end) & still).sum()),
    }
    in_orders = orders[(orders["order_date"] >= start) & (orders["order_date"] < after_end)]
    in_responses = responses[(responses["responded_at"] >= start) & (responses["responded_at"] < after_end)]
    surveys = {}
    for metric, scores in in_responses.groupby("metric")["score"]:
        surveys[metric] = {
            "n": len(scores),
            "promoters": int((scores >= 9).sum()),
            "detractors": int((scores <= 6).sum()),
            "satisfied": int((scores >= 4).sum()),
            "score_sum": float(scores.sum()),
        }
    return figures(base, float(in_orders["amount"].sum()), len(in_orders), surveys)


def pandas_overview(frames: dict[str, pd.DataFrame], state: State) -> AnalystOverview:
    """The state's Overview from raw rows: a filter keeps its customers, their orders and their responses
    (anonymous responses drop out); without a filter every row counts."""
    customers = frames["customers"]
    keep = pd.Series(True, index=customers.index)
    for dim, values in state.filters.active().items():
        keep &= customers[dim].isin(values)
    chosen = customers[keep]
    periods = [state.period, *([state.comparison] if state.comparison else [])]
    first, after_last = _bounds(Period(min(p.start for p in periods), max(p.end for p in periods)))
    orders, responses = frames["orders"], frames["responses"]
    orders = orders[(orders["order_date"] >= first) & (orders["order_date"] < after_last)]
    responses = responses[(responses["responded_at"] >= first) & (responses["responded_at"] < after_last)]
    if state.filters.active():
        orders = orders[orders["customer_id"].isin(chosen["customer_id"])]
        responses = responses[responses["customer_id"].isin(chosen["customer_id"])]

    buckets = trend_buckets(state.period)
    at_start = chosen[_at_start(chosen, pd.Timestamp(state.period.start))]
    to_date = []
    for bucket in buckets:
        churned = at_start["churn_date"].between(pd.Timestamp(state.period.start), pd.Timestamp(bucket.end))
        to_date.append(churn_figures(len(at_start), int(churned.sum())))
    return AnalystOverview(
        current=_period_figures(chosen, orders, responses, state.period),
        previous=_period_figures(chosen, orders, responses, state.comparison) if state.comparison else None,
        buckets=tuple((bucket, _period_figures(chosen, orders, responses, bucket)) for bucket in buckets),
        to_date=tuple(to_date),
    )
