"""The CLI commands that print figures (`kpis`, `overview`, `trend`): the engine the pages use, the same
KPI registry and formatting, so every figure on screen can be printed and diffed."""

from __future__ import annotations

import argparse
import json
import sys

from cxdash.arguments import UsageError, check_within_data, checked_filters, checked_period
from cxdash.engine.choose import EngineUnavailable, open_any_engine
from cxdash.engine.engine import Engine
from cxdash.figures.formatting import format_change, format_figure
from cxdash.figures.periods import comparison_label, comparison_period, is_rolling
from cxdash.figures.registry import KPI_BY_NAME
from cxdash.overview.report import overview_record, trend_records
from cxdash.overview.tiles import VERDICTS

COMPARE = {"previous": "Previous period", "last-year": "Same period last year", "none": "None"}
COUNT_LABELS = {"active_start": "Active at start", "churned": "Churned"}


def engine_for(args: argparse.Namespace) -> Engine | None:
    """The engine the figures come from, or None after printing the data's errors (exit 1)."""
    try:
        engine = open_any_engine(args.dir, args.engine)
    except EngineUnavailable as error:
        raise UsageError(f"argument --engine: {error}") from error
    if not engine.data.ok:
        for problem in engine.data.problems:
            print(problem, file=sys.stderr)
        return None
    return engine


def _shown(key: str, figures: dict[str, float | int | None], engine: Engine) -> str:
    """One figure as the screen shows it, with n and the margin of error for survey KPIs."""
    kpi = KPI_BY_NAME[key]
    text = format_figure(key, figures[key], engine.meta.currency)
    if kpi.table not in engine.tables:
        return f"{text} (no {kpi.table.replace('_', ' ')} table)"
    if kpi.survey:
        n, margin = figures[f"{key}_n"], figures.get(f"{key}_moe95")
        if figures[key] is not None and margin is not None:
            text += f" ± {margin:.1f}"
        text += f" (n = {n:,})" if n else " (no responses)"
    return text


def _text_lines(figures: dict[str, float | int | None], engine: Engine) -> list[str]:
    lines = []
    for key, value in figures.items():
        if key in COUNT_LABELS:
            lines.append(f"{COUNT_LABELS[key]:<18} {format_figure(key, value)}")
        elif key in KPI_BY_NAME:
            lines.append(f"{KPI_BY_NAME[key].label:<18} {_shown(key, figures, engine)}")
    return lines


def kpis(args: argparse.Namespace) -> int:
    period = checked_period(args.start, args.end)
    engine = engine_for(args)
    if engine is None:
        return 1
    filters = checked_filters(engine.dimensions, args.segment, args.filter)
    check_within_data(period, engine.data.first_date, engine.data.as_of)
    figures = engine.kpis(period, filters)
    if args.format == "json":
        print(json.dumps(figures))
        return 0
    print(f"{engine.meta.name} · {period} · {engine.meta.currency}")
    print("\n".join(_text_lines(figures, engine)))
    return 0


def overview(args: argparse.Namespace) -> int:
    if (args.start is None) != (args.end is None):
        raise UsageError("arguments --start/--end: give both, or neither for the dashboard's default period")
    engine = engine_for(args)
    if engine is None:
        return 1
    filters = checked_filters(engine.dimensions, args.segment, args.filter)
    name = COMPARE[args.compare]
    if args.start is None:
        _preset, period, comparison, label = engine.default_view(name)
    else:
        period = checked_period(args.start, args.end)
        check_within_data(period, engine.data.first_date, engine.data.as_of)
        comparison = comparison_period(period, name, "Custom")
        label = comparison_label(comparison, is_rolling(period, name, "Custom"))
    tiles = engine.overview(period, comparison, filters).tiles
    if args.format == "json":
        print(json.dumps(overview_record(tiles, period, comparison, label, engine.meta.currency)))
        return 0
    print(f"{engine.meta.name} · {period}" + (f" {label}" if label else ""))
    for tile in tiles:
        value = format_figure(tile.kpi.name, tile.value, engine.meta.currency)
        change = format_change(tile.kpi, tile.change, tile.previous)
        verdict = "" if change is None else f" · {change} {label or ''}, {VERDICTS[tile.verdict]}"
        print(f"{tile.kpi.label:<20} {value}{verdict}" + (f" · {tile.reason}" if tile.reason else ""))
    return 0


def trend(args: argparse.Namespace) -> int:
    period = checked_period(args.start, args.end)
    engine = engine_for(args)
    if engine is None:
        return 1
    filters = checked_filters(engine.dimensions, args.segment, args.filter)
    check_within_data(period, engine.data.first_date, engine.data.as_of)
    table = engine.trend(period, filters, args.grain)
    names = [kpi.name for kpi in engine.kpis_shown]
    records = trend_records(table, names)
    if args.format == "json":
        print(json.dumps(records))
        return 0
    print("bucket".ljust(26) + "".join(KPI_BY_NAME[n].label.rjust(18) for n in names))
    for record in records:
        dates = f"{record['bucket_start']}..{record['bucket_end']}" + ("*" if record["partial"] else "")
        cells = "".join(format_figure(n, record[n], engine.meta.currency).rjust(18) for n in names)
        print(dates.ljust(26) + cells)
    print("* partial: the bucket is cut by the period's start or end")
    return 0
