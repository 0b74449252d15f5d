"""The user's own files: read an upload, map its columns onto the contracts, write a new data dir.

A mapping says, per table, which file it comes from, which source column fills each contract column
(or a constant, such as `metric: csat` for a file of CSAT answers only) and which other columns to leave
out. It is saved as YAML, so the page and `python -m cxdash map` apply the same one. Source files are
only read; a data dir is written only when the mapped tables pass the same checks as `check`, so the
errors name the user's own file, column and rows.
"""

from __future__ import annotations

import difflib
import io
import re
import shutil
import uuid
from dataclasses import asdict, dataclass, field
from pathlib import Path

import polars as pl
import yaml

from cxdash.contracts import POLARS_TYPES, SCORE_RANGES, TABLES
from cxdash.datadir import DatasetMeta, write_datadir
from cxdash.loading import validate_dir
from cxdash.problems import Problem, errors
from cxdash.reading import find_table_file, read_csv_bytes
from cxdash.validation import ROW, check_references, validate_table

UPLOAD_SUFFIXES = (".csv", ".parquet", ".xlsx")
MAPPING_FILE = "mapping.yaml"  # written into each new data dir, so its origin can be rerun
RESERVED = {ROW, "group_id"}  # names the loader and database use for themselves
FUZZY_CUTOFF = 0.85

# Other names for each contract column, as written after `_norm` (lower case, letters and digits only),
# the likelier first.
_CUSTOMER = "customerid custid clientid customerno customernumber custno accountid customerkey userid memberid "
_CUSTOMER += "customer client account user member"
SYNONYMS: dict[str, tuple[str, ...]] = {
    column: tuple(words.split())
    for column, words in {
        "customer_id": _CUSTOMER,
        "signup_date": "signup signedup signupdate signedupat signupat createdat created createddate joindate joined "
        "joinedat registered registeredat registrationdate customersince since startdate start date acquired",
        "churn_date": "churndate churnedat churned churn canceldate cancelled canceled cancelledat canceledat "
        "cancellationdate cancellation cancelation enddate end closedat closedate leftat terminationdate terminated",
        "segment": "customersegment tier plan customertype type size",
        "region": "country state area market territory location geo city",
        "acquisition_channel": "acquisitionchannel channel source acquisitionsource leadsource signupchannel "
        "utmsource origin",
        "order_id": "orderid orderno ordernumber order invoiceid invoiceno invoice invoicenumber transactionid "
        "transaction txnid saleid purchaseid",
        "order_date": "orderdate orderedat date createdat created purchasedate purchasedat invoicedate "
        "transactiondate saledate timestamp datetime time",
        "amount": "total value price revenue sales sale totalamount ordertotal net netamount grossamount gross "
        "totalprice sum ordervalue amountusd amounteur",
        "category": "productcategory productline department product producttype type",
        "response_id": "responseid response surveyresponseid feedbackid answerid submissionid",
        "responded_at": "respondedat date timestamp createdat submittedat submitted created surveydate "
        "responsedate datetime time answeredat completedat recordeddate",
        "metric": "surveytype survey question type kpi measure questiontype surveykind",
        "score": "rating value answer rate grade npsscore csatscore cesscore points",
        "journey_stage": "journeystage stage journey lifecyclestage phase step",
        "touchpoint": "touch interaction contactpoint touchpointname event",
        "comment": "comments feedback text verbatim remark remarks note notes freetext",
    }.items()
}
# Words that mean different columns in different tables.
TABLE_SYNONYMS: dict[tuple[str, str], tuple[str, ...]] = {
    ("orders", "channel"): ("saleschannel", "orderchannel", "store", "source", "platform"),
    ("survey_responses", "channel"): ("surveychannel", "source", "medium", "mode"),
}
TABLE_WORDS = {
    "customers": ("customer", "client", "account", "crm", "member", "user", "subscriber", "churn"),
    "orders": ("order", "transaction", "invoice", "sale", "purchase", "payment", "billing", "revenue"),
    "survey_responses": ("survey", "response", "answer", "feedback", "nps", "csat", "ces", "rating", "review"),
}


class MappingError(ValueError):
    """A mapping file that cannot be used, with a message for a person."""


