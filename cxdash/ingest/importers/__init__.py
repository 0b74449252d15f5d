"""Importers: public data sets turned into data dirs that meet the contracts.

`python -m cxdash import NAME SRC --out DIR` calls `run_import(NAME, SRC, DIR)`. Each importer reads
the source read-only, writes `DIR` with `write_datadir`, and returns an `ImportReport` saying what it
wrote, dropped and assumed (see MAPPING.md beside this file).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import polars as pl

from cxdash.ingest.importers.airline import import_airline
from cxdash.ingest.importers.olist import import_olist
from cxdash.ingest.importers.online_retail import import_online_retail
from cxdash.ingest.importers.report import ImportFailed, ImportReport
from cxdash.ingest.importers.telco import import_telco

Importer = Callable[[Path, Path], ImportReport]

IMPORTERS: dict[str, Importer] = {
    "telco": import_telco,
    "olist": import_olist,
    "online-retail": import_online_retail,
    "airline": import_airline,
}


def run_import(name: str, src: Path, out: Path) -> ImportReport:
    """Run the importer `name` on `src` (a file or the data set's folder), writing the data dir `out`.

    Raises ImportFailed with a plain message for an unknown name or an unusable source.
    """
    importer = IMPORTERS.get(name)
    if importer is None:
        raise ImportFailed(f"unknown data set {name!r}; choose one of {', '.join(IMPORTERS)}")
    src, out = Path(src), Path(out)
    folder = (src if src.is_dir() else src.parent).resolve()
    if out.resolve() == folder or folder in out.resolve().parents:
        raise ImportFailed(f"--out {out} is inside the source folder {folder}; write it elsewhere")
    try:
        return importer(src, out)
    except (pl.exceptions.PolarsError, OSError) as exc:
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise ImportFailed(f"{name}: cannot import {src}: {first}") from exc


__all__ = ["IMPORTERS", "ImportFailed", "ImportReport", "run_import"]
