"""Applying a mapping: the user's files renamed onto the contracts, checked, and written as a new data dir.

Source files are only read; a data dir is written only when the mapped tables pass the same checks as
`check`, so the errors name the user's own file, column and rows.
"""

from __future__ import annotations

import re
import shutil
import uuid
from pathlib import Path

import polars as pl

from cxdash.ingest.contracts import POLARS_TYPES, SCORE_RANGES, TABLES
from cxdash.ingest.datadir import DatasetMeta, write_datadir
from cxdash.ingest.loading import validate_dir
from cxdash.ingest.mapping.model import Mapping, TableMapping
from cxdash.ingest.mapping.read import read_upload
from cxdash.ingest.problems import Problem, errors
from cxdash.ingest.validation import ROW, check_references, validate_table

MAPPING_FILE = "mapping.yaml"  # written into each new data dir, so its origin can be rerun
RESERVED = {ROW, "slice_id"}  # names the loader and database use for themselves


def snake(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", name.strip().lower()).strip("_")


def mapping_problems(frame: pl.DataFrame, mapping: TableMapping) -> list[Problem]:
    """Source columns the mapping names but the file lacks, and required columns left without a source."""
    found = ", ".join(frame.columns[:12]) + (", …" if frame.width > 12 else "")
    problems = []
    for column in TABLES[mapping.table].columns:
        source = mapping.source_for(column.name)
        if source is not None and source not in frame.columns:
            problems.append(
                Problem(
                    mapping.file,
                    f"column '{source}' chosen for {mapping.table}.{column.name} is not in the file (found: {found})",
                    column=source,
                )
            )
        elif source is None and column.name not in mapping.constants and not column.nullable:
            problems.append(
                Problem(
                    mapping.file,
                    f"no column chosen for the required {mapping.table}.{column.name} (found: {found})",
                    column=column.name,
                )
            )
    if mapping.table == "survey_responses" and "metric" in mapping.constants:
        value = mapping.constants["metric"]
        if value not in SCORE_RANGES:
            problems.append(
                Problem(mapping.file, f"constant metric '{value}' is not one of {', '.join(SCORE_RANGES)}", "metric")
            )
    return problems


def apply_mapping(frame: pl.DataFrame, mapping: TableMapping) -> pl.DataFrame:
    """Contract columns first (renamed, constant, or null when not in the source), then the other source
    columns as snake_case extras. Returns a new frame; the input and its file are left as they are."""
    contract = TABLES[mapping.table]
    selected = []
    for column in contract.columns:
        source = mapping.source_for(column.name)
        if column.name in mapping.constants:
            selected.append(pl.lit(mapping.constants[column.name], dtype=pl.String).alias(column.name))
        elif source is not None and source in frame.columns:
            selected.append(pl.col(source).alias(column.name))
        elif column.nullable:
            selected.append(pl.lit(None, dtype=POLARS_TYPES[column.kind]).alias(column.name))
    used = {s for s in mapping.columns.values() if s} | set(mapping.leave_out)
    taken = set(contract.column_names) | RESERVED
    for source in frame.columns:
        if source in used:
            continue
        name = base = snake(source) or "column"
        n = 1
        while name in taken:
            n += 1
            name = f"{base}_{n}"
        taken.add(name)
        selected.append(pl.col(source).alias(name))
    return frame.select(selected)


def map_tables(
    files: dict[str, bytes], mapping: Mapping
) -> tuple[dict[str, pl.DataFrame], dict[str, list[str]], list[Problem]]:
    """Typed contract tables from the files, the source columns each lacked, and every problem found."""
    tables: dict[str, pl.DataFrame] = {}
    empty: dict[str, list[str]] = {}
    problems: list[Problem] = []
    for table, tm in mapping.tables.items():
        if tm.file not in files:
            given = ", ".join(files) or "none"
            problems.append(
                Problem(tm.file, f"the mapping reads {table} from this file, but it was not given ({given})")
            )
            continue
        frame, found = read_upload(tm.file, files[tm.file])
        problems += found
        if frame is None:
            continue
        found = mapping_problems(frame, tm)
        problems += found
        if found:
            continue
        typed, found = validate_table(apply_mapping(frame, tm), TABLES[table], tm.file)
        problems += found
        if ROW in typed.columns:
            tables[table] = typed
            empty[table] = [c for c in TABLES[table].column_names if tm.source_for(c) is None and c not in tm.constants]
    if "customers" in tables:
        parent = mapping.tables["customers"].file
        for child in ("orders", "survey_responses"):
            if child in tables:
                problems += check_references(
                    tables[child], tables["customers"]["customer_id"], mapping.tables[child].file, parent
                )
    return {t: f.drop(ROW) for t, f in tables.items()}, empty, problems


def _meta(mapping: Mapping, name: str, empty: dict[str, list[str]]) -> DatasetMeta:
    assumptions = [
        f"Every row of {tm.file} has {tm.table}.{column} = '{value}' (set in the mapping)."
        for tm in mapping.tables.values()
        for column, value in tm.constants.items()
    ]
    blank = [f"{t}.{c}" for t, columns in empty.items() for c in columns]
    if blank:
        assumptions.append(f"Left empty, no column in the files: {', '.join(blank)}.")
    files = ", ".join(dict.fromkeys(tm.file for tm in mapping.tables.values()))
    return DatasetMeta(
        name=name,
        description="The user's own files, mapped onto the data contracts.",
        source=f"{files} (mapping in {MAPPING_FILE})",
        assumptions=assumptions,
    )


def build_datadir(files: dict[str, bytes], mapping: Mapping, out: Path, name: str) -> list[Problem]:
    """Map and validate the files, then write a new data dir at `out`; with any error nothing is written.

    The tables are checked in memory first (problems name the source files), written to a hidden sibling
    folder, checked again as a data dir and only then moved into place, so `out` is never half written.
    """
    out = Path(out)
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        return [Problem(str(out), "already exists and is not empty; choose a new name (nothing was written)")]
    tables, empty, problems = map_tables(files, mapping)
    if errors(problems):
        return problems
    if not tables:
        return [*problems, Problem(name, "the mapping holds no table to write")]
    staging = out.parent / f".{out.name}.partial-{uuid.uuid4().hex[:8]}"
    try:
        write_datadir(staging, tables, _meta(mapping, name, empty))
        (staging / MAPPING_FILE).write_text(mapping.to_yaml(), encoding="utf-8")
        final = errors(validate_dir(staging))
        if final:
            return [*problems, *final]
        if out.exists():
            out.rmdir()
        staging.rename(out)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return problems
