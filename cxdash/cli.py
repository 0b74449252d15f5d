"""`python -m cxdash`: the same functions the pages use, so every figure on screen can be printed.

Exit codes: 0 done, 1 the data (or an import) has errors, 2 a mistake on the command line (one line
naming the argument). Nothing prints a traceback: an unexpected failure is one line and exit 1.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from cxdash import figure_commands
from cxdash.analyst.cli import add_new_page_arguments, add_sql_arguments
from cxdash.arguments import (
    ENGINES,
    FORMATS,
    PROG,
    Parser,
    UsageError,
    add_figure_arguments,
    at_least,
    existing_folder,
    existing_path,
    iso_date,
    new_folder,
)
from cxdash.bench.options import MIN_CUSTOMERS as MIN_BENCH_CUSTOMERS
from cxdash.bench.options import new_json_file
from cxdash.drivers import commands as driver_commands
from cxdash.figures.registry import KPI_BY_NAME
from cxdash.ingest.mapping.cli import add_map_arguments, map_command
from cxdash.themes import commands as theme_commands
from cxdash.uplift.command import add_arguments as add_uplift_arguments
from cxdash.uplift.command import uplift as uplift_command

# Below this the sample cannot place its goals (measured over 60 seeds: 60 customers fail for 3, 100 for none).
MIN_SAMPLE_CUSTOMERS = 100


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
    from cxdash.bench.run import run_benchmark, write_json

    figures = run_benchmark(customers=args.customers, seed=args.seed, workdir=Path(args.workdir))
    if args.json:
        write_json(figures, args.json)
        print(f"wrote {args.json}")
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
    kpis.set_defaults(handler=figure_commands.kpis)

    overview = commands.add_parser("overview", help="print the Overview's tiles: values, intervals, changes, verdicts")
    overview.add_argument("dir", type=existing_folder)
    add_figure_arguments(overview, dates_required=False)
    overview.add_argument("--compare", choices=figure_commands.COMPARE, default="previous")
    overview.set_defaults(handler=figure_commands.overview)

    trend = commands.add_parser("trend", help="print every KPI per week or month of a period")
    trend.add_argument("dir", type=existing_folder)
    add_figure_arguments(trend)
    trend.add_argument("--grain", choices=("week", "month"), default="month")
    trend.set_defaults(handler=figure_commands.trend)

    from cxdash.goals import commands as goal_commands

    goals = commands.add_parser("goals", help=goal_commands.GOALS_HELP)
    goals.add_argument("dir", type=existing_folder)
    goals.add_argument("--as-of", type=iso_date, help="judge the goals on this day (default: the data's last day)")
    goals.add_argument("--engine", choices=ENGINES, default="duckdb", help="where the queries run")
    goals.add_argument("--format", choices=FORMATS, default="text", help="json, or text as the screen shows it")
    goals.set_defaults(handler=goal_commands.goals)

    suggest = commands.add_parser("suggest-target", help="propose an ambitious but achievable target from history")
    suggest.add_argument("dir", type=existing_folder)
    suggest.add_argument("--metric", required=True, choices=list(KPI_BY_NAME))
    suggest.add_argument("--deadline", required=True, type=iso_date, help="YYYY-MM-DD")
    suggest.add_argument("--as-of", type=iso_date, help="the day the goal would start (default: the data's last day)")
    suggest.add_argument("--window-days", type=at_least(1), default=90, help="the measurement window (default 90)")
    add_figure_arguments(suggest, dates_required=False, period=False)
    suggest.set_defaults(handler=goal_commands.suggest)

    uplift = commands.add_parser("uplift", help="print spend and retention by experience group, and the uplift")
    add_uplift_arguments(uplift)
    uplift.set_defaults(handler=uplift_command)

    imports = commands.add_parser("import", help="import a public data set into a data dir")
    imports.add_argument("name", choices=("telco", "olist", "online-retail", "airline"))
    imports.add_argument("src", type=existing_path, help="the data set's file or folder")
    imports.add_argument("--out", required=True, type=new_folder, help="a new folder")
    imports.set_defaults(handler=_import)

    mapping = commands.add_parser("map", help="apply a saved column mapping to your own files, write a new data dir")
    add_map_arguments(mapping)
    mapping.set_defaults(handler=map_command)

    from cxdash.cohorts.commands import add_commands as add_cohort_commands

    add_cohort_commands(commands, add_figure_arguments, existing_folder)

    bench = commands.add_parser("bench", help="time the Overview at scale, compare with pandas and polars")
    bench.add_argument("--customers", type=at_least(MIN_BENCH_CUSTOMERS), default=1_000_000)
    bench.add_argument("--seed", type=seed, default=7)
    bench.add_argument("--workdir", default="bench_data", help="where generated samples are kept and reused")
    bench.add_argument("--json", type=new_json_file, metavar="FILE", help="also write every figure to this new file")
    bench.set_defaults(handler=_bench)

    new_page = commands.add_parser("new-page", help="write a query, its contract and a page from the template")
    add_new_page_arguments(new_page)

    sql = commands.add_parser("sql", help="run one read-only SELECT on a data dir, sandboxed as the SQL explorer")
    add_sql_arguments(sql)

    drivers = commands.add_parser("drivers", help="print which touchpoints drive an outcome most (key drivers)")
    drivers.add_argument("dir", type=existing_folder)
    drivers.add_argument("--outcome", help="nps, csat, retention, spend, COLUMN or COLUMN=VALUE")
    add_figure_arguments(drivers, dates_required=False, period=False)
    drivers.set_defaults(handler=driver_commands.drivers)

    themes = commands.add_parser("themes", help="print pain points from comments, their scores, churn and cost")
    themes.add_argument("dir", type=existing_folder)
    add_figure_arguments(themes, dates_required=False, period=False)
    themes.set_defaults(handler=theme_commands.themes)
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
