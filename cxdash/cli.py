"""`python -m cxdash`: the same functions the pages use, so every figure on screen can be printed.

Exit codes: 0 done, 1 the data (or an import) has errors, 2 a mistake on the command line (one line
naming the argument). Nothing prints a traceback: an unexpected failure is one line and exit 1.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from cxdash.arguments import (
    PROG,
    Parser,
    UsageError,
    add_figure_arguments,
    at_least,
    check_within_data,
    checked_filters,
    checked_period,
    existing_folder,
    existing_path,
    new_folder,
)
from cxdash.figures.counts import CLI_KEYS
from cxdash.figures.formatting import format_value
from cxdash.figures.registry import KPI_BY_NAME
from cxdash.ingest.mapping.cli import add_map_arguments, map_command

if TYPE_CHECKING:
    from cxdash.engine.engine import Engine

# Below this the sample cannot place its goals (measured over 60 seeds: 60 customers fail for 3, 100 for none).
MIN_SAMPLE_CUSTOMERS = 100
# The contract's keys plus the two KPIs the screen also shows.
KPI_KEYS = (*CLI_KEYS, "retention_rate", "active_customers")
COUNT_LABELS = {"active_start": "Active at start", "churned": "Churned"}


def _sample(args: argparse.Namespace) -> int:
    from cxdash.ingest.sample import write_sample

    write_sample(args.out, customers=args.customers, seed=args.seed)
    print(f"wrote the sample ({args.customers:,} customers, seed {args.seed}) to {args.out}")
    return 0


def _check(args: argparse.Namespace) -> int:
    from cxdash.ingest.loading import validate_dir
    from cxdash.ingest.problems import errors

    problems = validate_dir(args.dir)
    for problem in problems:
        print(problem)
    if errors(problems):
        return 1
    print("ok")
    return 0


def _open_engine(args: argparse.Namespace) -> Engine | None:
    """The engine the figures come from, or None after printing the data's errors (exit 1)."""
    if args.engine == "spark":
        raise UsageError("argument --engine: spark is not available yet (it requires requirements-spark.txt)")
    from cxdash.engine.engine import open_engine

    engine = open_engine(args.dir)
    if not engine.data.ok:
        for problem in engine.data.problems:
            print(problem, file=sys.stderr)
        return None
    return engine


def _table_of(key: str) -> str:
    """The table a figure is computed from (`nps_n` and `nps_moe95` belong to NPS; counts to customers)."""
    kpi = KPI_BY_NAME.get(key) or KPI_BY_NAME.get(key.rsplit("_", 1)[0])
    return kpi.table if kpi else "customers"


def defined_figures(values: dict[str, float | int | None], tables: set[str]) -> dict[str, float | int | None]:
    """The CLI's figures, null where the data has no table to compute one from: revenue without an orders
    table is unknown, not 0."""
    return {key: value if _table_of(key) in tables else None for key, value in values.items() if key in KPI_KEYS}


def _shown(key: str, figures: dict[str, float | int | None], tables: set[str]) -> str:
    """One figure as the screen shows it, with n and the margin of error for survey KPIs."""
    kpi = KPI_BY_NAME[key]
    text = format_value(kpi, figures[key])
    if kpi.table not in tables:
        return f"{text} (no {kpi.table.replace('_', ' ')} table)"
    if kpi.survey:
        n = figures[f"{key}_n"]
        margin = figures.get(f"{key}_moe95")
        if figures[key] is not None and margin is not None:
            text += f" ± {margin:.1f}"
        text += f" (n = {n:,})" if n else " (no responses)"
    return text


def text_lines(figures: dict[str, float | int | None], tables: set[str]) -> list[str]:
    lines = []
    for key, value in figures.items():
        if key in COUNT_LABELS:
            lines.append(f"{COUNT_LABELS[key]:<18} {'–' if value is None else f'{value:,}'}")
        elif key in KPI_BY_NAME:
            lines.append(f"{KPI_BY_NAME[key].label:<18} {_shown(key, figures, tables)}")
    return lines


def _kpis(args: argparse.Namespace) -> int:
    period = checked_period(args.start, args.end)
    engine = _open_engine(args)
    if engine is None:
        return 1
    filters = checked_filters(engine.dimensions, args.segment, args.filter)
    check_within_data(period, engine.data.first_date, engine.data.as_of)
    figures = defined_figures(engine.kpis(period, filters), engine.tables)
    if args.format == "json":
        print(json.dumps(figures))
    else:
        print(f"{engine.data.meta.name} · {period}")
        print("\n".join(text_lines(figures, engine.tables)))
    return 0


def _import(args: argparse.Namespace) -> int:
    from cxdash.ingest.importers import ImportFailed, run_import
    from cxdash.ingest.loading import validate_dir
    from cxdash.ingest.problems import errors

    try:
        report = run_import(args.name, args.src, args.out)
    except ImportFailed as exc:
        print(f"import failed: {exc}", file=sys.stderr)
        return 1
    print(report.summary())
    problems = errors(validate_dir(args.out))
    for problem in problems:
        print(problem)
    return 1 if problems else 0


def _bench(args: argparse.Namespace) -> int:
    from cxdash.bench.run import run_benchmark

    run_benchmark(customers=args.customers, seed=args.seed, workdir=Path(args.workdir))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(prog=PROG, description="cx-dashboard command line")
    commands = parser.add_subparsers(dest="command", required=True)
    seed = at_least(0)

    sample = commands.add_parser("sample", help="write the embedded sample data dir")
    sample.add_argument("--out", required=True, type=new_folder, help="a new folder")
    sample.add_argument("--customers", type=at_least(MIN_SAMPLE_CUSTOMERS), default=20_000)
    sample.add_argument("--seed", type=seed, default=7)
    sample.set_defaults(handler=_sample)

    check = commands.add_parser("check", help="validate a data dir: prints ok or every problem")
    check.add_argument("dir", type=existing_folder)
    check.set_defaults(handler=_check)

    kpis = commands.add_parser("kpis", help="print the KPIs of a period")
    kpis.add_argument("dir", type=existing_folder)
    add_figure_arguments(kpis)
    kpis.set_defaults(handler=_kpis)

    imports = commands.add_parser("import", help="import a public data set into a data dir")
    imports.add_argument("name", choices=("telco", "olist", "online-retail", "airline"))
    imports.add_argument("src", type=existing_path, help="the data set's file or folder")
    imports.add_argument("--out", required=True, type=new_folder, help="a new folder")
    imports.set_defaults(handler=_import)

    mapping = commands.add_parser("map", help="apply a saved column mapping to your own files, write a new data dir")
    add_map_arguments(mapping)
    mapping.set_defaults(handler=map_command)

    bench = commands.add_parser("bench", help="time the Overview at scale and compare with pandas")
    bench.add_argument("--customers", type=at_least(MIN_SAMPLE_CUSTOMERS), default=1_000_000)
    bench.add_argument("--seed", type=seed, default=7)
    bench.add_argument("--workdir", default="bench_data", help="where generated samples are kept and reused")
    bench.set_defaults(handler=_bench)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run one command; returns its exit code (argparse's own --help still exits through SystemExit)."""
    args = None
    try:
        args = build_parser().parse_args(argv)
        return args.handler(args)
    except UsageError as exc:
        prog = exc.prog or (f"{PROG} {args.command}" if args else PROG)
        print(f"{prog}: error: {exc}", file=sys.stderr)
        return 2
    except Exception as exc:
        first = str(exc).splitlines()[0] if str(exc) else ""
        print(f"{PROG}: unexpected error: {type(exc).__name__}{': ' + first if first else ''}", file=sys.stderr)
        return 1
