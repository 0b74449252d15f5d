"""The CLI commands `goals` and `suggest-target`: the same functions the Goals page calls."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date

from cxdash.arguments import UsageError, checked_filters
from cxdash.engine.engine import Engine
from cxdash.figure_commands import engine_for
from cxdash.figures.registry import KPI_BY_NAME
from cxdash.goals.forecast import ASSUMES
from cxdash.goals.report import GoalReport, default_as_of, evaluate, summary_line
from cxdash.goals.suggest import suggest_target
from cxdash.goals.words import value_text
from cxdash.ingest.goals import read_goals

GOALS_HELP = "print each goal's baseline, actual, forecast, probability, status and SMART check. " + ASSUMES


def _as_of(engine: Engine, given: date | None) -> date:
    as_of = given or default_as_of(engine)
    first = engine.data.first_date
    if first and as_of < first:
        raise UsageError(f"argument --as-of: {as_of} is before the data, which starts {first}")
    return as_of


def _text(report: GoalReport, currency: str) -> list[str]:
    goal, metric = report.goal, report.goal.metric
    shown = lambda v: value_text(metric, v, currency)  # noqa: E731
    lines = [
        f"{goal.id}: {goal.name} ({KPI_BY_NAME[metric].label}, {goal.scope_text()}) · {report.status or 'not measured'}"
    ]
    actual = shown(report.actual.value)
    if report.actual.low is not None:
        actual += f" (95% {shown(report.actual.low)} to {shown(report.actual.high)})"
    lines.append(
        f"  baseline {shown(report.baseline)} · target {shown(goal.target)} by {goal.deadline or 'no deadline'}"
        f" · actual {actual}"
    )
    if report.forecast:
        lines.append(
            f"  forecast at the deadline {shown(report.forecast.value)} "
            f"({shown(report.forecast.low)} to {shown(report.forecast.high)})"
        )
    if report.probability is not None:
        lines.append(f"  probability of reaching the target {report.probability:.0%}")
    lines.append(f"  {report.pace.reason}" + (f" {report.actual.reason}" if report.actual.reason else ""))
    lines += [f"  {name.replace('_', '-')}: {check.result} · {check.reason}" for name, check in report.smart.items()]
    return lines


def goals(args: argparse.Namespace) -> int:
    engine = engine_for(args)
    if engine is None:
        return 1
    as_of = _as_of(engine, args.as_of)
    found, problems = read_goals(args.dir, engine.dimensions)
    reports = [evaluate(engine, goal, as_of) for goal in found]
    if args.format == "json":
        print(json.dumps([r.as_json() for r in reports]))
    else:
        print(f"{engine.meta.name} · goals as of {as_of} · {summary_line(reports, engine.meta.currency)}")
        for report in reports:
            print("\n".join(_text(report, engine.meta.currency)))
    for problem in problems:
        print(problem, file=sys.stderr)
    return 0


def suggest(args: argparse.Namespace) -> int:
    engine = engine_for(args)
    if engine is None:
        return 1
    if not engine.shows(KPI_BY_NAME[args.metric]):
        raise UsageError(f"argument --metric: this data has no {KPI_BY_NAME[args.metric].label} figures")
    filters = checked_filters(engine.dimensions, args.segment, args.filter)
    as_of = _as_of(engine, args.as_of)
    if args.deadline <= as_of:
        raise UsageError(f"argument --deadline: {args.deadline} is not after the as-of date {as_of}")
    found = suggest_target(engine, args.metric, filters, args.deadline, as_of, args.window_days)
    if args.format == "json":
        print(json.dumps(found.as_json(filters)))
        return 0
    currency = engine.meta.currency
    print(
        f"Suggested target: {KPI_BY_NAME[args.metric].label} {value_text(args.metric, found.target, currency)} "
        f"by {args.deadline}" + (f" ({found.probability:.0%} likely)" if found.probability is not None else "")
    )
    print("\n".join(f"  {reason}" for reason in found.reasons))
    return 0
