"""Reading one table file of a data dir, read-only, turning file-level failures into Problems.

CSV is read as text (every column a string) so that validation, not the parser, decides what a bad
value is and can name its row.
"""

from __future__ import annotations

import io
from pathlib import Path

import polars as pl

from cxdash.ingest.contracts import FILE_SUFFIXES
from cxdash.ingest.problems import Problem

OTHER_DELIMITERS = (";", "\t", "|")


def find_table_files(directory: Path, table: str) -> list[Path]:
    """Every file of a data dir that holds `table`: more than one is an error (which would be read?)."""
    return [path for suffix in FILE_SUFFIXES if (path := Path(directory) / f"{table}{suffix}").exists()]


def find_table_file(directory: Path, table: str) -> Path | None:
    found = find_table_files(directory, table)
    return found[0] if found else None


def read_table_file(path: Path) -> tuple[pl.DataFrame | None, list[Problem]]:
    if path.suffix == ".parquet":
        return _read_parquet(path)
    return read_csv_bytes(path.read_bytes(), path.name)


def _read_parquet(path: Path) -> tuple[pl.DataFrame | None, list[Problem]]:
    if path.stat().st_size == 0:
        return None, [Problem(path.name, "the file is empty")]
    try:
        return pl.read_parquet(path), []
    except Exception as exc:
        return None, [Problem(path.name, f"not a readable Parquet file ({type(exc).__name__})")]


def read_csv_bytes(data: bytes, name: str) -> tuple[pl.DataFrame | None, list[Problem]]:
    if not data.strip():
        return None, [Problem(name, "the file is empty")]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return None, [
            Problem(
                name,
                f"not UTF-8: byte 0x{data[exc.start]:02x} on line {line} "
                "(save the file as UTF-8, e.g. 'CSV UTF-8' in Excel)",
            )
        ]
    header = text.split("\n", 1)[0]
    if "," not in header:
        for delimiter in OTHER_DELIMITERS:
            if delimiter in header:
                shown = "tab" if delimiter == "\t" else repr(delimiter)
                return None, [Problem(name, f"columns are separated by {shown}; expected a comma-separated file")]
    try:
        frame = pl.read_csv(io.StringIO(text), infer_schema=False)
    except Exception as exc:
        return None, [Problem(name, f"not a readable CSV file: {str(exc).splitlines()[0]}")]
    return frame, []
