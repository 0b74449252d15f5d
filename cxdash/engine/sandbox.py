"""Ad-hoc SQL, sandboxed: the SQL explorer's and `python -m cxdash sql`'s only way into the data.

Each question gets its own DuckDB instance, never the connection the pages share: an in-memory one with
the data dir's persisted database attached READ_ONLY, then external access switched off (no files, no
network, no extensions: autoload and autoinstall off too), memory, threads and spilling to disk limited,
and the configuration locked so no statement can undo any of it. DuckDB's own parser must find exactly
one SELECT (or WITH ... SELECT) statement before anything runs; the read-only attachment is the real guard
behind that check. A timer thread interrupts a query past its time limit; rows stream, and reading stops
at the row limit. DuckDB releases the GIL while it works, so other sessions' pages keep answering; a
semaphore keeps at most a few sandboxes running at once, each under its own memory limit.
"""

from __future__ import annotations

import os
import re
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import duckdb
import polars as pl
import pyarrow as pa

from cxdash.engine.sql_errors import error_line, first_line, located, plain_error

ATTACHED = "cx"
SECONDS_ENV, ROWS_ENV, MEMORY_ENV = "CXDASH_SQL_SECONDS", "CXDASH_SQL_ROWS", "CXDASH_SQL_MEMORY"
RUNNING_AT_ONCE = 3
BATCH_ROWS = 2_048
_FIRST_WORD = re.compile(r"\s*([A-Za-z]+)")


@dataclass(frozen=True)
class Limits:
    seconds: float = 10.0
    rows: int = 10_000
    memory: str = "256MB"
    threads: int = 1

    @classmethod
    def from_env(cls) -> Limits:
        """The explorer's limits: the defaults, or a deployment's $CXDASH_SQL_SECONDS, $CXDASH_SQL_ROWS and
        $CXDASH_SQL_MEMORY (e.g. 1GB)."""
        env = os.environ
        return cls(
            seconds=float(env.get(SECONDS_ENV) or cls.seconds),
            rows=int(env.get(ROWS_ENV) or cls.rows),
            memory=env.get(MEMORY_ENV) or cls.memory,
        )


class SandboxError(Exception):
    """Why a question got no answer, in plain words; `detail` is DuckDB's own text (for analysts), `line`
    the line of the SQL it names."""

    def __init__(self, message: str, detail: str = "", line: int | None = None):
        super().__init__(message)
        self.detail, self.line = detail, line


class Refused(SandboxError):
    """Not one read-only SELECT: nothing ran."""


class Stopped(SandboxError):
    """Interrupted at the time limit, or out of memory."""


class Failed(SandboxError):
    """The SQL ran and DuckDB found an error in it (a typo, an unknown column)."""


@dataclass(frozen=True)
class Answer:
    frame: pl.DataFrame
    truncated: bool  # more rows than the limit: only the first `Limits.rows` are in `frame`
    seconds: float


_slots = threading.BoundedSemaphore(RUNNING_AT_ONCE)


def check_statement(sql: str) -> None:
    """Refuse anything but exactly one SELECT, as DuckDB's parser sees it (SHOW, DESCRIBE and SUMMARIZE
    parse as SELECT too)."""
    try:
        statements = duckdb.extract_statements(sql)
    except duckdb.Error as error:
        raise Refused(plain_error(error), str(error), error_line(error)) from None
    if not statements:
        raise Refused("There is no SQL statement to run.")
    if len(statements) > 1:
        raise Refused(f"One statement at a time, please: this text holds {len(statements)}.")
    statement = statements[0]
    if statement.type != duckdb.StatementType.SELECT:
        word = _FIRST_WORD.match(re.sub(r"--[^\n]*|/\*.*?\*/", " ", statement.query, flags=re.DOTALL))
        name = word.group(1).upper() if word else str(statement.type).rsplit(".", 1)[-1]
        raise Refused(f"Only a SELECT (or WITH ... SELECT) can run here, not {name}.")


def database_file(runner: object) -> Path | None:
    """The file behind a DuckDB runner's database, what a sandbox attaches; None in memory or on Spark."""
    con = getattr(runner, "con", None)
    if not isinstance(con, duckdb.DuckDBPyConnection):
        return None
    cursor = con.cursor()  # the pages share the connection: a cursor per call
    try:
        sql = "SELECT path FROM duckdb_databases() WHERE database_name = current_database()"
        rows = cursor.execute(sql).fetchall()
    finally:
        cursor.close()
    return Path(rows[0][0]) if rows and rows[0][0] else None


def _open(database: Path, limits: Limits) -> duckdb.DuckDBPyConnection:
    config = {
        "autoload_known_extensions": False,
        "autoinstall_known_extensions": False,
        "allow_community_extensions": False,
        "memory_limit": limits.memory,
        "threads": limits.threads,
        "temp_directory": "",  # nothing spills to disk: past the memory limit a query stops
    }
    con = duckdb.connect(":memory:", config=config)
    try:
        con.execute(f"ATTACH '{_quoted(database)}' AS {ATTACHED} (READ_ONLY)")
        con.execute(f"USE {ATTACHED}")
        con.execute("SET enable_external_access = false")
        con.execute("SET lock_configuration = true")
    except duckdb.Error:
        con.close()
        raise
    return con


def _quoted(path: Path) -> str:
    return str(path).replace("'", "''")  # our own cache path, quoted as a SQL string


def _read(con: duckdb.DuckDBPyConnection, sql: str, rows: int) -> tuple[pl.DataFrame, bool]:
    reader = con.sql(sql).to_arrow_reader(BATCH_ROWS)
    try:
        batches, count = [], 0
        for batch in reader:
            batches.append(batch)
            count += batch.num_rows
            if count > rows:
                break
        table = pa.Table.from_batches(batches, schema=reader.schema)
    finally:
        reader.close()
    frame = pl.from_arrow(table)
    return frame.head(rows), frame.height > rows


def run_sandboxed(database: Path, sql: str, limits: Limits = Limits()) -> Answer:
    """Run one read-only SELECT on the database file within `limits`; raises a `SandboxError` subclass."""
    check_statement(sql)
    if not Path(database).is_file():
        raise Failed("The data's database file is gone (the data changed): reload the page.")
    started = time.monotonic()
    if not _slots.acquire(timeout=limits.seconds):
        raise Stopped(f"Too many questions are running at once; try again in a moment (waited {limits.seconds:g} s).")
    try:
        try:
            con = _open(Path(database), limits)
        except duckdb.Error as error:
            raise Failed("The data's database could not be opened: reload the page.", str(error)) from None
        timer = threading.Timer(limits.seconds, con.interrupt)
        timer.start()
        try:
            frame, truncated = _read(con, sql, limits.rows)
        except duckdb.Error as raised:
            error = located(con, sql, None, raised)
            kind = Stopped if isinstance(error, duckdb.InterruptException | duckdb.OutOfMemoryException) else Failed
            message = plain_error(error, limits.seconds, limits.memory)
            raise kind(message, str(error), error_line(error)) from None
        finally:
            timer.cancel()
            con.close()
    finally:
        _slots.release()
    return Answer(frame, truncated, time.monotonic() - started)


def describe(error: SandboxError) -> str:
    """One line for a terminal: the plain message and DuckDB's own words after it."""
    detail = first_line(error.detail) if error.detail else ""
    line = f" (line {error.line})" if error.line and f"line {error.line}" not in str(error) else ""
    return f"{error}{line}" + (f" [{detail}]" if detail and detail not in str(error) else "")
