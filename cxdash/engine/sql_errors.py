"""DuckDB's errors as people can act on them: the line of the SQL at fault and the message in plain words.

DuckDB ends a parser, binder or catalog error with `LINE n: <the line>` and a caret, n counted from the
start of the text it was given. A query file is run as it stands, so n is the file's own line.
"""

from __future__ import annotations

import re

import duckdb

_LINE = re.compile(r"^LINE (\d+):", re.MULTILINE)
_KIND = re.compile(r"^[A-Za-z ]*Error: ")


def error_line(error: BaseException | str) -> int | None:
    """The line DuckDB names in its message, or None when it names none (a runtime error)."""
    found = _LINE.search(str(error))
    return int(found.group(1)) if found else None


def first_line(error: BaseException | str) -> str:
    """DuckDB's own message without its kind prefix ("Binder Error: ") and without the LINE context."""
    text = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    return _KIND.sub("", text)


def plain_error(error: duckdb.Error, seconds: float | None = None, memory: str | None = None) -> str:
    """What went wrong, in words a person who did not write DuckDB can act on."""
    line = error_line(error)
    at = f" (line {line})" if line else ""
    if isinstance(error, duckdb.InterruptException):
        limit = f" after {seconds:g} seconds" if seconds else ""
        return f"Stopped{limit}: the query ran past the time limit. Filter rows first, join less, or aggregate."
    if isinstance(error, duckdb.OutOfMemoryException):
        limit = f" {memory}" if memory else " the memory limit"
        return f"Stopped: the query needed more than{limit} of memory. Aggregate, or select fewer rows and columns."
    if isinstance(error, duckdb.PermissionException):
        return "Not allowed here: queries read the data's tables only, never files, the network or extensions."
    if isinstance(error, duckdb.ParserException):
        return f"The SQL could not be read{at}: {first_line(error)}."
    if "configuration has been locked" in str(error):
        return "Not allowed here: settings cannot be changed."
    if "read-only" in str(error):
        return "Not allowed here: the data is read-only."
    return f"The query failed{at}: {first_line(error)}"


def located(con: duckdb.DuckDBPyConnection, sql: str, params: dict | None, error: duckdb.Error) -> duckdb.Error:
    """The same error with its LINE where DuckDB's relation API dropped it (binder and catalog errors):
    `EXPLAIN` binds the query again without running it, and reports the position. A runtime error has no
    position; it comes back as it was."""
    if error_line(error) is not None or isinstance(error, duckdb.InterruptException | duckdb.OutOfMemoryException):
        return error
    try:
        con.execute("EXPLAIN " + sql, params or {})  # on the same line: the line numbers stay the file's
    except duckdb.Error as again:
        return again if error_line(again) is not None else error
    return error
