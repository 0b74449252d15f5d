"""`python -m cxdash themes DIR`: the pain points the Pain points page shows, as JSON or text."""

from __future__ import annotations

import argparse
import json

from cxdash.arguments import checked_filters
from cxdash.figure_commands import engine_for
from cxdash.figures.formatting import format_money
from cxdash.themes.reading import themed_comments
from cxdash.themes.report import theme_report, view_totals
from cxdash.themes.root_cause import respondents
from cxdash.themes.taxonomy import TaxonomyError


def _rate(value: float | None) -> str:
    return "–" if value is None else f"{100 * value:.1f}%"


def themes(args: argparse.Namespace) -> int:
    engine = engine_for(args)
    if engine is None:
        return 1
    filters = checked_filters(engine.dimensions, args.segment, args.filter)
    try:
        themed = themed_comments(engine, filters)
    except TaxonomyError as error:
        print(error)
        return 1
    report = theme_report(themed, view_totals(engine, filters), respondents(engine, filters))
    if args.format == "json":
        print(json.dumps(report.to_dicts(), default=str))
        return 0
    currency = engine.meta.currency
    print(f"{engine.meta.name} · {themed.comments.height:,} comments · themes from {themed.taxonomy_file.name}")
    print(f"{'theme':<34}{'answers':>8}{'score':>8}{'others':>8}{'churn':>8}{'others':>8}{'at risk':>12}")
    for row in report.iter_rows(named=True):
        name = ("* " if row["discovered"] else "") + row["theme"]
        score = "–" if row["score"] is None else f"{row['score']:.1f}"
        others = "–" if row["score_others"] is None else f"{row['score_others']:.1f}"
        risk = "–" if row["revenue_at_risk"] is None else format_money(row["revenue_at_risk"], currency, compact=True)
        print(
            f"{name[:33]:<34}{row['responses']:>8,}{score:>8}{others:>8}"
            f"{_rate(row['churn_rate']):>8}{_rate(row['churn_rate_others']):>8}{risk:>12}"
        )
    print("* discovered in comments no theme covers; scores in each theme's metric (NPS, CSAT %, CES)")
    return 0
