"""An explorer question that proved useful, saved as `queries/NAME.sql` with its contract.

The contract comes from the answer: its columns with their types (only the catalog's five; anything else
is refused with the CAST that fixes it), `params: {}` (ad-hoc SQL binds none), and one example worked out
by running the query on tables with no rows, for the analyst to replace with rows worked out by hand.
Never over an existing file; the saved pair is read back by the catalog, so it is valid once written.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import polars as pl
import sqlglot
import yaml
from sqlglot import exp

from cxdash.analyst.new_page import check_name
from cxdash.engine.catalog import COLUMN_TYPES, Example, Query, parse_query
from cxdash.engine.examples import run_example
from cxdash.engine.sandbox import check_statement
from cxdash.paths import QUERY_DIR


class CannotSave(ValueError):
    """Why this SQL cannot be a query file yet, and what to change."""


def contract_types(schema: pl.Schema) -> dict[str, str]:
    """Each column's contract type; `CannotSave` names a column of another type and the CAST it needs."""
    kinds = {dtype: kind for kind, dtype in COLUMN_TYPES.items()}
    found = {}
    for name, dtype in schema.items():
        kind = kinds.get(dtype)
        if kind is None:
            raise CannotSave(f"column {name!r} is {dtype}: write CAST(... AS {_cast(dtype)}) AS {name} in the SELECT")
        found[name] = kind
    return found


def _cast(dtype: pl.DataType) -> str:
    if dtype.is_integer() or (isinstance(dtype, pl.Decimal) and dtype.scale == 0):  # SUM of integers
        return "BIGINT"
    if dtype.is_numeric():
        return "DOUBLE"
    return "DATE" if dtype.is_temporal() else "VARCHAR"


def _tree(sql: str) -> exp.Expression:
    """The SQL as sqlglot reads it: what the Spark engine translates, so SQL it cannot read cannot be saved."""
    try:
        return sqlglot.parse_one(sql, read="duckdb")
    except sqlglot.errors.ParseError as error:
        raise CannotSave(f"this SQL would not translate to Spark ({str(error).splitlines()[0]})") from None


def is_one_row(tree: exp.Expression) -> bool:
    """An aggregate with no GROUP BY: one row always, so it needs no ORDER BY."""
    return (
        isinstance(tree, exp.Select)
        and not tree.args.get("group")
        and all(e.find(exp.AggFunc) for e in tree.expressions)
    )


def save_query(name: str, sql: str, description: str, schema: pl.Schema, directory: Path = QUERY_DIR) -> Query:
    """Write NAME.sql and NAME.yaml; returns the query as the catalog reads it."""
    check_name(name)
    check_statement(sql)
    text = sql.strip().rstrip(";").strip() + "\n"
    tree = _tree(text)
    one_row = is_one_row(tree)
    if not one_row and tree.args.get("order") is None:
        raise CannotSave("end the query with an ORDER BY: tables and charts show rows in that order")
    columns = contract_types(schema)
    paths = [directory / f"{name}.sql", directory / f"{name}.yaml"]
    if existing := [p for p in paths if p.exists()]:
        raise CannotSave(f"{existing[0].name} already exists in {directory.name}/: choose another name")
    draft = Query(name, paths[0], text, description, {}, columns, (), one_row)
    empty = Example("no rows in any table", {}, {}, [])
    try:
        expect = run_example(draft, empty).to_dicts()
    except (duckdb.Error, ValueError) as error:
        raise CannotSave(f"the query does not run on the data's tables alone: {error}") from None
    contract = {
        "description": description.strip() or f"{name}, saved from the SQL explorer",
        **({"one_row": True} if one_row else {}),
        "params": {},
        "columns": columns,
        "examples": [{"name": empty.name, "given": {}, "params": {}, "expect": expect}],
    }
    header = "# Saved from the SQL explorer. Replace the example with a few rows worked out by hand.\n"
    with paths[0].open("x", encoding="utf-8") as out:
        out.write(text)
    with paths[1].open("x", encoding="utf-8") as out:
        out.write(header + yaml.safe_dump(contract, sort_keys=False, allow_unicode=True))
    return parse_query(paths[0])
