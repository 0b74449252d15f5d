"""Writing a data dir: the one layout the sample, the importers and uploads all produce.

A data dir holds `customers`, `orders`, `survey_responses` as Parquet (or CSV from users), an optional
`goals.yaml`, and an optional `dataset.yaml` that says what the data is and which assumptions were made
to fit it to the contracts, so the app can show them. `DatasetMeta`, the typed `dataset.yaml`, is in
`cxdash.ingest.config`.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl
import yaml

from cxdash.ingest.config import DatasetMeta
from cxdash.ingest.contracts import DATASET_FILE, GOALS_FILE, TABLES

__all__ = ["DatasetMeta", "write_datadir"]


def write_datadir(
    out: Path,
    tables: dict[str, pl.DataFrame],
    meta: DatasetMeta,
    goals: list[dict] | None = None,
) -> Path:
    """Write tables as Parquet plus the YAML files (goals.yaml only when goals are given)."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    for name, frame in tables.items():
        if name not in TABLES:
            raise ValueError(f"unknown table {name!r}; expected one of {sorted(TABLES)}")
        frame.write_parquet(out / f"{name}.parquet")
    (out / DATASET_FILE).write_text(meta.to_yaml(), encoding="utf-8")
    if goals is not None:
        (out / GOALS_FILE).write_text(yaml.safe_dump(goals, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return out
