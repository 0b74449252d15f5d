"""The KPI grid: one `st.metric` per tile saying in plain words what its change means, with the
definition, n, the 95% interval and p a hover away in the tile's help; as many tiles a row as fit."""

from __future__ import annotations

import streamlit as st

from cxdash.figures.formatting import change_is_zero, format_change, format_interval, format_value
from cxdash.overview.tiles import Tile
from cxdash.ui.layout import grid, style

GRID_KEY = "kpi_grid"
TILE_WIDTH = "13rem"  # three tiles a row beside the sidebar at 1024 px; the widest value fits
# Where the change and its mark do not fit on one line, the mark goes to the next rather than being cut.
MARK_WRAP = f".st-key-{GRID_KEY} div:has(> [data-testid='stMetricDeltaDescription']) {{ flex-wrap: wrap; }}"
PER_ROW = 5
MARKS = {"significant": "real change", "noise": "could be chance"}  # "untested" carries no mark


def _shown(tile: Tile) -> bool:
    return tile.value is not None and not tile.too_small


def mark(tile: Tile) -> str | None:
    """The few words beside the change: whether it is real, or why there is no figure."""
    if not _shown(tile):
        if tile.too_small:
            return f"{'no' if tile.n == 0 else 'too few'} {tile.kpi.n_noun}"
        return "not observed" if tile.reason else None
    if tile.change is None:
        return "no comparison" if tile.reason else None
    return MARKS.get(tile.verdict)


def details(tile: Tile, currency: str) -> str:
    """The tile's help: its definition, then n, the interval and the test behind its mark."""
    lines = [tile.kpi.help]
    if tile.n is not None and _shown(tile):
        noun = tile.kpi.n_noun
        interval = format_interval(tile.kpi, tile.interval, currency)
        lines.append(f"n = {tile.n:,} {noun}" + (f" · 95% interval {interval}" if interval else ""))
    if tile.change is not None and tile.test is not None:
        p = f"p = {tile.test.p_value:.3f}" if tile.test.p_value >= 0.001 else "p < 0.001"
        meaning = {
            "significant": "a real change: chance alone would rarely give one this large",
            "noise": "could be chance: a change this large often comes from chance alone",
        }.get(tile.verdict, "not tested")
        lines.append(f"Change: {p} (two-sided test, 5% level), {meaning}.")
    if why := tile.reason:
        lines.append(why)
    return "\n\n".join(lines)


def kpi_grid(tiles: list[Tile], currency: str, goals: dict[str, tuple[str, str]] | None = None) -> None:
    """`goals`: by KPI name, a goal on these customers (its name, its status): the status shows beside the
    tile's mark ("goal at risk"), the goal's name in its help."""
    style(MARK_WRAP)
    with grid(GRID_KEY, TILE_WIDTH, PER_ROW):
        for tile in tiles:
            shown = _shown(tile)
            spark = [v for v in tile.sparkline if v is not None]
            goal = (goals or {}).get(tile.kpi.name)
            flat = change_is_zero(tile.kpi, tile.change, tile.previous)  # "±0.0 pp": no arrow, no colour
            st.metric(
                tile.kpi.label,
                format_value(tile.kpi, tile.value if shown else None, currency),
                delta=format_change(tile.kpi, tile.change, tile.previous) if shown else None,
                delta_color="off" if tile.noise or flat else "normal" if tile.kpi.higher_is_better else "inverse",
                delta_arrow="off" if flat else "auto",
                help=details(tile, currency) + (f"\n\nGoal '{goal[0]}': {goal[1]} (see Goals)." if goal else ""),
                border=True,
                chart_data=spark if len(spark) > 1 and shown else None,
                chart_type="line",
                delta_description=" · ".join(t for t in (mark(tile), goal and f"goal {goal[1]}") if t) or None,
            )
