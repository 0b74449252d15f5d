"""`python -m cxdash map FILE ... --mapping MAPPING.yaml --out DIR`: a mapping saved on the Data page, rerun.

Each FILE is matched to the mapping by its name; `TABLE=PATH` (for example `orders=may_export.csv`) uses
a file whose name differs from the one the mapping was made on. Prints problems in the words of `check`
and exits 1 on any error, writing nothing.
"""

from __future__ import annotations

import argparse
from dataclasses import replace
from pathlib import Path

from cxdash.ingest.contracts import TABLES
from cxdash.ingest.mapping.apply import build_datadir
from cxdash.ingest.mapping.model import Mapping, MappingError
from cxdash.ingest.problems import errors


def add_map_arguments(parser: argparse.ArgumentParser) -> None:
    """The `map` subcommand's arguments, kept beside the command so cli.py only registers it."""
    parser.add_argument("files", nargs="+", metavar="FILE", help="source files, or TABLE=PATH")
    parser.add_argument("--mapping", required=True, help="a mapping YAML saved from the Data page")
    parser.add_argument("--out", required=True, help="the new data dir (must not exist or be empty)")
    parser.add_argument("--name", help="the data's name shown in the app (default: the mapping's name)")


def _resolve(mapping: Mapping, paths: list[str]) -> tuple[Mapping, dict[str, Path], list[str]]:
    """The mapping with each table pointed at the file given for it, those files, and what went wrong."""
    tables = dict(mapping.tables)
    files: dict[str, Path] = {}
    failures = []
    for given in paths:
        table, sep, rest = given.partition("=")
        path = Path(rest if sep and table in TABLES else given)
        if sep and table in TABLES:
            if table not in tables:
                failures.append(f"{given}: the mapping has no table '{table}' (it has {', '.join(tables)})")
                continue
            tables[table] = replace(tables[table], file=path.name)
        elif not any(tm.file == path.name for tm in tables.values()):
            expected = ", ".join(f"{tm.table}: {tm.file}" for tm in tables.values())
            failures.append(f"{given}: not in the mapping (it expects {expected}); use TABLE=PATH to say which")
            continue
        if not path.is_file():
            failures.append(f"{given}: no such file")
            continue
        files[path.name] = path
    return Mapping(tables, mapping.name), files, failures


def map_command(args: argparse.Namespace) -> int:
    mapping_path = Path(args.mapping)
    if not mapping_path.is_file():
        print(f"no such mapping file: {mapping_path}")
        return 1
    try:
        mapping = Mapping.from_yaml(mapping_path.read_text(encoding="utf-8"))
    except (MappingError, UnicodeDecodeError) as exc:
        print(f"{mapping_path.name}: {exc}")
        return 1
    mapping, paths, failures = _resolve(mapping, args.files)
    for failure in failures:
        print(failure)
    if failures:
        return 1
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
