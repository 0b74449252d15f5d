"""Reading an uploaded file (CSV, Parquet or Excel) into a frame, or the Problems why it cannot be read.

Kept apart from the mapping so the page can show a file's columns before any mapping exists.
"""

from __future__ import annotations

import io
from pathlib import Path

import polars as pl

from cxdash.ingest.problems import Problem
from cxdash.ingest.reading import read_csv_bytes

UPLOAD_SUFFIXES = (".csv", ".parquet", ".xlsx")


def read_upload(name: str, data: bytes) -> tuple[pl.DataFrame | None, list[Problem]]:
    """One uploaded file as a frame (text columns where the format allows), or the Problems why not.

    A file without rows reads fine here; validation reports it, as it does for a data dir's files."""
    suffix = Path(name).suffix.lower()
    if suffix not in UPLOAD_SUFFIXES:
        return None, [Problem(name, f"unsupported file type '{suffix or name}'; use CSV, Parquet or Excel (.xlsx)")]
    if not data:
        return None, [Problem(name, "the file is empty")]
    if suffix == ".csv":
        frame, problems = read_csv_bytes(data, name)
    elif suffix == ".parquet":
        frame, problems = _read_parquet_bytes(name, data)
    else:
        frame, problems = _read_excel_bytes(name, data)
    return frame, problems


def _read_parquet_bytes(name: str, data: bytes) -> tuple[pl.DataFrame | None, list[Problem]]:
    try:
        return pl.read_parquet(io.BytesIO(data)), []
    except Exception as exc:
        return None, [Problem(name, f"not a readable Parquet file ({type(exc).__name__})")]


def _read_excel_bytes(name: str, data: bytes) -> tuple[pl.DataFrame | None, list[Problem]]:
    """The first sheet, every cell as text (dates as YYYY-MM-DD HH:MM:SS), so validation names bad rows."""
    import fastexcel

    try:
        sheets = fastexcel.read_excel(data).sheet_names
        frame = pl.read_excel(io.BytesIO(data), sheet_id=1, read_options={"dtypes": "string"})
    except Exception as exc:
        if isinstance(exc, pl.exceptions.NoDataError):
            return None, [Problem(name, "the first sheet is empty")]
        return None, [Problem(name, "not a readable Excel file (.xlsx); save it again from Excel or as CSV UTF-8")]
    problems = []
    if len(sheets) > 1:
        others = ", ".join(f"'{s}'" for s in sheets[1:])
        problems.append(Problem(name, f"read the first sheet '{sheets[0]}' only; not {others}", severity="warning"))
    return frame, problems
