"""The analysts' commands: `new-page NAME` and `sql DIR "SELECT ..."` (the SQL explorer's sandbox)."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date, datetime

from cxdash.arguments import UsageError, existing_folder
from cxdash.paths import PROJECT_ROOT

MAX_SECONDS = 600.0


def seconds(text: str) -> float:
    """An argument type: a time limit in seconds, above 0 and at most ten minutes."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number of seconds") from None
    if not 0 < value <= MAX_SECONDS:
        raise argparse.ArgumentTypeError(f"must be more than 0 and at most {MAX_SECONDS:g} seconds, got {text}")
    return value


def add_new_page_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("name", help="lower case letters, digits and underscores, e.g. churn_by_plan")
    parser.set_defaults(handler=new_page_command)


def add_sql_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("dir", type=existing_folder)
    parser.add_argument("sql", help='one read-only SELECT, in quotes: "SELECT ..."')
    parser.add_argument("--format", choices=("json", "csv"), default="json")
    parser.add_argument("--timeout", type=seconds, default=10.0, metavar="S", help="stop the query after S seconds")
    parser.set_defaults(handler=sql_command)


def new_page_command(args: argparse.Namespace) -> int:
    from cxdash.analyst.new_page import BadName, write_page

    try:
        written = write_page(args.name)
    except BadName as error:
        raise UsageError(f"argument name: {error}") from None
    except FileExistsError as error:
        raise UsageError(f"argument name: {error}") from None
    for path in written:
        print(f"wrote {path.relative_to(PROJECT_ROOT)}")
    print(f"next: edit queries/{args.name}.sql and its example, then run the tests (docs/adding-a-page.md)")
    return 0


def _jsonable(value: object) -> object:
    return value.isoformat() if isinstance(value, date | datetime) else value


def sql_command(args: argparse.Namespace) -> int:
    from cxdash.engine.database import open_database
    from cxdash.engine.sandbox import Limits, Refused, SandboxError, database_file, describe, run_sandboxed

    _, runner = open_database(args.dir)
    database = database_file(runner)
    if database is None:
        print(f"{args.dir} has errors, so it has no database to ask: run `python -m cxdash check`", file=sys.stderr)
        return 1
    try:
        answer = run_sandboxed(database, args.sql, Limits(seconds=args.timeout))
    except Refused as error:
        raise UsageError(f"argument sql: {describe(error)}") from None
    except SandboxError as error:
        print(f"sql: {describe(error)}", file=sys.stderr)
        return 1
    frame = answer.frame
    if args.format == "csv":
        sys.stdout.write(frame.write_csv())
    else:
        rows = [{k: _jsonable(v) for k, v in row.items()} for row in frame.iter_rows(named=True)]
        columns = {name: str(dtype) for name, dtype in frame.schema.items()}
        print(json.dumps({"columns": columns, "rows": rows, "truncated": answer.truncated}, default=str))
    if answer.truncated:
        print(f"sql: only the first {frame.height:,} rows were printed", file=sys.stderr)
    return 0
