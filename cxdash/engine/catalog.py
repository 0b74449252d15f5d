"""The query catalog: every `queries/NAME.sql` with its contract `NAME.yaml`, and `run`.

The sidecar (in the manner of dbt) says what the query returns (`description`), its `params` and
`columns` with their types, and `examples`: a few input rows and the rows expected back, run as tests on
DuckDB and on Spark. Build files (`queries/build/`) may add `depends_on` (build tables they read) and
other queries `one_row: true` (an aggregate with no ORDER BY). Params are always bound (`$name`), never
formatted into SQL text. The catalog is re-read when a file changes, so a new query needs no restart.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path

import duckdb
import polars as pl
import yaml

from cxdash.engine.sql_errors import error_line, located
from cxdash.paths import BUILD_DIR, PROJECT_ROOT, QUERY_DIR

COLUMN_TYPES: dict[str, pl.DataType] = {
    "date": pl.Date(),
    "bigint": pl.Int64(),
    "double": pl.Float64(),
    "string": pl.String(),
    "boolean": pl.Boolean(),
}
PARAM_TYPES = ("date", "int", "string", "list[int]", "list[string]")  # and enum[a,b,...]
_ENUM = re.compile(r"enum\[([a-z0-9_]+(?:,[a-z0-9_]+)*)\]")
_PARAM = re.compile(r"\$([a-z_][a-z0-9_]*)")
_KEYS = {"description", "params", "columns", "examples", "one_row", "depends_on"}
_REQUIRED = ("description", "columns", "examples")
_EXAMPLE_KEYS = {"name", "given", "params", "expect"}


class QueryFileError(ValueError):
    """A query file or its sidecar breaks the contract; the message names the file."""


class QueryFailed(RuntimeError):
    """A query raised in the database; the message names its file and, where DuckDB says, the line."""

    def __init__(self, message: str, path: Path | None = None, line: int | None = None):
        super().__init__(message)
        self.path, self.line = path, line

    @classmethod
    def in_file(cls, path: Path, error: Exception) -> QueryFailed:
        """`queries/x.sql:3: Binder Error: ...`: the file and the line an editor jumps to."""
        line = error_line(error)
        return cls(f"{shown(path)}{f':{line}' if line else ''}: {error}", path, line)


@dataclass(frozen=True)
class Example:
    name: str
    given: dict[str, list[dict]]  # table -> rows
    params: dict[str, object]
    expect: list[dict]  # rows in the query's ORDER BY order


@dataclass(frozen=True)
class Query:
    name: str
    path: Path  # the .sql file
    sql: str
    description: str
    params: dict[str, str]  # name -> type
    columns: dict[str, str]  # name -> type
    examples: tuple[Example, ...]
    one_row: bool = False
    depends_on: tuple[str, ...] = ()

    @property
    def schema(self) -> pl.Schema:
        """The polars types `run` returns."""
        return pl.Schema({name: COLUMN_TYPES[kind] for name, kind in self.columns.items()})


def shown(path: Path) -> str:
    """A path as people read it in messages: relative to the project where it can be."""
    return str(path.relative_to(PROJECT_ROOT)) if path.is_relative_to(PROJECT_ROOT) else str(path)


def used_params(sql: str) -> set[str]:
    """The `$names` in the SQL, comments left out."""
    return set(_PARAM.findall(_uncommented(sql)))


def _uncommented(sql: str) -> str:
    return re.sub(r"--[^\n]*", "", sql)


def param_line(sql: str, name: str) -> int:
    """The line where `$name` is first used (comments left out), counted from 1 as editors do."""
    found = re.search(rf"\${name}\b", _uncommented(sql))
    return _uncommented(sql)[: found.start()].count("\n") + 1 if found else 1


def _mapping(value: object, what: str, where: str) -> dict:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise QueryFileError(f"{where}: {what} must be a mapping, got {type(value).__name__}")
    return value


def _check_types(declared: dict, allowed: tuple[str, ...], what: str, where: str) -> dict[str, str]:
    for name, kind in declared.items():
        if kind not in allowed and not (what == "param" and isinstance(kind, str) and _ENUM.fullmatch(kind)):
            extra = ", enum[a,b]" if what == "param" else ""
            raise QueryFileError(
                f"{where}: {what} {name!r} has type {kind!r}; expected one of {', '.join(allowed)}{extra}"
            )
    return {str(name): str(kind) for name, kind in declared.items()}


def _example(raw: object, number: int, params: dict[str, str], columns: dict[str, str], where: str) -> Example:
    if not isinstance(raw, dict):
        raise QueryFileError(f"{where}: example {number} must be a mapping")
    label = f"{where}: example {raw.get('name', number)!r}"
    if unknown := set(raw) - _EXAMPLE_KEYS:
        raise QueryFileError(f"{label} has unknown key(s) {sorted(unknown)}; expected {sorted(_EXAMPLE_KEYS)}")
    if missing := [k for k in ("name", "given", "expect") if k not in raw]:
        raise QueryFileError(f"{label} lacks key(s) {missing}")
    given = _mapping(raw["given"], "given", label)
    if any(not isinstance(rows, list) for rows in given.values()):
        raise QueryFileError(f"{label}: each table in 'given' must be a list of rows")
    example_params = _mapping(raw.get("params"), "params", label)
    if set(example_params) != set(params):
        raise QueryFileError(f"{label} binds params {sorted(example_params)}; the query takes {sorted(params)}")
    expect = raw["expect"] or []
    for row in expect:
        if not isinstance(row, dict) or set(row) != set(columns):
            got = sorted(row) if isinstance(row, dict) else row
            raise QueryFileError(f"{label}: each expected row needs exactly the columns {list(columns)}, got {got}")
    return Example(str(raw["name"]), given, example_params, list(expect))


def parse_query(path: Path) -> Query:
    """One query and its sidecar, checked against each other; `QueryFileError` names the file at fault."""
    path = Path(path)
    sidecar = path.with_suffix(".yaml")
    where = shown(sidecar)
    if not sidecar.exists():
        raise QueryFileError(f"{shown(path)} has no sidecar {sidecar.name} declaring its params and columns")
    try:
        raw = yaml.safe_load(sidecar.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise QueryFileError(f"{where}: not valid YAML ({error})") from None
    raw = _mapping(raw, "the file", where)
    if unknown := set(raw) - _KEYS:
        raise QueryFileError(f"{where}: unknown key(s) {sorted(unknown)}; expected some of {sorted(_KEYS)}")
    if missing := [k for k in _REQUIRED if not raw.get(k)]:
        raise QueryFileError(f"{where}: missing key(s) {missing}")
    build = path.parent.name == "build"
    if "depends_on" in raw and not build:
        raise QueryFileError(f"{where}: only files in queries/build take 'depends_on'")
    params = _check_types(_mapping(raw.get("params"), "params", where), PARAM_TYPES, "param", where)
    columns = _check_types(_mapping(raw["columns"], "columns", where), tuple(COLUMN_TYPES), "column", where)
    sql = path.read_text(encoding="utf-8")
    used = used_params(sql)
    if undeclared := sorted(used - set(params)):
        line = param_line(sql, undeclared[0])
        raise QueryFileError(f"{shown(path)}:{line} uses ${', $'.join(undeclared)}, not declared in {sidecar.name}")
    if unused := set(params) - used:
        raise QueryFileError(f"{where} declares param(s) {sorted(unused)} that {path.name} never uses")
    if not isinstance(raw["examples"], list):
        raise QueryFileError(f"{where}: 'examples' must be a list")
    examples = tuple(_example(e, i + 1, params, columns, where) for i, e in enumerate(raw["examples"]))
    return Query(
        name=path.stem,
        path=path,
        sql=sql,
        description=str(raw["description"]).strip(),
        params=params,
        columns=columns,
        examples=examples,
        one_row=bool(raw.get("one_row", False)),
        depends_on=tuple(raw.get("depends_on") or ()),
    )


def _signature(directory: Path) -> tuple[tuple[str, int, int], ...]:
    files = sorted(p for p in directory.glob("*") if p.suffix in (".sql", ".yaml"))
    return tuple((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in files)


@lru_cache(maxsize=16)
def _read(directory: Path, signature: tuple) -> dict[str, Query]:
    orphans = {Path(name).stem for name, *_ in signature if name.endswith(".yaml")}
    orphans -= {Path(name).stem for name, *_ in signature if name.endswith(".sql")}
    if orphans:
        raise QueryFileError(f"{shown(directory / (min(orphans) + '.yaml'))} has no query file beside it")
    return {p.stem: parse_query(p) for p in sorted(directory.glob("*.sql"))}


RECHECK_SECONDS = 1.0  # a changed file is seen within a second; a filter change runs ten queries in less
_checked: dict[Path, tuple[float, tuple]] = {}


def catalog(directory: Path = QUERY_DIR) -> dict[str, Query]:
    """Every query of a directory, re-read only when a file's mtime or size changes (looked at no more
    than once a second: statting every file on every run cost a tenth of a filter change)."""
    directory = Path(directory)
    now = time.monotonic()
    checked_at, signature = _checked.get(directory, (float("-inf"), ()))
    if now - checked_at >= RECHECK_SECONDS:
        signature = _signature(directory)
        _checked[directory] = (now, signature)
    return _read(directory, signature)


def build_params(step: Query, as_of: date) -> dict[str, object]:
    """What a build file binds: only `as_of`, the one value a build knows (the same on every engine)."""
    available = {"as_of": as_of}
    if unknown := set(step.params) - set(available):
        raise QueryFileError(f"{shown(step.path)} takes {sorted(unknown)}; a build binds only {sorted(available)}")
    return check_params(step, {name: available[name] for name in step.params})


def build_steps(directory: Path = BUILD_DIR) -> list[Query]:
    """The build queries in an order where each comes after the tables it `depends_on`."""
    queries = catalog(directory)
    ordered: list[Query] = []
    visiting: list[str] = []

    def visit(name: str) -> None:
        if any(q.name == name for q in ordered):
            return
        if name in visiting:
            raise QueryFileError(f"{shown(directory)}: depends_on forms a cycle: {' -> '.join([*visiting, name])}")
        visiting.append(name)
        for needed in queries[name].depends_on:
            if needed not in queries:
                raise QueryFileError(
                    f"{shown(queries[name].path.with_suffix('.yaml'))}: depends_on {needed!r}, not a build file"
                )
            visit(needed)
        visiting.pop()
        ordered.append(queries[name])

    for name in queries:
        visit(name)
    return ordered


def _kind_error(kind: str, value: object) -> str | None:
    """Why `value` is not of the declared param type, or None when it is."""
    if kind == "date":
        ok = isinstance(value, date) and not isinstance(value, datetime)
    elif kind == "int":
        ok = isinstance(value, int) and not isinstance(value, bool)
    elif kind == "string":
        ok = isinstance(value, str)
    elif kind.startswith("list["):
        inner = kind[5:-1]
        ok = isinstance(value, list | tuple) and all(_kind_error(inner, v) is None for v in value)
    else:
        ok = value in _ENUM.fullmatch(kind).group(1).split(",")
    return None if ok else f"must be {kind}, got {value!r}"


def check_params(query: Query, params: dict[str, object]) -> dict[str, object]:
    """The params ready to bind: exactly the declared names, each of its declared type (never null)."""
    if set(params) != set(query.params):
        raise TypeError(f"{shown(query.path)} takes params {sorted(query.params)}, got {sorted(params)}")
    for name, kind in query.params.items():
        if problem := _kind_error(kind, params[name]):
            raise TypeError(f"{shown(query.path)}: param {name!r} {problem}")
    return {name: list(value) if isinstance(value, tuple) else value for name, value in params.items()}


class QueryRunner:
    """Runs catalog queries on one database; a cursor per call, so threads never share a connection."""

    def __init__(self, con: duckdb.DuckDBPyConnection, directory: Path = QUERY_DIR):
        self.con = con
        self.directory = directory

    @property
    def queries(self) -> dict[str, Query]:
        return catalog(self.directory)

    def run(self, name: str, **params: object) -> pl.DataFrame:
        query = self.queries.get(name)
        if query is None:
            raise KeyError(f"no query named {name!r} in queries/ (known: {', '.join(sorted(self.queries))})")
        bound = check_params(query, params)
        cursor = self.con.cursor()
        try:
            return cursor.sql(query.sql, params=bound).pl()
        except duckdb.Error as error:
            raise QueryFailed.in_file(query.path, located(cursor, query.sql, bound, error)) from error
        finally:
            cursor.close()
