"""`python -m cxdash`: the same functions the pages use, so every figure on screen can be printed."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path

from cxdash.figures.counts import Filters
from cxdash.ingest.mapping.cli import add_map_arguments, map_command


def _sample(args: argparse.Namespace) -> int:
    from cxdash.ingest.sample import write_sample

    write_sample(Path(args.out), customers=args.customers, seed=args.seed)
    print(f"wrote the sample ({args.customers:,} customers, seed {args.seed}) to {args.out}")
    return 0


def _check(args: argparse.Namespace) -> int:
    from cxdash.ingest.loading import validate_dir
    from cxdash.ingest.problems import errors

    problems = validate_dir(Path(args.dir))
    for problem in problems:
        print(problem)
    if errors(problems):
        return 1
    print("ok")
    return 0


def _kpis(args: argparse.Namespace) -> int:
    from cxdash.engine.engine import open_engine
    from cxdash.figures.periods import Period

    engine = open_engine(Path(args.dir))
    if not engine.data.ok:
        for problem in engine.data.problems:
            print(problem, file=sys.stderr)
        return 1
    filters = Filters({"segment": (args.segment,)} if args.segment else {})
    values = engine.kpis(Period(date.fromisoformat(args.start), date.fromisoformat(args.end)), filters)
    result = values
    if args.format == "json":
        print(json.dumps(result))
    else:
        for key, value in result.items():
            print(f"{key:>14}  {value}")
    return 0


def _import(args: argparse.Namespace) -> int:
    from cxdash.ingest.importers import ImportFailed, run_import
    from cxdash.ingest.loading import validate_dir
    from cxdash.ingest.problems import errors

    try:
        report = run_import(args.name, Path(args.src), Path(args.out))
    except ImportFailed as exc:
        print(f"import failed: {exc}", file=sys.stderr)
        return 1
    print(report.summary())
    problems = errors(validate_dir(Path(args.out)))
    for problem in problems:
        print(problem)
    return 1 if problems else 0


def _bench(args: argparse.Namespace) -> int:
    from cxdash.bench.run import argument_problem, run_benchmark, write_json

    out = Path(args.json) if args.json else None
    if problem := argument_problem(args.customers, out):
        print(f"python -m cxdash bench: {problem}", file=sys.stderr)
        return 2
    figures = run_benchmark(customers=args.customers, seed=args.seed, workdir=Path(args.workdir))
    if out:
        write_json(figures, out)
        print(f"wrote {out}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m cxdash", description="cx-dashboard command line")
    commands = parser.add_subparsers(dest="command", required=True)

    sample = commands.add_parser("sample", help="write the embedded sample data dir")
    sample.add_argument("--out", required=True)
    sample.add_argument("--customers", type=int, default=20_000)
    sample.add_argument("--seed", type=int, default=7)
    sample.set_defaults(handler=_sample)

    check = commands.add_parser("check", help="validate a data dir: prints ok or every problem")
    check.add_argument("dir")
    check.set_defaults(handler=_check)

    kpis = commands.add_parser("kpis", help="print the KPIs of a period")
    kpis.add_argument("dir")
    kpis.add_argument("--start", required=True)
    kpis.add_argument("--end", required=True)
    kpis.add_argument("--segment")
    kpis.add_argument("--format", choices=("json", "text"), default="text")
    kpis.set_defaults(handler=_kpis)

    imports = commands.add_parser("import", help="import a public data set into a data dir")
    imports.add_argument("name", choices=("telco", "olist", "online-retail", "airline"))
    imports.add_argument("src")
    imports.add_argument("--out", required=True)
    imports.set_defaults(handler=_import)

    mapping = commands.add_parser("map", help="apply a saved column mapping to your own files, write a new data dir")
    add_map_arguments(mapping)
    mapping.set_defaults(handler=map_command)

    bench = commands.add_parser("bench", help="time the Overview at scale and compare with pandas")
    bench.add_argument("--customers", type=int, default=1_000_000)
    bench.add_argument("--seed", type=int, default=7)
    bench.add_argument("--workdir", default="bench_data", help="where the generated samples are kept")
    bench.add_argument("--json", metavar="FILE", help="also write every figure to this new JSON file")
    bench.set_defaults(handler=_bench)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.handler(args)
