"""What an import produced, and the shared last step every importer ends with.

An import changes real data to fit the contracts, so it must say what it dropped and assumed; the
report carries that to the CLI (printed) and to `dataset.yaml` (shown in the app).
"""

from __future__ import annotations

import gzip
import io
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import polars as pl

from cxdash.ingest.contracts import POLARS_TYPES, TABLES
from cxdash.ingest.datadir import DatasetMeta, write_datadir
from cxdash.ingest.loading import DataSet

SNAKE = re.compile(r"^[a-z][a-z0-9_]*$")


class ImportFailed(Exception):
    """The source cannot be imported (missing file, column or readable value); the message says which.

    The CLI prints the message and exits 1, with no traceback.
    """


@dataclass
class ImportReport:
    name: str
    out: Path
    source: str  # the file(s) read
    tables: dict[str, int] = field(default_factory=dict)  # table -> rows written
    dropped: list[str] = field(default_factory=list)  # "what: N rows, why"
    assumptions: list[str] = field(default_factory=list)
    # headline figures, e.g. churn share, revenue, CSAT, for a person to check against the source
    figures: dict[str, float | int | str] = field(default_factory=dict)
    as_of: str | None = None

    def summary(self) -> str:
        lines = [f"Imported {self.name} from {self.source}", f"  into {self.out}"]
        if self.as_of:
            lines.append(f"  as of {self.as_of}")
        lines.append("Tables:")
        lines += [f"  {table}: {rows:,} rows" for table, rows in self.tables.items()]
        lines.append("Dropped:" if self.dropped else "Dropped: nothing")
        lines += [f"  - {line}" for line in self.dropped]
        lines.append("Assumptions:")
        lines += [f"  - {line}" for line in self.assumptions]
        if self.figures:
            lines.append("Headline figures:")
            lines += [f"  {key}: {_fmt(value)}" for key, value in self.figures.items()]
        return "\n".join(lines)


def _fmt(value: float | str) -> str:
    if isinstance(value, float):
        return f"{value:,.4f}" if abs(value) < 1 else f"{value:,.2f}"
    return f"{value:,}" if isinstance(value, int) else str(value)


def paragraphs(template: str, **values: object) -> list[str]:
    """Assumptions written as blank-line separated paragraphs -> one line each, values filled in."""
    text = template.format(**values)
    return [" ".join(p.split()) for p in text.strip().split("\n\n")]


def dropped_line(what: str, count: int, why: str, unit: str = "rows") -> str:
    """One dropped line in the common shape: what, how many rows, why."""
    return f"{what}: {count:,} {unit}, {why}"


def drop_rows(frame: pl.DataFrame, bad: pl.Expr, what: str, why: str, dropped: list[str]) -> pl.DataFrame:
    """Drop the rows where `bad` holds, noting how many in `dropped` (nothing noted when none)."""
    flagged = frame.select(bad.fill_null(True)).to_series()
    if flagged.any():
        dropped.append(dropped_line(what, int(flagged.sum()), why))
    return frame.filter(~flagged)


def churn_window(customers: pl.DataFrame, data_end: date, churn_days: int) -> dict[str, str]:
    """Inactivity churn can only be recorded `churn_days` after the first sign-up: before that, no churn
    is observed (not zero churn), so comparisons must not reach back there."""
    first = customers["signup_date"].min()
    return {"start": (first + timedelta(days=churn_days)).isoformat(), "end": data_end.isoformat()}


def find_source(src: Path, names: tuple[str, ...]) -> Path:
    """The source file: `src` itself, or the first of `names` inside the directory `src`."""
    src = Path(src)
    if src.is_file():
        return src
    if src.is_dir():
        for name in names:
            if (src / name).is_file():
                return src / name
        raise ImportFailed(f"{src}: none of the expected files found ({', '.join(names)})")
    raise ImportFailed(f"{src}: no such file or directory")


def read_csv(path: Path, notes: list[str], **options) -> pl.DataFrame:
    """Read a CSV (optionally .gz) as UTF-8 (a BOM is skipped), else as Windows-1252, noting which.

    Exported spreadsheets often come in the Windows encoding; reading them anyway, and saying so, beats
    failing. A file that is not CSV at all becomes an ImportFailed naming it.
    """
    data = Path(path).read_bytes()
    if Path(path).suffix == ".gz":
        data = gzip.decompress(data)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
        notes.append(f"{Path(path).name} is not UTF-8: read as Windows-1252.")
    try:
        return pl.read_csv(io.StringIO(text), **options)
    except pl.exceptions.PolarsError as exc:
        raise ImportFailed(f"{Path(path).name}: not a readable CSV file ({str(exc).splitlines()[0]})") from exc


def require_columns(frame: pl.DataFrame, columns: list[str], file: str) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ImportFailed(f"{file}: missing column(s) {', '.join(missing)} (found: {', '.join(frame.columns)})")


def conform(frame: pl.DataFrame, table: str) -> pl.DataFrame:
    """Contract columns first with their exact dtypes, then the extra columns (snake_case names)."""
    contract = TABLES[table]
    missing = [c for c in contract.column_names if c not in frame.columns]
    if missing:
        raise ValueError(f"{table}: importer did not produce {missing}")
    extras = [c for c in frame.columns if c not in contract.column_names]
    bad = [c for c in extras if not SNAKE.match(c)]
    if bad:
        raise ValueError(f"{table}: extra column names must be snake_case: {bad}")
    typed = [pl.col(c.name).cast(POLARS_TYPES[c.kind], strict=True) for c in contract.columns]
    counts = [c for c in extras if frame.schema[c].is_unsigned_integer()]  # pl.len() gives UInt32
    return frame.select(*typed, *extras).with_columns(pl.col(counts).cast(pl.Int64))


def finish(
    out: Path,
    tables: dict[str, pl.DataFrame],
    meta: DatasetMeta,
    read_from: str,
    figures: dict[str, float | int | str] | None = None,
) -> ImportReport:
    """Conform and write the tables, and report what was written, dropped and assumed."""
    conformed = {name: conform(frame, name) for name, frame in tables.items()}
    figures = {k: round(v, 6) if isinstance(v, float) else v for k, v in (figures or {}).items()}
    if meta.as_of is None:
        latest = DataSet(Path(out), DatasetMeta(name=meta.name), tables=conformed).as_of
        meta.as_of = latest.isoformat() if latest else None
    write_datadir(out, conformed, meta)
    return ImportReport(
        name=meta.name,
        out=Path(out),
        source=read_from,
        tables={name: frame.height for name, frame in conformed.items()},
        dropped=list(meta.dropped),
        assumptions=list(meta.assumptions),
        figures=figures,
        as_of=meta.as_of.isoformat() if meta.as_of else None,
    )
