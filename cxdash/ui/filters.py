"""The global filter bar in the sidebar and the line that tells, on every page, which filters are on.

Filters are widgets bound to URL query parameters (the widget key is the parameter), so a copied link
reopens the same view. The fixed keys (`period`, `compare`, `dates`, `segment`, `region`, `channel`)
never start with `f.` and every key made from a customers column does (`f.plan`), so no column name
can collide with another widget.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from cxdash.engine.engine import Engine
from cxdash.figures.counts import Filters
from cxdash.figures.periods import COMPARISONS, PRESETS, Period, comparison_period, preset_period

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
    as_of = current.data.as_of or date.today()
    first = current.data.first_date or as_of
    sidebar = st.sidebar
    sidebar.caption(f"Data as of {as_of:%d %b %Y}")
    preset = sidebar.selectbox("Period", PRESETS, index=2, key="period", bind="query-params")
    if preset == "Custom":
        default = (preset_period("Last 90 days", as_of).start, as_of)
        chosen = sidebar.date_input(
            "From – to", value=default, min_value=first, max_value=as_of, key="dates", bind="query-params"
        )
        period = Period(chosen[0], chosen[-1]) if chosen else Period(*default)
    else:
        period = preset_period(preset, as_of, first)
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
    return View(period, comparison_period(period, comparison_name), filters, comparison_name)


def _month_end(day: date) -> date:
    return (day.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)


def period_label(period: Period) -> str:
    """A period as a person says it: "2025", "Q2 2026", "Jul 2026", else "1 Aug – 31 Oct 2026"."""
    start, end = period.start, period.end
    whole_months = start.day == 1 and end == _month_end(end)
    months = (end.year - start.year) * 12 + end.month - start.month + 1
    if whole_months and months == 12 and start.month == 1:
        return str(start.year)
    if whole_months and months == 3 and start.month % 3 == 1:
        return f"Q{start.month // 3 + 1} {start.year}"
    if whole_months and months == 1:
        return f"{start:%b %Y}"
    if start == end:
        return f"{start.day} {start:%b %Y}"
    if start.year == end.year:
        return f"{start.day} {start:%b} – {end.day} {end:%b %Y}"
    return f"{start.day} {start:%b %Y} – {end.day} {end:%b %Y}"


def plain(text: str) -> str:
    """Text shown as written in Streamlit's Markdown: "$5" stays money, not the start of a formula."""
    return "".join(f"\\{c}" if c in MARKDOWN_SPECIALS else c for c in text)


def describe_view(view: View) -> str:
    """One line: the period, what it is compared with, and every filter that is on."""
    parts = [f"Period {period_label(view.period)}"]
    parts[0] += f" vs {period_label(view.comparison)}" if view.comparison else ", no comparison"
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
