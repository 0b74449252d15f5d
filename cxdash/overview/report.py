"""The Overview and its trend as plain records: what the CLI `overview` and `trend` print, the same
figures the screen shows, so every number on screen can be printed and diffed."""

from __future__ import annotations

from typing import Any

import polars as pl

from cxdash.figures.periods import Period, describe
from cxdash.overview.tiles import Tile


def period_record(period: Period | None, label: str | None = None) -> dict[str, Any] | None:
    if period is None:
        return None
    return {"start": period.start.isoformat(), "end": period.end.isoformat(), "label": label or describe(period)}


def overview_record(
    tiles: list[Tile], period: Period, comparison: Period | None, comparison_label: str | None, currency: str
) -> dict[str, Any]:
    """One object keyed by KPI name, plus `currency`, `period` and `comparison`."""
    record: dict[str, Any] = {tile.kpi.name: tile.as_json() for tile in tiles}
    record["currency"] = currency
    record["period"] = period_record(period)
    record["comparison"] = period_record(comparison, comparison_label)
    return record


def trend_records(trend: pl.DataFrame, kpi_names: list[str]) -> list[dict[str, Any]]:
    """One record per bucket: its clipped dates, whether it is partial, and every KPI (null where not shown)."""
    columns = ["bucket_start", "bucket_end", "partial", *kpi_names]
    return [
        {**row, "bucket_start": row["bucket_start"].isoformat(), "bucket_end": row["bucket_end"].isoformat()}
        for row in trend.select(columns).iter_rows(named=True)
    ]
