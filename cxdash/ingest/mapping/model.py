"""The column mapping itself: what the user chose for each table, checked, and saved as YAML.

A mapping says, per table, which file it comes from, which source column fills each contract column
(or a constant, such as `metric: csat` for a file of CSAT answers only) and which other columns to leave
out. It is saved as YAML, so the page and `python -m cxdash map` apply the same one. Both classes are
typed (pydantic dataclasses): a mapping read from YAML or built on the page is checked the same way.
Reading uploads is in `mapping.read`, guessing a mapping in `mapping.guess`, applying one and writing a
data dir in `mapping.apply`.
"""

from __future__ import annotations

from dataclasses import asdict, field

import yaml
from pydantic import ConfigDict, TypeAdapter, ValidationError, model_validator
from pydantic.dataclasses import dataclass

from cxdash.ingest.config import explain, load_yaml
from cxdash.ingest.contracts import TABLES
from cxdash.ingest.problems import Problem


class MappingError(ValueError):
    """A mapping file that cannot be used, with a message for a person."""


@dataclass(config=ConfigDict(extra="forbid"))
class TableMapping:
    """How one source file becomes one contract table."""

    table: str
    file: str
    columns: dict[str, str | None] = field(default_factory=dict)  # contract column -> source column
    constants: dict[str, str] = field(default_factory=dict)  # contract column -> one value for every row
    leave_out: list[str] = field(default_factory=list)  # source columns not kept as extras

    @model_validator(mode="after")
    def _fits_the_contract(self) -> TableMapping:
        if self.table not in TABLES:
            raise ValueError(f"unknown table '{self.table}'; expected one of {', '.join(TABLES)}")
        if not self.file.strip():
            raise ValueError("names no 'file'")
        contract = TABLES[self.table].column_names
        for name in [*self.columns, *self.constants]:
            if name not in contract:
                raise ValueError(f"'{name}' is not a column of {self.table}; expected one of {', '.join(contract)}")
        both = [c for c in self.constants if self.columns.get(c)]
        if both:
            raise ValueError(f"'{both[0]}' has both a source column and a constant; keep one")
        return self

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
            raw = load_yaml(text)
        except yaml.YAMLError as exc:
            raise MappingError(f"the mapping is not valid YAML ({str(exc).splitlines()[0]})") from None
        if not isinstance(raw, dict) or not isinstance(raw.get("tables"), dict) or not raw["tables"]:
            raise MappingError("the mapping has no 'tables' (expected tables: customers/orders/survey_responses)")
        unknown = [key for key in raw if key not in ("name", "tables")]
        if unknown:
            raise MappingError(f"unknown key '{unknown[0]}' in the mapping (expected name and tables)")
        tables = {str(table): _table_from_dict(str(table), spec) for table, spec in raw["tables"].items()}
        return cls(tables, str(raw.get("name") or ""))


def _table_from_dict(table: str, spec: object) -> TableMapping:
    if not isinstance(spec, dict):
        raise MappingError(f"table '{table}' in the mapping must be keys with values (file, columns, ...)")
    given = {k: v for k, v in spec.items() if v is not None}
    given["constants"] = {k: v for k, v in (given.get("constants") or {}).items() if v is not None}
    try:
        return TypeAdapter(TableMapping).validate_python({"table": table, "file": "", **given})
    except ValidationError as exc:
        raise MappingError(explain(exc.errors()[0], f"table '{table}'")) from None


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
