"""One DuckDB database per data dir: built by SQL, persisted in a cache, opened read-only.

`open_database(directory)` returns `(info, runner)`. It opens the cached file for the data dir's current
key (a hash of the data files' names, sizes and mtimes, dataset.yaml, every file of
`queries/build/` and the code that loads them), or builds one: the validated input tables, then each
build file as `CREATE TABLE name AS ...` in dependency order, then `dataset_info`; written to a temporary
file renamed into place, so a crash never leaves half a database. The runner's connection is read-only,
with external access off and the configuration locked: no query can write, read a file or attach one.

`build_database(data)` builds the same into memory, for frames that never were files (the sample while
it is made).
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from datetime import date
from pathlib import Path

import duckdb
import polars as pl

from cxdash.engine.catalog import QueryFailed, QueryRunner, build_params, build_steps
from cxdash.engine.info import DatasetInfo, dataset_info
from cxdash.engine.inputs import input_frames
from cxdash.ingest.contracts import DATASET_FILE, FILE_SUFFIXES
from cxdash.ingest.loading import DataSet, load_dataset
from cxdash.paths import BUILD_DIR, DATA_ROOT, PROJECT_ROOT

CACHE_ENV = "CXDASH_CACHE"
INFO_TABLE = "dataset_info"
# the code that shapes the database besides the build SQL: a change to it must rebuild too
LOADER_CODE = (PROJECT_ROOT / "cxdash" / "engine", PROJECT_ROOT / "cxdash" / "ingest")
LOCKED = {
    "enable_external_access": False,
    "autoload_known_extensions": False,
    "autoinstall_known_extensions": False,
    "lock_configuration": True,
}


def cache_dir(directory: Path) -> Path:
    """$CXDASH_CACHE, else `<project>/data/.cache`; never inside the data dir itself."""
    chosen = Path(os.environ.get(CACHE_ENV) or DATA_ROOT / ".cache").resolve()
    if chosen.is_relative_to(directory.resolve()):
        chosen = Path(tempfile.gettempdir()) / "cxdash-cache"
    return chosen


def cache_key(directory: Path) -> str:
    """Changes whenever the data, its YAML files, the build SQL or the loading code change."""
    digest = hashlib.sha256(f"{directory.resolve()}\nduckdb {duckdb.__version__}\n".encode())
    if directory.is_dir():
        for path in sorted(directory.iterdir()):
            if path.suffix in FILE_SUFFIXES:
                stat = path.stat()
                digest.update(f"{path.name} {stat.st_size} {stat.st_mtime_ns}\n".encode())
        if (directory / DATASET_FILE).exists():  # goals.yaml is read apart: a goal edit needs no rebuild
            digest.update(DATASET_FILE.encode() + (directory / DATASET_FILE).read_bytes())
    code = [(BUILD_DIR, p) for p in sorted([*BUILD_DIR.glob("*.sql"), *BUILD_DIR.glob("*.yaml")])]
    code += [(folder, p) for folder in LOADER_CODE for p in sorted(folder.rglob("*.py"))]
    for folder, path in code:
        digest.update(f"{path.relative_to(folder)}\n".encode() + path.read_bytes())
    return digest.hexdigest()


def _load_inputs(con: duckdb.DuckDBPyConnection, frames: dict[str, pl.DataFrame]) -> None:
    """The inputs as views over the frames' Arrow memory: only the build reads them, no query does, so
    they are neither copied nor written with the database (10M raw rows would triple a cold start)."""
    for name, frame in frames.items():
        con.register(name, frame)


def _run_build(con: duckdb.DuckDBPyConnection, as_of: date) -> None:
    for step in build_steps():
        params = build_params(step, as_of)
        try:
            con.execute(f'CREATE TABLE "{step.name}" AS {step.sql}', params)  # name is the file's, SQL is ours
        except duckdb.Error as error:
            raise QueryFailed.in_file(step.path, error) from error


def build_database(data: DataSet, path: Path | str = ":memory:") -> duckdb.DuckDBPyConnection:
    """A writable database with the inputs, every build table and `dataset_info` (only the last when the
    data has errors)."""
    con = duckdb.connect(str(path))
    frames = input_frames(data.tables)
    if data.ok:
        _load_inputs(con, frames)
        _run_build(con, data.as_of or date.today())  # no date anywhere: no rows for as_of to matter to
    info = dataset_info(data, frames["customer_dimension_values"])
    con.execute(f"CREATE TABLE {INFO_TABLE} AS SELECT CAST($info AS VARCHAR) AS info", {"info": info.to_json()})
    return con


def lock(con: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    """No file access from now on, and no setting may change it back (for a database built in memory)."""
    for name, value in LOCKED.items():
        con.execute(f"SET {name} = {str(value).lower()}")  # names and values from our own constant
    return con


def read_info(con: duckdb.DuckDBPyConnection) -> DatasetInfo:
    ((text,),) = con.execute(f"SELECT info FROM {INFO_TABLE}").fetchall()  # fetchall completes the result
    return DatasetInfo.from_json(text)


def _connect_read_only(path: Path) -> duckdb.DuckDBPyConnection:
    return duckdb.connect(str(path), read_only=True, config=dict(LOCKED))


def _build_file(directory: Path, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f"{path.stem}.{os.getpid()}.tmp")
    partial.unlink(missing_ok=True)  # left by a crash of an earlier process with this id
    try:
        con = build_database(load_dataset(directory), partial)
        try:
            con.execute("CHECKPOINT")
        finally:
            con.close()
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
        partial.with_name(partial.name + ".wal").unlink(missing_ok=True)
    for stale in path.parent.glob(f"{path.name.split('-')[0]}-*.duckdb"):
        if stale != path:
            stale.unlink(missing_ok=True)  # an older key of this data dir


def database_path(directory: Path) -> Path:
    """Where the database of a data dir's current state lives: one file per data dir and key."""
    where = hashlib.sha256(str(directory.resolve()).encode()).hexdigest()[:12]
    return cache_dir(directory) / f"{where}-{cache_key(directory)[:24]}.duckdb"


def open_database(directory: Path) -> tuple[DatasetInfo, QueryRunner | None]:
    """The data dir's summary and a runner on its read-only database (None when the data has errors)."""
    directory = Path(directory).resolve()
    path = database_path(directory)
    if not path.exists():
        _build_file(directory, path)
    try:
        con = _connect_read_only(path)
    except duckdb.Error:  # a file this version cannot read, or a damaged one: build it again
        path.unlink(missing_ok=True)
        _build_file(directory, path)
        con = _connect_read_only(path)
    info = read_info(con)
    if not info.ok:
        con.close()
        return info, None
    return info, QueryRunner(con)
