"""The CLI's `cohorts` and `survival` commands: the page's own functions (`analysis`), printed."""

from __future__ import annotations

import argparse
import json

from cxdash.arguments import UsageError, checked_filters, checked_period
from cxdash.cohorts import analysis
from cxdash.cohorts.survival import MARKS, Curve
from cxdash.cohorts.table import KINDS
from cxdash.engine.engine import Engine
from cxdash.figure_commands import engine_for


def _cohort_name(cohort, quarterly: bool) -> str:
    return f"{cohort.year}-Q{(cohort.month - 1) // 3 + 1}" if quarterly else f"{cohort:%Y-%m}"


def cohort_records(engine: Engine, args: argparse.Namespace) -> list[dict]:
    """One record per cohort and month k: cohort (YYYY-MM, or YYYY-Qn by quarter), month, size, value (a
    fraction, null where the data cannot know it) and customers (retained or ordering at k)."""
    filters = checked_filters(engine.dimensions, args.segment, args.filter)
    table = analysis.cohorts(engine, filters, args.kind, args.quarterly)
    if args.start is not None or args.end is not None:
        period = checked_period(args.start or table["cohort"].min(), args.end or table["cohort"].max())
        table = table.filter(table["cohort"].is_between(period.start, period.end))
    return [
        {
            "cohort": _cohort_name(row["cohort"], args.quarterly),
            "month": row["month"],
            "size": row["size"],
            "value": row["value"],
            "customers": row["customers"],
        }
        for row in table.iter_rows(named=True)
    ]


def cohorts(args: argparse.Namespace) -> int:
    engine = engine_for(args)
    if engine is None:
        return 1
    records = cohort_records(engine, args)
    if args.format == "json":
        print(json.dumps(records))
        return 0
    print(f"{engine.meta.name} · {KINDS[args.kind]} · cohort (size) by months since sign-up; blank: not known yet")
    months = sorted({r["month"] for r in records})
    print("cohort".ljust(16) + "".join(f"{m:>7}" for m in months))
    by_cohort: dict[str, dict[int, dict]] = {}
    for record in records:
        by_cohort.setdefault(record["cohort"], {})[record["month"]] = record
    for name, cells in by_cohort.items():
        size = next(iter(cells.values()))["size"]
        shown = [cells.get(m, {}).get("value") for m in months]
        print(f"{name} ({size:,})".ljust(16) + "".join("".rjust(7) if v is None else f"{v:>7.1%}" for v in shown))
    return 0


def _check_by(engine: Engine, by: str) -> None:
    known = sorted(engine.dimensions) + [m for m in ("nps", "csat", "ces") if m in engine.survey_metrics]
    if by not in known:
        raise UsageError(
            f"argument --by: '{by}' is not a dimension or survey metric of this data (known: {', '.join(known)})"
        )


def curve_record(curve: Curve) -> dict:
    return {
        "group": curve.group,
        "customers": curve.customers,
        "churned": curve.churned,
        "median_months": curve.median,
        "median_low": curve.median_low,
        "median_high": curve.median_high,
        **{f"share_{m}": None if curve.shares[m] is None else curve.shares[m].value for m in MARKS},
        "points": curve.points.to_dicts(),
    }


def survival_record(engine: Engine, args: argparse.Namespace) -> dict:
    """Per group the Kaplan-Meier points (months, survival, low, high, at_risk), the median lifetime in
    months (null while more than half remain) and the shares left at 6 and 12 months; the log-rank test."""
    if args.start is not None or args.end is not None:
        raise UsageError("arguments --start/--end: survival takes every customer's whole lifetime, not a period")
    _check_by(engine, args.by)
    filters = checked_filters(engine.dimensions, args.segment, args.filter)
    found = analysis.survival_by(engine, args.by, filters)
    test = found.test
    return {
        "by": args.by,
        "clock": "from the first answer" if analysis.is_experience(args.by) else "from sign-up",
        "p_value": test.p_value if test else None,
        "statistic": test.statistic if test else None,
        "dof": test.dof if test else None,
        "groups": [curve_record(c) for c in found.curves],
    }


def survival(args: argparse.Namespace) -> int:
    engine = engine_for(args)
    if engine is None:
        return 1
    record = survival_record(engine, args)
    if args.format == "json":
        print(json.dumps(record))
        return 0
    print(f"{engine.meta.name} · survival by {args.by} ({record['clock']})")
    print(
        "group".ljust(22)
        + "customers".rjust(10)
        + "median (months)".rjust(17)
        + "left at 6".rjust(11)
        + "at 12".rjust(9)
    )
    for group in record["groups"]:
        median = "not reached" if group["median_months"] is None else f"{group['median_months']:.1f}"
        shares = "".join(
            "–".rjust(w) if group[f"share_{m}"] is None else f"{group[f'share_{m}']:.0%}".rjust(w)
            for m, w in ((6, 11), (12, 9))
        )
        print(f"{group['group'][:21]:<22}{group['customers']:>10,}{median:>17}{shares}")
    p = record["p_value"]
    print("log-rank test: " + ("not possible (fewer than two groups)" if p is None else f"p = {p:.3g}"))
    return 0


def add_commands(commands: argparse._SubParsersAction, add_figure_arguments, existing_folder) -> None:
    """The two subcommands, added to the CLI's parser."""
    cohort = commands.add_parser("cohorts", help="print the cohort table: retention by sign-up month and month since")
    cohort.add_argument("dir", type=existing_folder)
    add_figure_arguments(cohort, dates_required=False)
    cohort.add_argument("--kind", choices=tuple(KINDS), default="logo")
    cohort.add_argument("--quarterly", action="store_true", help="cohorts by sign-up quarter")
    cohort.set_defaults(handler=cohorts)

    lives = commands.add_parser("survival", help="print Kaplan-Meier survival by a dimension or an experience group")
    lives.add_argument("dir", type=existing_folder)
    add_figure_arguments(lives, dates_required=False)
    lives.add_argument("--by", required=True, metavar="DIMENSION|nps|csat|ces")
    lives.set_defaults(handler=survival)
