"""The column mapping itself: what the user chose for each table, checked, and saved as YAML.

A mapping says, per table, which file it comes from, which source column fills each contract column
(or a constant, such as `metric: csat` for a file of CSAT answers only) and which other columns to leave
out. It is saved as YAML, so the page and `python -m cxdash map` apply the same one. Reading uploads is in
`mapping_read`, guessing a mapping in `mapping_guess`, applying one and writing a data dir in `mapping_apply`.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

import yaml

from cxdash.ingest.contracts import TABLES
from cxdash.ingest.problems import Problem


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
