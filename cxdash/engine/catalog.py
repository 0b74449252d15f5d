"""The query catalog: every `queries/*.sql` file, its declared params and columns, and `run`.

Each file starts with a comment block:
    -- returns: what one row is
    -- params: name (type), ...        (optional)
    -- columns: a, b, c
Parameters are always bound by DuckDB (`$name`); nothing is formatted into SQL text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import duckdb
import polars as pl

from cxdash.paths import QUERY_DIR

_PARAM = re.compile(r"\$([a-z_][a-z0-9_]*)")


@dataclass(frozen=True)
class Query:
    name: str
    sql: str
    returns: str
    params: tuple[str, ...]
    columns: tuple[str, ...]


def _header(sql: str, key: str) -> str:
    lines = sql.splitlines()
    for i, line in enumerate(lines):
        if line.startswith(f"-- {key}:"):
            text = line.split(":", 1)[1].strip()
            for more in lines[i + 1 :]:
                if not more.startswith("--   "):
                    break
                text += " " + more[2:].strip()
            return text
    return ""


def parse_query(path: Path) -> Query:
    sql = path.read_text(encoding="utf-8")
    declared = _header(sql, "params")
    params = tuple(re.sub(r"\([^)]*\)", "", declared).replace(" ", "").split(",")) if declared else ()
    columns = tuple(c.strip() for c in _header(sql, "columns").split(",") if c.strip())
    return Query(path.stem, sql, _header(sql, "returns"), params, columns)


@cache
def catalog(directory: Path = QUERY_DIR) -> dict[str, Query]:
    return {p.stem: parse_query(p) for p in sorted(Path(directory).glob("*.sql"))}


def used_params(sql: str) -> set[str]:
    body = "\n".join(line for line in sql.splitlines() if not line.lstrip().startswith("--"))
    return set(_PARAM.findall(body))


class QueryRunner:
    """Runs catalog queries on one database; a cursor per call, so threads never share a connection."""

    def __init__(self, con: duckdb.DuckDBPyConnection, queries: dict[str, Query] | None = None):
        self.con = con
        self.queries = queries if queries is not None else catalog()

    def run(self, name: str, **params: object) -> pl.DataFrame:
        query = self.queries.get(name)
        if query is None:
            raise KeyError(f"no query named {name!r} in queries/ (known: {', '.join(sorted(self.queries))})")
        if set(params) != set(query.params):
            raise TypeError(f"query {name!r} takes params {sorted(query.params)}, got {sorted(params)}")
        cursor = self.con.cursor()
        try:
            return cursor.sql(query.sql, params=params).pl()
        finally:
            cursor.close()
