"""Writing a data dir: the one layout the sample, the importers and uploads all produce.

A data dir holds `customers`, `orders`, `survey_responses` as Parquet (or CSV from users), an optional
`goals.yaml`, and an optional `dataset.yaml` that says what the data is and which assumptions were made
to fit it to the contracts, so the app can show them.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path

import polars as pl
import yaml

from cxdash.ingest.contracts import DATASET_FILE, GOALS_FILE, TABLES


@dataclass
class DatasetMeta:
    name: str
    description: str = ""
    source: str = ""
    assumptions: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)
    as_of: str | None = None  # ISO date; else the latest date in any table
    currency: str = "USD"  # ISO 4217 code of every amount
    # measure (orders, surveys, signups, churn) -> {"start": ISO date, "end": ISO date}: where the data
    # observed it, when that is not the span of its table's dates (e.g. churn recorded in one month only)
    observed: dict[str, dict[str, str]] = field(default_factory=dict)

    @classmethod
    def read(cls, directory: Path) -> DatasetMeta:
        path = Path(directory) / DATASET_FILE
        if not path.exists():
            return cls(name=Path(directory).name)
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        known = {k: raw[k] for k in cls.__dataclass_fields__ if k in raw}
        known.setdefault("name", Path(directory).name)
        if known.get("as_of") is not None:
            known["as_of"] = str(known["as_of"])
        known["observed"] = {
            measure: {k: str(v) for k, v in span.items()} for measure, span in (known.get("observed") or {}).items()
        }
        return cls(**known)


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
    (out / DATASET_FILE).write_text(yaml.safe_dump(asdict(meta), sort_keys=False, allow_unicode=True), encoding="utf-8")
    if goals is not None:
        (out / GOALS_FILE).write_text(yaml.safe_dump(goals, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return out
