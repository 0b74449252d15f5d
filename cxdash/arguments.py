"""Command-line arguments checked before anything runs: dates, counts, folders, filters.

A mistake on the command line is a `UsageError`: the CLI prints one line naming the argument (and, where
it helps, the known values) and exits 2, as argparse does for its own errors; never a traceback.
"""

from __future__ import annotations

import argparse
import difflib
import os
from datetime import date
from pathlib import Path

from cxdash.figures.counts import Filters
from cxdash.figures.periods import Period
from cxdash.ingest.config import parse_iso_date

PROG = "python -m cxdash"
ENGINES = ("duckdb", "spark")
FORMATS = ("json", "text")
MAX_VALUES_SHOWN = 20


class UsageError(Exception):
    """A mistake in the command line; `prog` is filled in by the parser that found it, else by `main`."""

    def __init__(self, message: str, prog: str | None = None) -> None:
        super().__init__(message)
        self.prog = prog


class Parser(argparse.ArgumentParser):
    """argparse that raises UsageError instead of printing its usage block and exiting."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(message, self.prog)


def iso_date(text: str) -> date:
    try:
        return parse_iso_date(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def at_least(minimum: int):
    """An argument type: a whole number no smaller than `minimum`."""

    def whole(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"'{text}' is not a whole number") from None
        if value < minimum:
            raise argparse.ArgumentTypeError(f"must be at least {minimum:,}, got {value:,}")
        return value

    return whole


def new_folder(text: str) -> Path:
    """A folder to create: it must not exist (no command writes into an existing one) and must be creatable."""
    path = Path(text).expanduser()
    if path.exists() or path.is_symlink():
        kind = "a folder" if path.is_dir() else "a file"
        raise argparse.ArgumentTypeError(f"{text} already exists ({kind}); give a new folder (nothing was written)")
    parent = next(p for p in path.absolute().parents if p.exists())
    if not parent.is_dir() or not os.access(parent, os.W_OK | os.X_OK):
        raise argparse.ArgumentTypeError(f"cannot create {text}: {parent} is not a folder you can write to")
    return path


def existing_folder(text: str) -> Path:
    path = Path(text).expanduser()
    if not path.exists():
        raise argparse.ArgumentTypeError(f"no such folder: {text}")
    if not path.is_dir():
        raise argparse.ArgumentTypeError(f"{text} is a file; give the data dir (the folder) instead")
    return path


def existing_path(text: str) -> Path:
    path = Path(text).expanduser()
    if not path.exists():
        raise argparse.ArgumentTypeError(f"no such file or folder: {text}")
    return path


def existing_file(text: str) -> Path:
    path = Path(text).expanduser()
    if not path.is_file():
        raise argparse.ArgumentTypeError(f"no such file: {text}")
    return path


def dimension_value(text: str) -> tuple[str, str]:
    dimension, sep, value = text.partition("=")
    if not sep or not dimension.strip() or not value:
        raise argparse.ArgumentTypeError(f"'{text}' is not DIM=VALUE (for example segment=SMB)")
    return dimension.strip(), value


def add_figure_arguments(parser: argparse.ArgumentParser, dates_required: bool = True, period: bool = True) -> None:
    """What every command that computes figures takes: the period (unless `period` is False), filters, the
    engine and the output format."""
    default = "" if dates_required else "; without dates, the dashboard's default period"
    if period:
        parser.add_argument("--start", required=dates_required, type=iso_date, help=f"first day, YYYY-MM-DD{default}")
        parser.add_argument("--end", required=dates_required, type=iso_date, help="last day, YYYY-MM-DD (inclusive)")
    parser.add_argument("--segment", help="only customers of this segment (the same as --filter segment=NAME)")
    parser.add_argument(
        "--filter",
        action="append",
        default=[],
        type=dimension_value,
        metavar="DIM=VALUE",
        help="only customers with this value of a dimension; repeat it for more values or dimensions",
    )
    parser.add_argument("--engine", choices=ENGINES, default="duckdb", help="where the queries run")
    parser.add_argument("--format", choices=FORMATS, default="text", help="json, or text as the screen shows it")


def checked_period(start: date, end: date) -> Period:
    if end < start:
        raise UsageError(f"argument --end: {end} is before --start {start}")
    return Period(start, end)


def check_within_data(period: Period, first: date | None, last: date | None) -> None:
    """A period with no day inside the data's dates gives no figure at all: say so instead of printing zeros."""
    if first is None or last is None:
        return
    side = "before" if period.end < first else "after" if period.start > last else None
    if side:
        raise UsageError(
            f"arguments --start/--end: {period.start} to {period.end} is {side} the data, "
            f"which runs from {first} to {last}"
        )


def _suggestion(value: str, known: list[str]) -> str:
    same = [k for k in known if k.casefold() == value.casefold()]
    close = same or difflib.get_close_matches(value, known, n=1, cutoff=0.6)
    return f"; did you mean {close[0]}?" if close else ""


def _listed(known: list[str]) -> str:
    shown = ", ".join(known[:MAX_VALUES_SHOWN])
    return shown + (f", … ({len(known):,} in all)" if len(known) > MAX_VALUES_SHOWN else "")


def checked_filters(dimensions: dict[str, list[str]], segment: str | None, pairs: list[tuple[str, str]]) -> Filters:
    """--segment and every --filter DIM=VALUE, each checked against the data's own values (case matters).

    Values of one dimension are alternatives (any of them); different dimensions must all hold.
    """
    given = ([("--segment", "segment", segment)] if segment is not None else []) + [
        ("--filter", dim, value) for dim, value in pairs
    ]
    chosen: dict[str, tuple[str, ...]] = {}
    for option, dimension, value in given:
        if dimension not in dimensions:
            known = sorted(dimensions)
            if option == "--segment":
                raise UsageError("argument --segment: this data has no segment values")
            raise UsageError(
                f"argument --filter: '{dimension}' is not a customer dimension of this data"
                f"{_suggestion(dimension, known)} (known: {_listed(known) or 'none'})"
            )
        known = dimensions[dimension]
        if value not in known:
            raise UsageError(
                f"argument {option}: no {dimension} '{value}' in this data{_suggestion(value, known)} "
                f"(known: {_listed(known)})"
            )
        chosen[dimension] = tuple(dict.fromkeys((*chosen.get(dimension, ()), value)))
    return Filters(chosen)
