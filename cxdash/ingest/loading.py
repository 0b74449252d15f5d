"""Loading a data dir into validated polars frames, with every problem found on the way."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property
from pathlib import Path

import polars as pl

from cxdash.ingest.config import DatasetMeta, read_dataset_meta
from cxdash.ingest.contracts import TABLES
from cxdash.ingest.goals import read_goals
from cxdash.ingest.problems import Problem, errors
from cxdash.ingest.reading import find_table_files, read_table_file
from cxdash.ingest.validation import ROW, check_references, validate_table

DATE_COLUMNS = (
    ("customers", "signup_date"),
    ("customers", "churn_date"),
    ("orders", "order_date"),
    ("survey_responses", "responded_at"),
    ("journey_events", "timestamp"),
)


@dataclass
class DataSet:
    directory: Path
    meta: DatasetMeta
    tables: dict[str, pl.DataFrame] = field(default_factory=dict)
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
            return self.meta.as_of
        latest = self._dates("max")
        return max(latest) if latest else None

    @cached_property
    def first_date(self) -> date | None:
        earliest = self._dates("min")
        return min(earliest) if earliest else None


def _table_file(directory: Path, table: str) -> tuple[Path | None, list[Problem]]:
    """The one file holding `table`, or the error that two files claim it (neither is read)."""
    found = find_table_files(directory, table)
    if len(found) > 1:
        names = " and ".join(p.name for p in found)
        return None, [Problem(found[0].name, f"{names} both hold {table}; keep one of them")]
    return (found[0] if found else None), []


def load_dataset(directory: Path) -> DataSet:
    directory = Path(directory)
    if not directory.is_dir():
        data = DataSet(directory, DatasetMeta(name=directory.name))
        data.problems.append(Problem(str(directory), "no such data directory"))
        return data
    meta, problems = read_dataset_meta(directory)
    data = DataSet(directory, meta, problems=problems)
    files: dict[str, Path] = {}
    typed_tables: dict[str, pl.DataFrame] = {}
    for name, contract in TABLES.items():
        path, problems = _table_file(directory, name)
        data.problems += problems
        if path is None:
            continue
        files[name] = path
        raw, problems = read_table_file(path)
        if raw is not None:
            typed, found = validate_table(raw, contract, path.name)
            problems += found
            if ROW in typed.columns:
                typed_tables[name] = typed
        data.problems += problems
    if not any(find_table_files(directory, name) for name in TABLES):
        expected = ", ".join(f"{name}.csv/.parquet" for name in TABLES)
        data.problems.append(Problem(directory.name, f"no data files found; expected at least one of {expected}"))
    data.problems += _reference_problems(typed_tables, files)
    failed = {p.file for p in errors(data.problems)}
    data.tables = {name: frame.drop(ROW) for name, frame in typed_tables.items() if files[name].name not in failed}
    return data


def _reference_problems(tables: dict[str, pl.DataFrame], files: dict[str, Path]) -> list[Problem]:
    customers = tables.get("customers")
    if customers is None:
        return []
    found = []
    for name in ("orders", "survey_responses", "journey_events"):
        if name in tables:
            found += check_references(tables[name], customers["customer_id"], files[name].name, files["customers"].name)
    return found


def validate_dir(directory: Path) -> list[Problem]:
    """Every problem `check` prints: the data's, then the goals' (checked against the data's dimensions)."""
    from cxdash.engine.inputs import input_frames  # the dimensions as the database will see them

    data = load_dataset(directory)
    values = input_frames(data.tables)["customer_dimension_values"]
    dimensions = {dim: sorted(g["value"].unique().to_list()) for (dim,), g in values.group_by("dim")}
    return data.problems + read_goals(Path(directory), dimensions if data.ok else None)[1]
