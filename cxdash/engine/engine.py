"""One open data dir: what is known about its data, its database and the questions pages ask of it.

Built once per data dir and process (the app keeps it in `st.cache_resource`); read-only afterwards. It
holds no data frame: the rows live in the database, the summary in `data` (a `DatasetInfo`). The engine
only routes: figures come from the KPI registry, tiles and trends from `cxdash.overview`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import Any

import polars as pl

from cxdash.engine.catalog import QueryRunner
from cxdash.engine.database import build_database, lock, open_database, read_info
from cxdash.engine.info import DatasetInfo
from cxdash.figures import metrics
from cxdash.figures.counts import Counts, Filters, counts_from_rows
from cxdash.figures.periods import (
    Period,
    comparison_label,
    comparison_period,
    default_preset,
    is_rolling,
    preset_period,
    trend_grain,
)
from cxdash.figures.registry import KPI_BY_NAME, KPIS, Kpi
from cxdash.figures.windows import Window, observed_windows, report_end
from cxdash.ingest.datadir import DatasetMeta
from cxdash.ingest.loading import DataSet
from cxdash.overview.tiles import Tile, build_tiles, unobserved
from cxdash.overview.trends import bucket_counts, sparklines, to_date_counts, trend_table

# DESIGN.md's contract for `kpis`, then the two KPIs the screen also shows
CLI_KEYS = (
    "active_start",
    "churned",
    "churn_rate",
    "new_customers",
    "revenue",
    "orders",
    "aov",
    "nps",
    "nps_n",
    "nps_moe95",
    "csat",
    "csat_n",
    "ces",
    "ces_n",
)
KPI_KEYS = (*CLI_KEYS, "retention_rate", "active_customers")
COUNTED_TABLES = ("customers", "orders", "survey_responses")


@dataclass(frozen=True)
class Overview:
    tiles: list[Tile]
    trend: pl.DataFrame  # trends.trend_table of the period


@dataclass
class Engine:
    data: DatasetInfo
    runner: QueryRunner | None

    @property
    def meta(self) -> DatasetMeta:
        return self.data.meta

    @property
    def tables(self) -> set[str]:
        return set(self.data.tables)

    @property
    def survey_metrics(self) -> frozenset[str]:
        return self.data.survey_metrics

    @cached_property
    def windows(self) -> dict[str, Window]:
        return observed_windows(self.data.spans, self.meta.observed)

    @cached_property
    def report_end(self) -> date | None:
        """The day presets end on: the last day every current measure was observed."""
        return report_end(self.windows, self.data.as_of) if self.data.as_of else None

    def default_view(self, comparison_name: str = "Previous period") -> tuple[str, Period, Period | None, str | None]:
        """The dashboard's first view: the latest full month the data covers (else all of it), its preset,
        the comparison people mean, and that comparison in words."""
        end = self.report_end or date.today()
        first = self.data.first_date or end
        preset = default_preset(first, end)
        period = preset_period(preset, end, first)
        comparison = comparison_period(period, comparison_name, preset)
        return preset, period, comparison, comparison_label(comparison, is_rolling(period, comparison_name, preset))

    def shows(self, kpi: Kpi) -> bool:
        """Whether this data can give the KPI at all: its table exists, and for surveys, its metric."""
        return kpi.table in self.tables and (not kpi.survey or kpi.name in self.survey_metrics)

    @property
    def kpis_shown(self) -> tuple[Kpi, ...]:
        return tuple(k for k in KPIS if self.shows(k))

    @property
    def dimensions(self) -> dict[str, list[str]]:
        """Each filterable customer dimension with its values, for the filter bar."""
        return self.data.dimensions

    def run(self, name: str, **params: object) -> pl.DataFrame:
        return self.runner.run(name, **params)

    @cached_property
    def _all_slices(self) -> list[int]:
        return self.run("all_slices")["slice_id"].to_list()

    def slices(self, filters: Filters) -> list[int]:
        """The slice ids every filterable query binds as `slices`: all of them, 0 (no known customer)
        included, when nothing is chosen; else only the customer slices matching every chosen dimension."""
        chosen = filters.active()
        if not chosen:
            return self._all_slices
        choices = [f"{dim}={value}" for dim, values in chosen.items() for value in values]
        return self.run("filter_slices", choices=choices)["slice_id"].to_list()

    def run_for(self, name: str, period: Period, filters: Filters, **params: Any) -> pl.DataFrame:
        """Run a query with the view's period and filters bound to whichever of `start`, `end` and
        `slices` it declares: the one call an analyst's page needs."""
        declared = self.runner.queries[name].params
        view = {"start": period.start, "end": period.end, "slices": None}
        bound = {key: value for key, value in view.items() if key in declared}
        if "slices" in bound:
            bound["slices"] = self.slices(filters)
        return self.run(name, **bound, **params)

    def counts(self, period: Period, slices: list[int], tables: tuple[str, ...] = COUNTED_TABLES) -> Counts:
        """The sums behind every KPI; only those of `tables` (the rest zero) where a caller needs one KPI."""
        params = {"start": period.start, "end": period.end, "slices": slices}
        return counts_from_rows(
            period,
            self.run("period_customers", **params).row(0, named=True) if "customers" in tables else None,
            self.run("period_orders", **params).row(0, named=True) if "orders" in tables else None,
            list(self.run("period_responses", **params).iter_rows(named=True)) if "survey_responses" in tables else [],
        )

    def kpis(self, period: Period, filters: Filters) -> dict[str, float | int | None]:
        """The CLI `kpis` figures: null where the data has no such table or did not observe the period."""
        counts = self.counts(period, self.slices(filters))
        values: dict[str, float | int | None] = {
            name: kpi.value(counts) if self.shows(kpi) and not unobserved(kpi, period, self.windows) else None
            for name, kpi in KPI_BY_NAME.items()
        }
        values |= {"active_start": counts.active_start, "churned": counts.churned}
        for metric in ("nps", "csat", "ces"):
            values[f"{metric}_n"] = int(counts.survey(metric)["n"])
        nps = counts.survey("nps")
        values["nps_moe95"] = metrics.nps_half_width(int(nps["promoters"]), int(nps["detractors"]), int(nps["n"]))
        return {key: values[key] for key in KPI_KEYS}

    def trend(self, period: Period, filters: Filters, grain: str | None = None) -> pl.DataFrame:
        buckets = bucket_counts(self.runner, period, self.slices(filters), grain or trend_grain(period))
        return trend_table(buckets, self.windows, self.kpis_shown)

    def overview(self, period: Period, comparison: Period | None, filters: Filters) -> Overview:
        slices = self.slices(filters)
        current = self.counts(period, slices)
        previous = self.counts(comparison, slices) if comparison else None
        buckets = bucket_counts(self.runner, period, slices, trend_grain(period))
        trend = trend_table(buckets, self.windows, self.kpis_shown)
        to_date = to_date_counts(self.runner, current, slices, [counts for counts, _ in buckets])
        lines = sparklines(trend, to_date, self.windows, self.kpis_shown)
        return Overview(build_tiles(current, previous, self.windows, lines, self.kpis_shown), trend)


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
