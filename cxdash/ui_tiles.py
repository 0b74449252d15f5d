"""The KPI grid: one `st.metric` per tile, with n and the interval under survey figures."""

from __future__ import annotations

import streamlit as st

from cxdash.formatting import format_change, format_interval, format_value
from cxdash.overview import Tile

PER_ROW = 5


def _delta_note(tile: Tile, comparison_name: str) -> str | None:
    if tile.change is None:
        return None
    if tile.noise:
        return f"within noise (p = {tile.test.p_value:.2f})"
    if tile.test is not None:
        return f"significant (p = {tile.test.p_value:.3f})"
    return f"vs {comparison_name.lower()}"


def _caption(tile: Tile) -> str:
    if tile.n is None:
        return ""
    noun = "responses" if tile.kpi.survey else "customers at start"
    if tile.too_small:
        return f"Too few {noun} (n = {tile.n:,}) for a figure that means anything."
    interval = format_interval(tile.kpi, tile.interval)
    return f"n = {tile.n:,}" + (f" · 95% CI {interval}" if interval else "")


def kpi_grid(tiles: list[Tile], comparison_name: str) -> None:
    for start in range(0, len(tiles), PER_ROW):
        for column, tile in zip(st.columns(PER_ROW), tiles[start : start + PER_ROW], strict=False):
            with column:
                shown = None if tile.too_small else tile.value
                spark = [v for v in tile.sparkline if v is not None]
                st.metric(
                    tile.kpi.label,
                    "n too small" if tile.too_small else format_value(tile.kpi, shown),
                    delta=format_change(tile.kpi, tile.change, tile.previous),
                    delta_color=("off" if tile.noise else "normal" if tile.kpi.higher_is_better else "inverse"),
                    help=tile.kpi.help,
                    border=True,
                    chart_data=spark if len(spark) > 1 and not tile.too_small else None,
                    chart_type="line",
                    delta_description=_delta_note(tile, comparison_name),
                )
                if caption := _caption(tile):
                    st.caption(caption)
