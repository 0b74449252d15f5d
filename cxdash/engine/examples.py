"""Running a sidecar's examples: its `given` rows as typed tables, its `expect` rows compared with a result.

Engine-neutral on purpose: DuckDB runs them here (`run_example`), and the Spark engine loads the same
`example_tables` and checks its result with the same `mismatches`.
"""

from __future__ import annotations

import math
from datetime import date, datetime

import duckdb
import polars as pl

from cxdash.engine.catalog import Example, Query, build_steps, check_params, shown
from cxdash.engine.inputs import input_schemas

TOLERANCE = 1e-9


def table_schemas() -> dict[str, pl.Schema]:
    """Every table a query may read: the inputs and each build table."""
    return input_schemas() | {q.name: q.schema for q in build_steps()}


def example_tables(query: Query, example: Example) -> dict[str, pl.DataFrame]:
    """Every known table, typed: the example's rows where it gives some, else empty."""
    schemas = table_schemas()
    where = f"{shown(query.path.with_suffix('.yaml'))}: example {example.name!r}"
    if unknown := set(example.given) - set(schemas):
        raise ValueError(f"{where} gives unknown table(s) {sorted(unknown)}")
    frames = {}
    for name, schema in schemas.items():
        rows = example.given.get(name) or []
        if unknown := {column for row in rows for column in row} - set(schema):
            raise ValueError(f"{where}: {name} has no column(s) {sorted(unknown)}")
        frames[name] = pl.DataFrame(
            [{column: row.get(column) for column in schema} for row in rows], schema=schema, strict=False
        )
    return frames


def run_example(query: Query, example: Example) -> pl.DataFrame:
    """The query on a fresh in-memory DuckDB holding only the example's tables."""
    con = duckdb.connect(":memory:")
    try:
        for name, frame in example_tables(query, example).items():
            con.register("example_rows", frame)
            con.execute(f'CREATE TABLE "{name}" AS SELECT * FROM example_rows')  # name from our own schemas
            con.unregister("example_rows")
        return con.sql(query.sql, params=check_params(query, example.params)).pl()
    finally:
        con.close()


def _same(kind: str, want: object, got: object) -> bool:
    if want is None or got is None:
        return want is None and got is None
    if kind == "double":
        return math.isclose(float(want), float(got), rel_tol=TOLERANCE, abs_tol=TOLERANCE)
    if kind == "date" and isinstance(got, datetime):
        return False  # a timestamp where a date was declared
    if kind == "date" and isinstance(want, str):
        return date.fromisoformat(want) == got
    return want == got and isinstance(want, bool) == isinstance(got, bool)


def mismatches(query: Query, example: Example, result: pl.DataFrame) -> list[str]:
    """How a result differs from what the example expects (empty when it matches)."""
    if list(result.columns) != list(query.columns):
        return [f"columns {result.columns}, declared {list(query.columns)}"]
    rows = result.rows(named=True)
    if len(rows) != len(example.expect):
        return [f"{len(rows)} rows, expected {len(example.expect)}: got {rows}"]
    return [
        f"row {i + 1}, {column}: got {got[column]!r}, expected {want[column]!r}"
        for i, (want, got) in enumerate(zip(example.expect, rows, strict=True))
        for column, kind in query.columns.items()
        if not _same(kind, want[column], got[column])
    ]
