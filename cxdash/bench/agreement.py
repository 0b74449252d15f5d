"""Whether the engine's Overview and an analyst's recomputation from raw rows agree, figure by figure.

Compared: the CLI `kpis` of the period, every tile's value and n for the period and its comparison, every
trend bucket's dates, values and n, and the churn sparklines. Where the engine shows no figure it must
have the reason a tile gives: the measure was not observed over that period, or fewer observations than
the KPI's minimum lie behind it (by the analyst's own count).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from cxdash.bench.analyst import AnalystOverview, Figures, State
from cxdash.engine.engine import CLI_KEYS, Engine
from cxdash.figures.periods import Period
from cxdash.figures.registry import KPI_BY_NAME
from cxdash.overview.tiles import unobserved

REL_TOL = 1e-6
CHECKED_KEYS = tuple(key for key in CLI_KEYS if key != "nps_moe95")  # the analysts compute no margin
N_KEY = {  # the count behind each figure, by DESIGN.md
    "nps": "nps_n",
    "csat": "csat_n",
    "ces": "ces_n",
    "churn_rate": "active_start",
    "retention_rate": "active_start",
    "revenue": "orders",
    "aov": "orders",
}


@dataclass
class Agreement:
    compared: int = 0  # figures equal on both sides
    hidden: int = 0  # figures the engine hides for a reason the analyst's counts confirm
    differences: list[str] = field(default_factory=list)


def _same(a: float | None, b: float | None) -> bool:
    return (a is None) == (b is None) and (a is None or math.isclose(a, b, rel_tol=REL_TOL, abs_tol=1e-9))


def _hidden_for_reason(
    name: str, period: Period, analyst: Figures, engine: Engine, minimum: bool, strict: bool
) -> bool:
    kpi = KPI_BY_NAME.get(name)
    if kpi is None:
        return False
    if unobserved(kpi, period, engine.windows, strict) or not engine.shows(kpi):
        return True
    return minimum and name in N_KEY and analyst[N_KEY[name]] < kpi.minimum


def _check(
    found: Agreement,
    where: str,
    name: str,
    ours: float | None,
    theirs: Figures,
    period: Period,
    engine: Engine,
    strict: bool = False,
) -> None:
    """One figure: equal, or hidden by the engine for a stated reason (`minimum` applies to screens only;
    `strict` windows to comparison periods, as tiles apply them)."""
    minimum = not where.startswith("kpis")
    if _same(ours, theirs[name]):
        found.compared += 1
    elif ours is None and _hidden_for_reason(name, period, theirs, engine, minimum, strict):
        found.hidden += 1
    else:
        found.differences.append(f"{where} {name}: engine {ours!r} vs {theirs[name]!r}")


def agreement(engine: Engine, state: State, analyst: AnalystOverview) -> Agreement:
    """Every Overview figure of one state, the engine's against the analyst's."""
    found = Agreement()
    kpis = engine.kpis(state.period, state.filters)
    for key in CHECKED_KEYS:
        _check(found, f"kpis {state.period}", key, kpis[key], analyst.current, state.period, engine)

    overview = engine.overview(state.period, state.comparison, state.filters)
    for tile in overview.tiles:
        name = tile.kpi.name
        _check(found, f"tile {state.period}", name, tile.value, analyst.current, state.period, engine)
        if name in N_KEY and tile.n is not None:
            _check(found, f"tile {state.period}", N_KEY[name], tile.n, analyst.current, state.period, engine)
        if state.comparison and tile.value is not None:
            previous = analyst.previous
            where = f"tile vs {state.comparison}"
            _check(found, where, name, tile.previous, previous, state.comparison, engine, strict=True)

    rows = overview.trend.to_dicts()
    buckets = [Period(row["bucket_start"], row["bucket_end"]) for row in rows]
    if buckets != [period for period, _ in analyst.buckets]:
        found.differences.append(f"trend buckets of {state.period}: engine {buckets} vs {analyst.buckets}")
        return found
    for row, (period, theirs) in zip(rows, analyst.buckets, strict=True):
        for tile in overview.tiles:
            name = tile.kpi.name
            _check(found, f"trend {period}", name, row[name], theirs, period, engine)
            if f"{name}_n" in row and name in N_KEY:
                _check(found, f"trend {period}", N_KEY[name], row[f"{name}_n"], theirs, period, engine)

    for tile in overview.tiles:
        if tile.kpi.to_date:
            for point, theirs, period in zip(tile.sparkline, analyst.to_date, buckets, strict=True):
                span = Period(state.period.start, period.end)
                _check(found, f"sparkline {span}", tile.kpi.name, point, theirs, span, engine)
    return found
