"""The drill-down every cohort and survival chart shares: the customers behind a cell, curve or bar, as a
table and a CSV download, and the chart selections that choose them."""

from __future__ import annotations

import polars as pl
import streamlit as st

MAX_ROWS_SHOWN = 1_000  # the table shows the first rows; the CSV holds all of them


def customers(frame: pl.DataFrame, what: str, file_name: str, key: str) -> None:
    """`frame`'s customers: a count, the first MAX_ROWS_SHOWN in a table, all of them as a CSV."""
    st.caption(
        f"{frame.height:,} customers {what}"
        + (f" (first {MAX_ROWS_SHOWN:,} shown)" if frame.height > MAX_ROWS_SHOWN else "")
    )
    st.dataframe(frame.head(MAX_ROWS_SHOWN), hide_index=True, key=f"{key}_table")
    st.download_button(
        "Download CSV",
        frame.write_csv,  # written when clicked, not on every rerun
        file_name=file_name,
        mime="text/csv",
        key=f"{key}_csv",
        icon=":material/download:",
    )


def picked(chart_key: str) -> list[dict]:
    """The points a person clicked or boxed on the chart `chart_key` (empty when none)."""
    state = st.session_state.get(chart_key)
    if not state:
        return []
    try:
        return list(state.selection.points)
    except AttributeError:
        return []


def choose_from(chart_key: str, widget_key: str, options: list, value_of) -> None:
    """An `on_select` callback's body: put the clicked point's value (`value_of(point)`) into the widget
    `widget_key`, when it is one of its options, so a click and the picker show the same choice."""
    for point in picked(chart_key):
        value = value_of(point)
        if value in options:
            st.session_state[widget_key] = value
            return


def keep_valid(widget_key: str, options: list) -> None:
    """Forget a picker's choice that is no longer an option (another dimension, other filters)."""
    if widget_key in st.session_state and st.session_state[widget_key] not in options:
        del st.session_state[widget_key]
