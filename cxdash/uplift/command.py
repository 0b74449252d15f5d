"""`python -m cxdash uplift DIR`: the uplift page's figures on the command line."""

from __future__ import annotations

import argparse
import json
import sys

from cxdash.arguments import UsageError, add_figure_arguments, checked_filters, existing_folder
from cxdash.figure_commands import engine_for
from cxdash.uplift.analysis import uplift_for
from cxdash.uplift.customers import METRICS, metrics_with_answers
from cxdash.uplift.record import text_lines, uplift_record


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """No period: every first answer up to 365 days before as_of counts, as on the page."""
    parser.add_argument("dir", type=existing_folder)
    parser.add_argument(
        "--metric",
        choices=METRICS,
        help="the survey whose first answer sets the group (default: the first the data has)",
    )
    parser.add_argument("--satisfied", action="store_true", help="CSAT only: satisfied (4-5) against the rest")
    add_figure_arguments(parser, dates_required=False, period=False)


def uplift(args: argparse.Namespace) -> int:
    engine = engine_for(args)
    if engine is None:
        return 1
    filters = checked_filters(engine.dimensions, args.segment, args.filter)
    known = metrics_with_answers(engine)
    if not known or engine.data.as_of is None:
        print(f"{engine.meta.name}: no survey answers of known customers, so no uplift", file=sys.stderr)
        return 1
    metric = args.metric or known[0]
    if metric not in known:
        raise UsageError(f"argument --metric: this data has no {metric} answers (it has: {', '.join(known)})")
    if args.satisfied and metric != "csat":
        raise UsageError("argument --satisfied: only for --metric csat")
    result = uplift_for(engine, metric, filters, satisfied=args.satisfied)
    currency = engine.meta.currency
    if args.format == "json":
        grouping = "satisfied" if args.satisfied else "bands"
        print(json.dumps(uplift_record(result, grouping, engine.data.as_of.isoformat(), currency)))
        return 0
    print(f"{engine.meta.name} · {metric.upper()} first answers · 12 months after · {currency}")
    print("\n".join(text_lines(result, currency)))
    return 0
