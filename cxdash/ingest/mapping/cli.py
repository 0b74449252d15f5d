"""`python -m cxdash map FILE ... --mapping MAPPING.yaml --out DIR`: a mapping saved on the Data page, rerun.

Each FILE is matched to the mapping by its name; `TABLE=PATH` (for example `orders=may_export.csv`) uses
a file whose name differs from the one the mapping was made on. A mistake in the arguments (a missing
file, a file the mapping does not know, an --out that exists) exits 2 with one line; problems in the
files print in the words of `check` and exit 1, writing nothing.
"""

from __future__ import annotations

import argparse
from dataclasses import replace
from pathlib import Path

from cxdash.arguments import UsageError, existing_file, new_folder
from cxdash.ingest.contracts import TABLES
from cxdash.ingest.mapping.apply import build_datadir
from cxdash.ingest.mapping.model import Mapping, MappingError
from cxdash.ingest.problems import errors


def add_map_arguments(parser: argparse.ArgumentParser) -> None:
    """The `map` subcommand's arguments, kept beside the command so cli.py only registers it."""
    parser.add_argument("files", nargs="+", metavar="FILE", help="source files, or TABLE=PATH")
    parser.add_argument("--mapping", required=True, type=existing_file, help="a mapping YAML saved from the Data page")
    parser.add_argument("--out", required=True, type=new_folder, help="the new data dir (must not exist)")
    parser.add_argument("--name", help="the data's name shown in the app (default: the mapping's name)")


def _resolve(mapping: Mapping, paths: list[str]) -> tuple[Mapping, dict[str, Path]]:
    """The mapping with each table pointed at the file given for it, and those files; UsageError if one
    is missing or unknown to the mapping."""
    tables = dict(mapping.tables)
    files: dict[str, Path] = {}
    for given in paths:
        table, sep, rest = given.partition("=")
        path = Path(rest if sep and table in TABLES else given)
        if sep and table in TABLES:
            if table not in tables:
                known = ", ".join(tables)
                raise UsageError(f"argument FILE: {given}: the mapping has no table '{table}' (it has {known})")
            tables[table] = replace(tables[table], file=path.name)
        elif not any(tm.file == path.name for tm in tables.values()):
            expected = ", ".join(f"{tm.table}: {tm.file}" for tm in tables.values())
            raise UsageError(f"argument FILE: {given} is not in the mapping (it expects {expected}); use TABLE=PATH")
        if not path.is_file():
            raise UsageError(f"argument FILE: no such file: {given}")
        files[path.name] = path
    return Mapping(tables, mapping.name), files


def map_command(args: argparse.Namespace) -> int:
    mapping_path = Path(args.mapping)
    try:
        mapping = Mapping.from_yaml(mapping_path.read_text(encoding="utf-8"))
    except (MappingError, UnicodeDecodeError) as exc:
        print(f"{mapping_path.name}: {exc}")
        return 1
    mapping, paths = _resolve(mapping, args.files)
    out = Path(args.out)
    name = args.name or mapping.name or out.name
    problems = build_datadir({file: path.read_bytes() for file, path in paths.items()}, mapping, out, name)
    for problem in problems:
        print(problem)
    if errors(problems):
        print(f"nothing written to {out}")
        return 1
    print(f"wrote {out} ({', '.join(mapping.tables)}); check it with: python -m cxdash check {out}")
    return 0