@dataclass
class TableMapping:
    """How one source file becomes one contract table."""

    table: str
    file: str
    columns: dict[str, str | None] = field(default_factory=dict)  # contract column -> source column
    constants: dict[str, str] = field(default_factory=dict)  # contract column -> one value for every row
    leave_out: list[str] = field(default_factory=list)  # source columns not kept as extras

    def source_for(self, column: str) -> str | None:
        return None if column in self.constants else self.columns.get(column)


@dataclass
class Mapping:
    tables: dict[str, TableMapping] = field(default_factory=dict)
    name: str = ""

    def to_yaml(self) -> str:
        body = {
            "name": self.name,
            "tables": {
                table: {k: v for k, v in asdict(tm).items() if k != "table"} for table, tm in self.tables.items()
            },
        }
        header = "# cx-dashboard column mapping. Run: python -m cxdash map FILE [FILE ...] --mapping THIS --out DIR\n"
        return header + yaml.safe_dump(body, sort_keys=False, allow_unicode=True)

    @classmethod
    def from_yaml(cls, text: str) -> Mapping:
        try:
            raw = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            raise MappingError(f"the mapping is not valid YAML ({str(exc).splitlines()[0]})") from None
        if not isinstance(raw, dict) or not isinstance(raw.get("tables"), dict) or not raw["tables"]:
            raise MappingError("the mapping has no 'tables' (expected tables: customers/orders/survey_responses)")
        return cls({t: _table_from_dict(t, spec) for t, spec in raw["tables"].items()}, str(raw.get("name") or ""))


def _table_from_dict(table: str, spec: object) -> TableMapping:
    if table not in TABLES:
        raise MappingError(f"unknown table '{table}' in the mapping; expected one of {', '.join(TABLES)}")
    if not isinstance(spec, dict) or not spec.get("file"):
        raise MappingError(f"table '{table}' in the mapping names no 'file'")
    contract = TABLES[table].column_names
    columns = {str(k): (None if v is None else str(v)) for k, v in (spec.get("columns") or {}).items()}
    constants = {str(k): str(v) for k, v in (spec.get("constants") or {}).items() if v is not None}
    for name in [*columns, *constants]:
        if name not in contract:
            raise MappingError(f"'{name}' is not a column of {table}; expected one of {', '.join(contract)}")
    both = [c for c in constants if columns.get(c)]
    if both:
        raise MappingError(f"{table}: '{both[0]}' has both a source column and a constant; keep one")
    leave_out = [str(c) for c in spec.get("leave_out") or []]
    return TableMapping(table, str(spec["file"]), columns, constants, leave_out)


# Reading uploads ------------------------------------------------------------------------------------


def read_upload(name: str, data: bytes) -> tuple[pl.DataFrame | None, list[Problem]]:
    """One uploaded file as a frame (text columns where the format allows), or the Problems why not."""
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
    if frame is not None and frame.height == 0:
        problems.append(Problem(name, "the file has column names but no rows", severity="warning"))
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


# Guessing -------------------------------------------------------------------------------------------


def _norm(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower())


