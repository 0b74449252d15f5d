"""The KPI grid: one `st.metric` per tile, with n and the interval under survey figures."""

from __future__ import annotations

import streamlit as st

from cxdash.figures.formatting import change_is_zero, format_change, format_interval, format_value
from cxdash.overview.tiles import Tile

PER_ROW = 5


def _delta_note(tile: Tile) -> str | None:
    """Short, so it fits beside the change: whether a proper test tells it from noise."""
    if tile.change is None or tile.test is None:
        return None
    return "noise" if tile.noise else "significant"


def _caption(tile: Tile) -> str:
    if tile.n is None:
        return ""
    noun = "responses" if tile.kpi.survey else "customers at start"
    if tile.n == 0:
        return f"No {noun} in this period."
    if tile.too_small:
        return f"Too few {noun} (n = {tile.n:,}) for a figure that means anything."
    interval = format_interval(tile.kpi, tile.interval)
    text = f"n = {tile.n:,}" + (f" · 95% CI {interval}" if interval else "")
    if tile.change is not None and tile.test is not None:
        text += f" · change p = {tile.test.p_value:.3f}" if tile.test.p_value >= 0.001 else " · change p < 0.001"
    return text


def kpi_grid(tiles: list[Tile]) -> None:
    for start in range(0, len(tiles), PER_ROW):
        for column, tile in zip(st.columns(PER_ROW), tiles[start : start + PER_ROW], strict=False):
            with column:
                shown = None if tile.too_small else tile.value
                spark = [v for v in tile.sparkline if v is not None]
                flat = change_is_zero(tile.kpi, tile.change, tile.previous)  # "±0.0 pp": no arrow, no colour
                st.metric(
                    tile.kpi.label,
                    format_value(tile.kpi, shown),
                    delta=format_change(tile.kpi, tile.change, tile.previous),
                    delta_color=("off" if tile.noise or flat else "normal" if tile.kpi.higher_is_better else "inverse"),
                    delta_arrow="off" if flat else "auto",
                    help=tile.kpi.help,
                    border=True,
                    chart_data=spark if len(spark) > 1 and not tile.too_small else None,
                    chart_type="line",
                    delta_description=_delta_note(tile),
                )
                if caption := _caption(tile):
                    st.caption(caption)
