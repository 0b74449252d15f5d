"""The global filter bar in the sidebar and the line that tells, on every page, which filters are on.

Filters are widgets bound to URL query parameters (the widget key is the parameter), so a copied link
reopens the same view. The fixed keys (`period`, `compare`, `dates`, `segment`, `region`, `channel`)
never start with `f.` and every key made from a customers column does (`f.plan`), so no column name
can collide with another widget.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from cxdash.engine.engine import Engine
from cxdash.figures.counts import Filters
from cxdash.figures.periods import (
    COMPARISONS,
    PRESETS,
    Period,
    comparison_label,
    comparison_period,
    default_preset,
    describe,
    is_rolling,
    preset_period,
)

DIMENSION_LABELS = {"segment": "Segment", "region": "Region", "acquisition_channel": "Channel"}
CONTRACT_KEYS = {"segment": "segment", "region": "region", "acquisition_channel": "channel"}
EXTRA_PREFIX = "f."
FIXED_LABELS = {*DIMENSION_LABELS.values(), "Period", "Compare with", "From – to"}
MARKDOWN_SPECIALS = set("\\`*_$~[]|")  # the ones that change inline text
SHOWN_VALUES = 3  # values a filter line names before it says "+N"


@dataclass(frozen=True)
class View:
    """What every page shows: the period, what it is compared with, and for whom."""

    period: Period
    comparison: Period | None
    filters: Filters
    comparison_name: str
    comparison_label: str | None = None  # "vs Q2 2026"


def filter_key(dimension: str) -> str:
    """The widget key, which is also the URL parameter, of a customer dimension's filter."""
    return CONTRACT_KEYS.get(dimension, EXTRA_PREFIX + dimension)


def dimension_label(name: str) -> str:
    """A column's filter label, told apart from the fixed filters when it would read the same."""
    if name in DIMENSION_LABELS:
        return DIMENSION_LABELS[name]
    label = name.replace("_", " ").capitalize()
    return f"{label} (column)" if label in FIXED_LABELS else label


def _is_set(key: str) -> bool:
    """Whether a bound filter has values before its widget is drawn: from this session, else from the URL."""
    if key in st.session_state:
        return bool(st.session_state[key])
    return bool(st.query_params.get_all(key))


def _dimension_filter(where: DeltaGenerator, name: str, values: list[str]) -> list[str]:
    label = dimension_label(name)
    return where.multiselect(label, values, key=filter_key(name), bind="query-params", placeholder="All")


def filter_bar(current: Engine) -> View:
    """The sidebar filters; rendered once per run by dashboard.py, before the page."""
    end = current.report_end or date.today()
    first = current.data.first_date or end
    sidebar = st.sidebar
    sidebar.caption(f"Data observed to {end:%d %b %Y}")
    default = PRESETS.index(default_preset(first, end))
    preset = sidebar.selectbox("Period", PRESETS, index=default, key="period", bind="query-params")
    if preset == "Custom":
        fallback = (preset_period("Last 90 days", end).start, end)
        chosen = sidebar.date_input(
            "From – to", value=fallback, min_value=first, max_value=end, key="dates", bind="query-params"
        )
        period = Period(chosen[0], chosen[-1]) if chosen else Period(*fallback)
    else:
        period = preset_period(preset, end, first)
    comparison_name = sidebar.selectbox("Compare with", COMPARISONS, key="compare", bind="query-params")
    dimensions = current.dimensions
    chosen_values = {
        name: _dimension_filter(sidebar, name, dimensions[name]) for name in DIMENSION_LABELS if name in dimensions
    }
    extras = [name for name in dimensions if name not in DIMENSION_LABELS]
    if extras:
        on = sum(_is_set(filter_key(name)) for name in extras)
        # The label carries the count, so the expander is drawn anew, and open, when a filter in it is set.
        with sidebar.expander(f"More filters ({on} on)" if on else "More filters", expanded=on > 0) as more:
            for name in extras:
                chosen_values[name] = _dimension_filter(more, name, dimensions[name])
    filters = Filters({name: tuple(values) for name, values in chosen_values.items() if values})
    comparison = comparison_period(period, comparison_name, preset)
    label = comparison_label(comparison, is_rolling(period, comparison_name, preset))
    return View(period, comparison, filters, comparison_name, label)


def plain(text: str) -> str:
    """Text shown as written in Streamlit's Markdown: "$5" stays money, not the start of a formula."""
    return "".join(f"\\{c}" if c in MARKDOWN_SPECIALS else c for c in text)


def describe_view(view: View) -> str:
    """One line: the period, what it is compared with, and every filter that is on."""
    parts = [f"Period {describe(view.period)}"]
    parts[0] += f" {view.comparison_label}" if view.comparison_label else ", no comparison"
    chosen = view.filters.active()
    for name, values in chosen.items():
        shown = ", ".join(plain(v) for v in values[:SHOWN_VALUES])
        if len(values) > SHOWN_VALUES:
            shown += f" +{len(values) - SHOWN_VALUES}"
        parts.append(f"{plain(dimension_label(name))}: {shown}")
    if not chosen:
        parts.append("All customers")
    return " · ".join(parts)


def filter_line(view: View) -> None:
    st.caption(describe_view(view))
