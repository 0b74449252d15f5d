"""Checking tables against the contracts, turning raw frames into typed ones.

Every check reports the file, the column, the first rows and how many rows fail, so a person can find
and fix the value; nothing here writes to the user's files.
"""

from __future__ import annotations

from datetime import date

import polars as pl

from cxdash.ingest.contracts import OUTCOMES, POLARS_TYPES, SCORE_RANGES, Column, TableContract
from cxdash.ingest.problems import MAX_ROWS_SHOWN, Problem

ROW = "__row__"


def _problem(
    frame: pl.DataFrame, mask: pl.Series | pl.Expr, file: str, column: str, message: str, **kw
) -> Problem | None:
    if isinstance(mask, pl.Expr):
        mask = frame.select(mask).to_series()
    if not mask.any():  # the usual case: no copy of a 10M-row frame to find nothing
        return None
    bad = frame.filter(mask)
    if bad.height == 0:
        return None
    examples = ()
    if column in bad.columns:
        examples = tuple(str(v) for v in bad[column].head(MAX_ROWS_SHOWN).to_list())
    return Problem(
        file,
        message,
        column=column,
        rows=tuple(bad[ROW].head(MAX_ROWS_SHOWN).to_list()),
        count=bad.height,
        examples=kw.get("examples", examples),
        severity=kw.get("severity", "error"),
    )


def _parse(values: pl.Series, kind: str) -> pl.Series:
    """Cast a column to its contract type; values that do not parse become null."""
    target = POLARS_TYPES[kind]
    if values.dtype == target:
        return values
    if kind == "string":
        return values.cast(pl.String)
    if kind in ("date", "timestamp") and values.dtype in (pl.Date, pl.Datetime):
        return values.cast(target)
    text = values.cast(pl.String).str.strip_chars()
    if kind == "date":
        return text.str.slice(0, 10).str.to_date("%Y-%m-%d", strict=False)
    if kind == "timestamp":
        full = text.str.to_datetime("%Y-%m-%d %H:%M:%S", strict=False, time_unit="us")
        iso = (
            text.str.replace("T", " ")
            .str.slice(0, 19)
            .str.to_datetime("%Y-%m-%d %H:%M:%S", strict=False, time_unit="us")
        )
        day = text.str.to_date("%Y-%m-%d", strict=False).cast(pl.Datetime("us"))
        return full.fill_null(iso).fill_null(day)
    if kind == "float":
        return text.cast(pl.Float64, strict=False)
    number = text.cast(pl.Float64, strict=False)
    whole = pl.when(number == number.round(0)).then(number.cast(pl.Int64, strict=False))
    return pl.select(whole.alias(values.name)).to_series()


_KIND_WORDS = {
    "date": "an unparsable date (expected YYYY-MM-DD)",
    "timestamp": "an unparsable timestamp (expected YYYY-MM-DD or YYYY-MM-DD HH:MM:SS)",
    "float": "a value that is not a number",
    "int": "a value that is not a whole number",
}


def _check_column(frame: pl.DataFrame, column: Column, file: str) -> tuple[pl.Series, list[Problem]]:
    raw = frame[column.name]
    parsed = _parse(raw, column.kind)
    problems = []
    unparsable = _problem(
        frame, raw.is_not_null() & parsed.is_null(), file, column.name, _KIND_WORDS.get(column.kind, "")
    )
    if unparsable:
        problems.append(unparsable)
    if not column.nullable:
        missing = _problem(frame, raw.is_null(), file, column.name, "missing value in a required column")
        if missing:
            problems.append(missing)
    keys = parsed.drop_nulls() if column.unique else None
    if keys is not None and keys.hash().n_unique() < keys.len():  # distinct hashes prove distinct keys, 8x faster
        duplicated = _problem(frame, parsed.is_duplicated() & parsed.is_not_null(), file, column.name, "duplicate key")
        if duplicated:
            problems.append(duplicated)
    return parsed, problems


def validate_table(raw: pl.DataFrame, contract: TableContract, file: str) -> tuple[pl.DataFrame, list[Problem]]:
    """Typed frame (contract columns first, extras kept) and the problems of this one table.

    A missing optional column is read as all null; a missing required column or a table without rows
    is an error, and then the raw frame comes back without the row numbers the loader looks for.
    """
    missing = [c.name for c in contract.columns if c.name not in raw.columns and not c.optional]
    if missing:
        found = ", ".join(raw.columns[:12])
        return raw, [
            Problem(file, f"missing required column '{name}' (found: {found})", column=name) for name in missing
        ]
    if raw.height == 0:
        return raw, [Problem(file, "has no rows" if file.endswith(".parquet") else "has a header but no rows")]
    absent = [c for c in contract.columns if c.name not in raw.columns]
    raw = raw.with_columns(pl.lit(None, dtype=POLARS_TYPES[c.kind]).alias(c.name) for c in absent)
    frame = raw.with_columns(pl.int_range(1, raw.height + 1, dtype=pl.Int64).alias(ROW))
    problems: list[Problem] = []
    typed = {}
    for column in contract.columns:
        typed[column.name], found = _check_column(frame, column, file)
        problems += found
    extras = [c for c in raw.columns if c not in typed]
    result = frame.with_columns(**typed).select(*contract.column_names, *extras, ROW)
    problems += _table_rules(result, contract.name, file)
    return result, problems


def _table_rules(frame: pl.DataFrame, table: str, file: str) -> list[Problem]:
    checks: list[Problem | None] = []
    if table == "customers":
        checks.append(
            _problem(
                frame,
                frame["churn_date"] < frame["signup_date"],
                file,
                "churn_date",
                "churn_date before signup_date",
            )
        )
        checks.append(
            _problem(
                frame,
                frame["churn_date"] > pl.lit(date.today()),
                file,
                "churn_date",
                "churn_date in the future",
                severity="warning",
            )
        )
    if table == "survey_responses":
        known = frame["metric"].is_in(list(SCORE_RANGES)) | frame["metric"].is_null()
        checks.append(
            _problem(frame, ~known, file, "metric", f"unknown metric (expected one of {', '.join(SCORE_RANGES)})")
        )
        for metric, (low, high) in SCORE_RANGES.items():
            is_metric = frame["metric"] == metric
            out_of_range = is_metric & ((frame["score"] < low) | (frame["score"] > high))
            checks.append(_problem(frame, out_of_range, file, "score", f"{metric} score outside {low}-{high}"))
    if table == "journey_events":
        known = frame["outcome"].is_in(list(OUTCOMES)) | frame["outcome"].is_null()
        checks.append(_problem(frame, ~known, file, "outcome", f"unknown outcome (expected {' or '.join(OUTCOMES)})"))
    return [c for c in checks if c is not None]


def check_references(child: pl.DataFrame, parent_ids: pl.Series, file: str, parent_file: str) -> list[Problem]:
    """Every customer_id of orders, responses or journey events must exist in customers (null allowed for anonymous)."""
    dangling = child["customer_id"].is_not_null() & ~child["customer_id"].is_in(parent_ids.implode())
    found = _problem(child, dangling, file, "customer_id", f"customer_id not found in {parent_file}")
    return [found] if found else []