def snake(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", name.strip().lower()).strip("_")


def _names_for(table: str, column: str) -> tuple[str, ...]:
    key = (TABLES[table].key,) if column == TABLES[table].key else ()
    generic = ("id",) if key else ()
    return (_norm(column), *TABLE_SYNONYMS.get((table, column), ()), *SYNONYMS.get(column, ()), *generic)


def _score(table: str, column: str, source: str) -> float:
    """1 for the contract's own name, just under 1 for a synonym (earlier ones first), less for near misses."""
    name = _norm(source)
    if not name:
        return 0.0
    names = _names_for(table, column)
    if name in names:
        return 1.0 if name == names[0] else 0.9 - 0.001 * names.index(name)
    fuzzy = [difflib.SequenceMatcher(None, name, n).ratio() for n in names if len(n) >= 5]
    best = max(fuzzy, default=0.0)
    return 0.8 * best if best >= FUZZY_CUTOFF else 0.0


def guess_mapping(table: str, columns: list[str]) -> dict[str, str | None]:
    """Contract column -> the source column whose name fits best, each source column used once."""
    contract = TABLES[table].column_names
    pairs = [
        (score, i, j)
        for i, column in enumerate(contract)
        for j, source in enumerate(columns)
        if (score := _score(table, column, source)) > 0
    ]
    guess: dict[str, str | None] = dict.fromkeys(contract)
    used: set[int] = set()
    for _, i, j in sorted(pairs, key=lambda p: (-p[0], p[1], p[2])):
        if guess[contract[i]] is None and j not in used:
            guess[contract[i]] = columns[j]
            used.add(j)
    return guess


def guess_constants(table: str, file: str, columns: dict[str, str | None]) -> dict[str, str]:
    """`metric` for a survey file without a metric column, read from its name or its score column's."""
    if table != "survey_responses" or columns.get("metric"):
        return {}
    for text in (columns.get("score") or "", Path(file).stem):
        found = re.search(r"(?<![a-z])(nps|csat|ces)(?![a-z])", text.lower())
        if found:
            return {"metric": found.group(1)}
    return {}


def guess_table(file: str, columns: list[str]) -> str:
    """The table a file most likely holds: its required columns found by name (a guessed constant counts),
    then the share of the file's columns it explains, then words in the file name."""

    def fit(table: str) -> float:
        guess = guess_mapping(table, columns)
        constants = guess_constants(table, file, guess)
        required = [c.name for c in TABLES[table].columns if not c.nullable]
        found = sum(0.9 if c in constants else _score(table, c, guess[c]) if guess[c] else 0 for c in required)
        explained = sum(1 for s in guess.values() if s) / max(len(columns), 1)
        words = re.split(r"[^a-z]+", Path(file).stem.lower())
        named = any(w.startswith(word) for w in words for word in TABLE_WORDS[table])
        return found / len(required) + 0.5 * explained + (0.5 if named else 0.0)

    return max(TABLES, key=fit)


def guess_table_mapping(file: str, columns: list[str], table: str | None = None) -> TableMapping:
    table = table or guess_table(file, columns)
    guess = guess_mapping(table, columns)
    constants = guess_constants(table, file, guess)
    return TableMapping(table, file, {c: s for c, s in guess.items() if c not in constants}, constants)


def combine(mappings: list[TableMapping], name: str = "") -> tuple[Mapping, list[Problem]]:
    """One Mapping from the per-file choices; a second file for a table already taken is a problem."""
    tables: dict[str, TableMapping] = {}
    problems = []
    for tm in mappings:
        if tm.table in tables:
            other = tables[tm.table].file
            problems.append(Problem(tm.file, f"{tm.table} already comes from {other}; pick another table or skip"))
        else:
            tables[tm.table] = tm
    return Mapping(tables, name), problems


# Applying -------------------------------------------------------------------------------------------


def mapping_problems(frame: pl.DataFrame, mapping: TableMapping) -> list[Problem]:
    """Source columns the mapping names but the file lacks, and required columns left without a source."""
    found = ", ".join(frame.columns[:12]) + (", …" if frame.width > 12 else "")
    problems = []
    for column in TABLES[mapping.table].columns:
        source = mapping.source_for(column.name)
        if source is not None and source not in frame.columns:
            problems.append(
                Problem(
                    mapping.file,
                    f"column '{source}' chosen for {mapping.table}.{column.name} is not in the file (found: {found})",
                    column=source,
                )
            )
        elif source is None and column.name not in mapping.constants and not column.nullable:
            problems.append(
                Problem(
                    mapping.file,
                    f"no column chosen for the required {mapping.table}.{column.name} (found: {found})",
                    column=column.name,
                )
            )
    if mapping.table == "survey_responses" and "metric" in mapping.constants:
        value = mapping.constants["metric"]
        if value not in SCORE_RANGES:
            problems.append(
                Problem(mapping.file, f"constant metric '{value}' is not one of {', '.join(SCORE_RANGES)}", "metric")
            )
    return problems


def apply_mapping(frame: pl.DataFrame, mapping: TableMapping) -> pl.DataFrame:
    """Contract columns first (renamed, constant, or null when not in the source), then the other source
    columns as snake_case extras. Returns a new frame; the input and its file are left as they are."""
    contract = TABLES[mapping.table]
    selected = []
    for column in contract.columns:
        source = mapping.source_for(column.name)
        if column.name in mapping.constants:
            selected.append(pl.lit(mapping.constants[column.name], dtype=pl.String).alias(column.name))
        elif source is not None and source in frame.columns:
            selected.append(pl.col(source).alias(column.name))
        elif column.nullable:
            selected.append(pl.lit(None, dtype=POLARS_TYPES[column.kind]).alias(column.name))
    used = {s for s in mapping.columns.values() if s} | set(mapping.leave_out)
    taken = set(contract.column_names) | RESERVED
    for source in frame.columns:
        if source in used:
            continue
        name = base = snake(source) or "column"
        n = 1
        while name in taken:
            n += 1
            name = f"{base}_{n}"
        taken.add(name)
        selected.append(pl.col(source).alias(name))
    return frame.select(selected)


def map_tables(
    files: dict[str, bytes], mapping: Mapping
) -> tuple[dict[str, pl.DataFrame], dict[str, list[str]], list[Problem]]:
    """Typed contract tables from the files, the source columns each lacked, and every problem found."""
    tables: dict[str, pl.DataFrame] = {}
    empty: dict[str, list[str]] = {}
    problems: list[Problem] = []
    for table, tm in mapping.tables.items():
        if tm.file not in files:
            given = ", ".join(files) or "none"
            problems.append(
                Problem(tm.file, f"the mapping reads {table} from this file, but it was not given ({given})")
            )
            continue
        frame, found = read_upload(tm.file, files[tm.file])
        problems += found
        if frame is None:
            continue
        found = mapping_problems(frame, tm)
        problems += found
        if found:
            continue
        typed, found = validate_table(apply_mapping(frame, tm), TABLES[table], tm.file)
        problems += found
        if ROW in typed.columns:
            tables[table] = typed
            empty[table] = [c for c in TABLES[table].column_names if tm.source_for(c) is None and c not in tm.constants]
    if "customers" in tables:
        parent = mapping.tables["customers"].file
        for child in ("orders", "survey_responses"):
            if child in tables:
                problems += check_references(
                    tables[child], tables["customers"]["customer_id"], mapping.tables[child].file, parent
                )
    return {t: f.drop(ROW) for t, f in tables.items()}, empty, problems


def _meta(mapping: Mapping, name: str, empty: dict[str, list[str]]) -> DatasetMeta:
    assumptions = [
        f"Every row of {tm.file} has {tm.table}.{column} = '{value}' (set in the mapping)."
        for tm in mapping.tables.values()
        for column, value in tm.constants.items()
    ]
    blank = [f"{t}.{c}" for t, columns in empty.items() for c in columns]
    if blank:
        assumptions.append(f"Left empty, no column in the files: {', '.join(blank)}.")
    files = ", ".join(dict.fromkeys(tm.file for tm in mapping.tables.values()))
    return DatasetMeta(
        name=name,
        description="The user's own files, mapped onto the data contracts.",
        source=f"{files} (mapping in {MAPPING_FILE})",
        assumptions=assumptions,
    )


def build_datadir(files: dict[str, bytes], mapping: Mapping, out: Path, name: str) -> list[Problem]:
    """Map and validate the files, then write a new data dir at `out`; with any error nothing is written.

    The tables are checked in memory first (problems name the source files), written to a hidden sibling
    folder, checked again as a data dir and only then moved into place, so `out` is never half written.
    """
    out = Path(out)
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        return [Problem(str(out), "already exists and is not empty; choose a new name (nothing was written)")]
    tables, empty, problems = map_tables(files, mapping)
    if errors(problems):
        return problems
    if not tables:
        return [*problems, Problem(name, "the mapping holds no table to write")]
    staging = out.parent / f".{out.name}.partial-{uuid.uuid4().hex[:8]}"
    try:
        write_datadir(staging, tables, _meta(mapping, name, empty))
        (staging / MAPPING_FILE).write_text(mapping.to_yaml(), encoding="utf-8")
        final = errors(validate_dir(staging))
        if final:
            return [*problems, *final]
        if out.exists():
            out.rmdir()
        staging.rename(out)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return problems


# Where data dirs are ---------------------------------------------------------------------------------


def slugify(name: str) -> str:
    """A folder name for a data dir: lower case words joined by '-'."""
    return re.sub(r"[^a-z0-9]+", "-", name.strip().lower()).strip("-") or "my-data"


def find_data_dirs(root: Path) -> list[Path]:
    """Folders under `root` (one level down, and root itself) holding at least one table file."""
    root = Path(root)
    if not root.is_dir():
        return []
    candidates = [root, *sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith("."))]
    return [p for p in candidates if any(find_table_file(p, t) for t in TABLES)]
