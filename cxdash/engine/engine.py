"""One open data dir: what is known about its data, its database and the questions pages ask of it.

Built once per data dir and process (the app keeps it in `st.cache_resource`); read-only afterwards. It
holds no data frame: the rows live in the database, the summary in `data` (a `DatasetInfo`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import polars as pl

from cxdash.engine.catalog import QueryRunner
from cxdash.engine.database import build_database, lock, open_database, read_info
from cxdash.engine.info import DatasetInfo
from cxdash.figures.counts import Filters, PeriodCounts, kpi_values, period_counts, resolve_slices
from cxdash.figures.periods import Period, trend_grain
from cxdash.figures.registry import Kpi
from cxdash.ingest.datadir import DatasetMeta
from cxdash.ingest.loading import DataSet
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
    data: DatasetInfo
    runner: QueryRunner | None

    @property
    def tables(self) -> set[str]:
        return set(self.data.tables)

    @property
    def survey_metrics(self) -> frozenset[str]:
        return self.data.survey_metrics

    def shows(self, kpi: Kpi) -> bool:
        """Whether this data can give the KPI at all: its table exists, and for surveys, its metric."""
        return kpi.table in self.tables and (not kpi.survey or kpi.name in self.survey_metrics)

    def run(self, name: str, **params: object) -> pl.DataFrame:
        return self.runner.run(name, **params)

    @property
    def dimensions(self) -> dict[str, list[str]]:
        """Each filterable customer dimension with its values, for the filter bar."""
        return self.data.dimensions

    @cached_property
    def _all_slices(self) -> list[int]:
        return resolve_slices(self.runner, Filters())

    def slices(self, filters: Filters) -> list[int]:
        """The slice ids every filterable query binds as `slices`: all of them, 0 (no known customer)
        included, when nothing is chosen; else only the customer slices matching every chosen dimension."""
        return resolve_slices(self.runner, filters) if filters.active() else self._all_slices

    def counts(self, period: Period, filters: Filters) -> PeriodCounts:
        return period_counts(self.runner, period, self.slices(filters))

    def kpis(self, period: Period, filters: Filters) -> dict[str, float | int | None]:
        return kpi_values(self.counts(period, filters))

    def trend(self, period: Period, filters: Filters, grain: str | None = None) -> pl.DataFrame:
        return trend_table(self.runner, period, self.slices(filters), grain or trend_grain(period))

    def tiles(self, period: Period, comparison: Period | None, filters: Filters) -> tuple[list[Tile], pl.DataFrame]:
        slices = self.slices(filters)
        current = period_counts(self.runner, period, slices)
        previous = period_counts(self.runner, comparison, slices) if comparison else None
        trend = trend_table(self.runner, period, slices, trend_grain(period))
        sparklines = {name: trend[name].to_list() for name in SPARKLINE_COLUMNS}
        sparklines["active_customers"] = sparklines.pop("active_end")
        tiles = [t for t in build_tiles(current, previous, sparklines) if self.shows(t.kpi)]
        return tiles, trend


def engine_for_dataset(data: DataSet) -> Engine:
    """An engine over data already loaded, its database in memory (nothing cached)."""
    con = lock(build_database(data))
    return Engine(read_info(con), QueryRunner(con) if data.ok else None)


def engine_for_tables(tables: dict[str, pl.DataFrame], name: str) -> Engine:
    """An engine over frames already in memory and already valid (the sample, while it is made)."""
    return engine_for_dataset(DataSet(Path(name), DatasetMeta(name=name), tables=tables))


def open_engine(directory: Path) -> Engine:
    """The engine of a data dir, its database opened read-only from the cache (built there if need be)."""
    return Engine(*open_database(Path(directory)))
