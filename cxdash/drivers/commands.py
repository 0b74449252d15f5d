"""`python -m cxdash drivers DIR`: the key drivers the Drivers page draws, as JSON or text."""

from __future__ import annotations

import argparse
import json

from cxdash.arguments import UsageError, checked_filters
from cxdash.drivers.analysis import key_drivers
from cxdash.drivers.outcomes import OutcomeError, outcome_choices, parse_outcome
from cxdash.figure_commands import engine_for


def drivers(args: argparse.Namespace) -> int:
    engine = engine_for(args)
    if engine is None:
        return 1
    filters = checked_filters(engine.dimensions, args.segment, args.filter)
    if args.outcome is None:
        choices = outcome_choices(engine)
        if not choices:
            raise UsageError("argument --outcome: this data has no outcome a key-driver model could explain")
        outcome = choices[0]
    else:
        try:
            outcome = parse_outcome(args.outcome, engine)
        except OutcomeError as error:
            raise UsageError(f"argument --outcome: {error}") from None
    model = key_drivers(engine, outcome, filters)
    if args.format == "json":
        print(json.dumps(model.record()))
        return 0
    print(f"{engine.meta.name} · key drivers of {outcome.label}")
    if model.reason:
        print(f"no model: {model.reason}")
        return 0
    print(f"R-squared {model.r_squared:.3f} · {model.customers:,} customers · missing ratings: {model.missing}")
    print(f"{'touchpoint':<26}{'importance':>11}{'shapley':>9}{'score':>7}{'n':>9}")
    for row in model.drivers.iter_rows(named=True):
        shapley = "" if row["shapley"] is None else f"{100 * row['shapley']:.1f}%"
        print(f"{row['driver']:<26}{100 * row['importance']:>10.1f}%{shapley:>9}{row['score']:>7.1f}{row['n']:>9,}")
    return 0
