"""The Overview's KPIs computed the way an analyst would in pandas: an independent check and a yardstick.

Reads the same Parquet files with `pd.read_parquet` and answers one period and filter with boolean masks
and merges on the raw rows, without the engine's groups, rollups or SQL.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from cxdash.engine.engine import CLI_KEYS
from cxdash.figures.counts import Filters
from cxdash.figures.periods import Period

CHECKED_KEYS = tuple(key for key in CLI_KEYS if key != "nps_moe95")  # the pandas side has no margin
REL_TOL = 1e-6


def load_frames(directory: Path) -> dict[str, pd.DataFrame]:
    """The three tables as pandas frames, customer dates parsed to datetime64 as an analyst would."""
    frames = {name: pd.read_parquet(Path(directory) / f"{name}.parquet") for name in ("customers", "orders")}
    frames["responses"] = pd.read_parquet(Path(directory) / "survey_responses.parquet")
    customers = frames["customers"]
    for column in ("signup_date", "churn_date"):
        customers[column] = pd.to_datetime(customers[column])
    return frames


def _share(mask: pd.Series) -> float | None:
    return 100 * float(mask.mean()) if len(mask) else None


def pandas_kpis(frames: dict[str, pd.DataFrame], period: Period, filters: Filters) -> dict[str, float | int | None]:
    """DESIGN.md's KPIs of one period [start, end] for the customers a filter keeps, from raw rows."""
    start, end = pd.Timestamp(period.start), pd.Timestamp(period.end)
    after_end = end + pd.Timedelta(days=1)  # order and response times are timestamps: the end day counts whole
    customers = frames["customers"]
    keep = pd.Series(True, index=customers.index)
    for dim, values in filters.active().items():
        keep &= customers[dim].isin(values)
    chosen = customers[keep]

    at_start = (chosen["signup_date"] < start) & (chosen["churn_date"].isna() | (chosen["churn_date"] >= start))
    active_start = int(at_start.sum())
    churned = int((at_start & chosen["churn_date"].between(start, end)).sum())
    new_customers = int(chosen["signup_date"].between(start, end).sum())

    orders = frames["orders"]
    orders = orders[(orders["order_date"] >= start) & (orders["order_date"] < after_end)]
    responses = frames["responses"]
    responses = responses[(responses["responded_at"] >= start) & (responses["responded_at"] < after_end)]
    if filters.active():  # a filter drops other customers' rows and anonymous responses
        orders = orders.merge(chosen[["customer_id"]], on="customer_id", how="inner")
        responses = responses.merge(chosen[["customer_id"]], on="customer_id", how="inner")

    revenue, n_orders = float(orders["amount"].sum()), len(orders)
    nps = responses.loc[responses["metric"] == "nps", "score"]
    csat = responses.loc[responses["metric"] == "csat", "score"]
    ces = responses.loc[responses["metric"] == "ces", "score"]
    promoters, detractors = _share(nps >= 9), _share(nps <= 6)
    return {
        "active_start": active_start,
        "churned": churned,
        "churn_rate": churned / active_start if active_start else None,
        "new_customers": new_customers,
        "revenue": revenue,
        "orders": n_orders,
        "aov": revenue / n_orders if n_orders else None,
        "nps": None if promoters is None else promoters - detractors,
        "nps_n": len(nps),
        "csat": _share(csat >= 4),
        "csat_n": len(csat),
        "ces": float(ces.mean()) if len(ces) else None,
        "ces_n": len(ces),
    }


def differences(engine: dict[str, float | int | None], pandas: dict[str, float | int | None]) -> list[str]:
    """Every checked key where the engine and pandas disagree beyond a relative 1e-6."""
    found = []
    for key in CHECKED_KEYS:
        a, b = engine[key], pandas[key]
        same = (a is None) == (b is None) and (a is None or math.isclose(a, b, rel_tol=REL_TOL, abs_tol=1e-9))
        if not same:
            found.append(f"{key}: engine {a!r} vs pandas {b!r}")
    return found


def pandas_check(
    engine_kpis: Callable[[Period, Filters], dict], directory: Path, cases: list[tuple[Period, Filters]]
) -> tuple[float, list[float]]:
    """Load seconds and per-case seconds of the pandas KPIs; raises if any figure differs from the engine's."""
    started = time.perf_counter()
    frames = load_frames(directory)
    load_s = time.perf_counter() - started
    seconds = []
    for period, filters in cases:
        started = time.perf_counter()
        expected = pandas_kpis(frames, period, filters)
        seconds.append(time.perf_counter() - started)
        found = differences(engine_kpis(period, filters), expected)
        if found:
            raise AssertionError(f"engine and pandas differ for {period} {filters.active()}: " + "; ".join(found))
    return load_s, seconds
