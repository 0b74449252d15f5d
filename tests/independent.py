"""DESIGN.md's KPI definitions computed a second way: straight from the raw rows with polars, no SQL,
no rollups, no code shared with the package."""

from datetime import date
from pathlib import Path

import polars as pl

TABLES = ("customers", "orders", "survey_responses")


def kpis_from_files(directory: Path, start: date, end: date, segment: str | None = None) -> dict:
    tables = {name: pl.read_parquet(directory / f"{name}.parquet") for name in TABLES}
    return kpis_from_tables(tables, start, end, segment)


def kpis_from_tables(tables: dict[str, pl.DataFrame], start: date, end: date, segment: str | None = None) -> dict:
    customers, orders, responses = (tables[name] for name in TABLES)
    if segment is not None:
        customers = customers.filter(pl.col("segment") == segment)
        keep = customers["customer_id"].implode()
        orders = orders.filter(pl.col("customer_id").is_in(keep))
        responses = responses.filter(pl.col("customer_id").is_in(keep))
    base = customers.filter(
        (pl.col("signup_date") < start) & (pl.col("churn_date").is_null() | (pl.col("churn_date") >= start))
    )
    churned = base.filter(pl.col("churn_date").is_between(start, end)).height
    in_period = orders.filter(pl.col("order_date").dt.date().is_between(start, end))
    answered = responses.filter(pl.col("responded_at").dt.date().is_between(start, end))
    nps = answered.filter(pl.col("metric") == "nps")["score"].to_list()
    csat = answered.filter(pl.col("metric") == "csat")["score"].to_list()
    ces = answered.filter(pl.col("metric") == "ces")["score"].to_list()
    promoters, detractors = sum(s >= 9 for s in nps), sum(s <= 6 for s in nps)
    revenue = float(in_period["amount"].sum())
    return {
        "active_start": base.height,
        "churned": churned,
        "churn_rate": churned / base.height if base.height else None,
        "new_customers": customers.filter(pl.col("signup_date").is_between(start, end)).height,
        "revenue": revenue,
        "orders": in_period.height,
        "aov": revenue / in_period.height if in_period.height else None,
        "nps": 100 * (promoters - detractors) / len(nps) if nps else None,
        "nps_n": len(nps),
        "csat": 100 * sum(s >= 4 for s in csat) / len(csat) if csat else None,
        "csat_n": len(csat),
        "ces": sum(ces) / len(ces) if ces else None,
        "ces_n": len(ces),
    }
