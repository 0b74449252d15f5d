"""What the app knows about a data dir without its rows: sizes, dates, metrics, dimensions, problems.

Worked out once, when the database is built, and stored in it as JSON (table `dataset_info`), so a warm
start neither reads nor validates the data files again and no polars frame is kept.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import date, datetime
from pathlib import Path

import polars as pl

from cxdash.figures.windows import data_spans
from cxdash.ingest.datadir import DatasetMeta
from cxdash.ingest.loading import DataSet
from cxdash.ingest.problems import Problem, errors


@dataclass(frozen=True)
class TableInfo:
    height: int  # rows (named as polars names it, so code written for frames reads it unchanged)
    dates: dict[str, tuple[date | None, date | None]]  # each date or timestamp column: first and last day


@dataclass(frozen=True)
class DatasetInfo:
    directory: Path
    meta: DatasetMeta
    tables: dict[str, TableInfo]  # only the tables the data dir holds
    problems: list[Problem]
    survey_metrics: frozenset[str]
    dimensions: dict[str, list[str]]  # each filterable customer dimension with its values, sorted
    as_of: date | None
    first_date: date | None
    spans: dict[str, tuple[date, date]]  # first and last day of each measure (figures/windows.py)
    journey: dict[str, list[str]]  # survey journey_stage, touchpoint and channel: the values given, sorted

    @property
    def ok(self) -> bool:
        return not errors(self.problems)

    def to_json(self) -> str:
        raw = asdict(self) | {
            "directory": str(self.directory),
            "survey_metrics": sorted(self.survey_metrics),
            "meta": self.meta.model_dump(mode="json"),
        }
        return json.dumps(raw, default=date.isoformat)

    @classmethod
    def from_json(cls, text: str) -> DatasetInfo:
        raw = json.loads(text)
        day = lambda v: None if v is None else date.fromisoformat(v)  # noqa: E731
        tables = {
            name: TableInfo(t["height"], {c: (day(lo), day(hi)) for c, (lo, hi) in t["dates"].items()})
            for name, t in raw["tables"].items()
        }
        problems = [
            Problem(**p | {"rows": tuple(p["rows"]), "examples": tuple(p["examples"])}) for p in raw["problems"]
        ]
        return cls(
            directory=Path(raw["directory"]),
            meta=DatasetMeta(**raw["meta"]),
            tables=tables,
            problems=problems,
            survey_metrics=frozenset(raw["survey_metrics"]),
            dimensions=raw["dimensions"],
            as_of=day(raw["as_of"]),
            first_date=day(raw["first_date"]),
            spans={measure: (day(first), day(last)) for measure, (first, last) in raw["spans"].items()},
            journey=raw["journey"],
        )


def _as_date(value: date | datetime | None) -> date | None:
    return value.date() if isinstance(value, datetime) else value


def _table_info(frame: pl.DataFrame) -> TableInfo:
    columns = [name for name, dtype in frame.schema.items() if dtype in (pl.Date, pl.Datetime)]
    return TableInfo(frame.height, {c: (_as_date(frame[c].min()), _as_date(frame[c].max())) for c in columns})


JOURNEY_COLUMNS = ("journey_stage", "touchpoint", "channel")


def journey_values(responses: pl.DataFrame | None) -> dict[str, list[str]]:
    """The values of the survey's optional journey columns, for the journey filters (empty lists when the
    data has no survey table or leaves a column empty)."""
    if responses is None:
        return {column: [] for column in JOURNEY_COLUMNS}
    return {column: sorted(responses[column].drop_nulls().unique().to_list()) for column in JOURNEY_COLUMNS}


def dataset_info(data: DataSet, dimension_values: pl.DataFrame) -> DatasetInfo:
    """The summary of a loaded data dir; `dimension_values` is the long (customer_id, dim, value) frame."""
    responses = data.tables.get("survey_responses")
    dimensions = {
        dim: sorted(group["value"].unique().to_list())
        for (dim,), group in dimension_values.group_by("dim", maintain_order=True)
    }
    return DatasetInfo(
        directory=data.directory,
        meta=data.meta,
        tables={name: _table_info(frame) for name, frame in data.tables.items()},
        problems=data.problems,
        survey_metrics=frozenset(responses["metric"].unique().to_list()) if responses is not None else frozenset(),
        dimensions=dimensions,
        as_of=data.as_of,
        first_date=data.first_date,
        spans=data_spans(data.tables),
        journey=journey_values(responses),
    )
