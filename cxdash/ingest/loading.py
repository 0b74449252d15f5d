"""Loading a data dir into validated polars frames, with every problem found on the way."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property
from pathlib import Path

import polars as pl

from cxdash.ingest.contracts import TABLES
from cxdash.ingest.datadir import DatasetMeta
from cxdash.ingest.goals import Goal, read_goals
from cxdash.ingest.problems import Problem, errors
from cxdash.ingest.reading import find_table_file, read_table_file
from cxdash.ingest.validation import ROW, check_references, validate_table

DATE_COLUMNS = (
    ("customers", "signup_date"),
    ("customers", "churn_date"),
    ("orders", "order_date"),
    ("survey_responses", "responded_at"),
)


@dataclass
class DataSet:
    directory: Path
    meta: DatasetMeta
    tables: dict[str, pl.DataFrame] = field(default_factory=dict)
    goals: list[Goal] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not errors(self.problems)

    def _dates(self, pick: str) -> list[date]:
        found = [
            getattr(frame[column], pick)()
            for name, column in DATE_COLUMNS
            if (frame := self.tables.get(name)) is not None and frame.height
        ]
        return [d.date() if isinstance(d, datetime) else d for d in found if d is not None]

    @cached_property
    def as_of(self) -> date | None:
        """The user's as_of if set, else the latest date in any table."""
        if self.meta.as_of:
            return date.fromisoformat(self.meta.as_of)
        latest = self._dates("max")
        return max(latest) if latest else None

    @cached_property
    def first_date(self) -> date | None:
        earliest = self._dates("min")
        return min(earliest) if earliest else None


def load_dataset(directory: Path) -> DataSet:
    directory = Path(directory)
    meta = DatasetMeta.read(directory) if directory.is_dir() else DatasetMeta(name=directory.name)
    data = DataSet(directory, meta)
    typed_tables: dict[str, pl.DataFrame] = {}
    if not directory.is_dir():
        data.problems.append(Problem(str(directory), "no such data directory"))
        return data
    for name, contract in TABLES.items():
        path = find_table_file(directory, name)
        if path is None:
            continue
        raw, problems = read_table_file(path)
        if raw is not None:
            typed, found = validate_table(raw, contract, path.name)
            problems += found
            if ROW in typed.columns:
                typed_tables[name] = typed
        data.problems += problems
    if not any(find_table_file(directory, name) for name in TABLES):
        files = ", ".join(f"{name}.csv/.parquet" for name in TABLES)
        data.problems.append(Problem(directory.name, f"no data files found; expected at least one of {files}"))
    data.problems += _reference_problems(typed_tables, directory)
    goals, goal_problems = read_goals(directory)
    data.goals, data.problems = goals, data.problems + goal_problems
    failed = {p.file for p in errors(data.problems)}
    data.tables = {
        name: frame.drop(ROW)
        for name, frame in typed_tables.items()
        if find_table_file(directory, name).name not in failed
    }
    return data


def _reference_problems(tables: dict[str, pl.DataFrame], directory: Path) -> list[Problem]:
    customers = tables.get("customers")
    if customers is None:
        return []
    parent = find_table_file(directory, "customers").name
    found = []
    for name in ("orders", "survey_responses"):
        if name in tables:
            found += check_references(
                tables[name], customers["customer_id"], find_table_file(directory, name).name, parent
            )
    return found


def validate_dir(directory: Path) -> list[Problem]:
    return load_dataset(directory).problems
