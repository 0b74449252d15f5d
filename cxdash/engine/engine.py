"""One open data dir: its validated data, its database and the questions pages ask of it.

Built once per data dir and process (the app keeps it in `st.cache_resource`); read-only afterwards.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import polars as pl

from cxdash.engine.catalog import QueryRunner
from cxdash.engine.database import build_database, customer_dimensions
from cxdash.figures.counts import Filters, PeriodCounts, kpi_values, period_counts, resolve_slices
from cxdash.figures.periods import Period, trend_grain
from cxdash.figures.registry import Kpi
from cxdash.ingest.datadir import DatasetMeta
from cxdash.ingest.loading import DataSet, load_dataset
from cxdash.overview.tiles import Tile, build_tiles
from cxdash.overview.trends import trend_table

SPARKLINE_COLUMNS = (
    "nps",
    "csat",
    "ces",
    "churn_rate",
    "retention_rate",
    "revenue",
    "orders",
    "aov",
    "active_end",
    "new_customers",
)


@dataclass
class Engine:
    data: DataSet
    runner: QueryRunner | None

    @property
    def tables(self) -> set[str]:
        return set(self.data.tables)

    @cached_property
    def survey_metrics(self) -> frozenset[str]:
        """Computed once: it scans every response, and tiles ask on every filter change."""
        responses = self.data.tables.get("survey_responses")
        return frozenset(responses["metric"].unique().to_list()) if responses is not None else frozenset()

    def shows(self, kpi: Kpi) -> bool:
        """Whether this data can give the KPI at all: its table exists, and for surveys, its metric."""
        return kpi.table in self.tables and (not kpi.survey or kpi.name in self.survey_metrics)

    def run(self, name: str, **params: object) -> pl.DataFrame:
        return self.runner.run(name, **params)

    @cached_property
    def dimensions(self) -> dict[str, list[str]]:
        """Each filterable customer dimension with its values, for the filter bar (once: it scans customers)."""
        customers = self.data.tables.get("customers")
        if customers is None:
            return {}
        return {
            name: sorted(v for v in customers[name].unique().to_list() if v is not None)
            for name in customer_dimensions(customers)
            if customers[name].null_count() < customers.height
        }

    def counts(self, period: Period, filters: Filters) -> PeriodCounts:
        return period_counts(self.runner, period, resolve_slices(self.runner, filters))

    def kpis(self, period: Period, filters: Filters) -> dict[str, float | int | None]:
        return kpi_values(self.counts(period, filters))

    def trend(self, period: Period, filters: Filters, grain: str | None = None) -> pl.DataFrame:
        slices = resolve_slices(self.runner, filters)
        return trend_table(self.runner, period, slices, grain or trend_grain(period))

    def tiles(self, period: Period, comparison: Period | None, filters: Filters) -> tuple[list[Tile], pl.DataFrame]:
        slices = resolve_slices(self.runner, filters)
        current = period_counts(self.runner, period, slices)
        previous = period_counts(self.runner, comparison, slices) if comparison else None
        trend = trend_table(self.runner, period, slices, trend_grain(period))
        sparklines = {name: trend[name].to_list() for name in SPARKLINE_COLUMNS}
        sparklines["active_customers"] = sparklines.pop("active_end")
        tiles = [t for t in build_tiles(current, previous, sparklines) if self.shows(t.kpi)]
        return tiles, trend


def engine_for_tables(tables: dict[str, pl.DataFrame], name: str) -> Engine:
    """An engine over frames already in memory and already valid (the sample, while it is made)."""
    data = DataSet(Path(name), DatasetMeta(name=name), tables=tables)
    return Engine(data, QueryRunner(build_database(data)))


def open_engine(directory: Path) -> Engine:
    data = load_dataset(Path(directory))
    return Engine(data, QueryRunner(build_database(data)) if data.ok else None)
