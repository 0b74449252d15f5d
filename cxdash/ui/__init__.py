"""Streamlit helpers shared by every page: the open data, the global filter bar and the data line.

With `ui_tiles` and `ui_data`, the only modules of the package that import Streamlit. Filters are
widgets bound to URL query parameters, so a copied link reopens the same view.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import streamlit as st

from cxdash.engine.engine import Engine, open_engine
from cxdash.figures.counts import Filters
from cxdash.figures.periods import (
    COMPARISONS,
    PRESETS,
    Period,
    comparison_label,
    comparison_period,
    default_preset,
    is_rolling,
    preset_period,
)
from cxdash.figures.registry import KPIS, Kpi
from cxdash.ingest.mapping.dirs import data_choices
from cxdash.paths import SAMPLE_DIR

DATA_PARAM = "data"  # the URL parameter naming the data dir shown
DATA_KEY = "data_name"  # this session's last choice of data dir, by name
DIMENSION_LABELS = {"segment": "Segment", "region": "Region", "acquisition_channel": "Channel"}
URL_KEYS = {"acquisition_channel": "channel"}  # short names in the URL


@dataclass(frozen=True)
class View:
    """What every page shows: the period, what it is compared with, and for whom."""

    period: Period
    comparison: Period | None
    filters: Filters
    comparison_name: str
    comparison_label: str | None = None  # "vs Q2 2026"


def data_dir() -> Path:
    """The data dir named in the URL (`?data=NAME`, chosen on the Data page), else this session's last choice
    (a page switch may drop the parameter; it is put back), else the first dir given at start (`--data DIR`
    after `streamlit run dashboard.py --`, $CXDASH_DATA), else the embedded sample.

    Only names of the dirs `data_choices` offers are accepted, never a path: an unknown name falls back to
    the default with a warning, and leaves the URL."""
    choices = data_choices(sys.argv[1:])
    default = next(iter(choices))
    name = st.query_params.get(DATA_PARAM) or st.session_state.get(DATA_KEY)
    if name is None:
        return choices[default]
    if name not in choices:
        st.warning(f"There is no data named '{name}' here, so the app shows '{default}'. Choose on the Data page.")
        if DATA_PARAM in st.query_params:
            del st.query_params[DATA_PARAM]
        st.session_state.pop(DATA_KEY, None)
        return choices[default]
    st.session_state[DATA_KEY] = name
    if st.query_params.get(DATA_PARAM) != name:
        st.query_params[DATA_PARAM] = name
    return choices[name]


@st.cache_resource(show_spinner="Loading the data…")
def _engine(directory: str) -> Engine:
    if Path(directory) == SAMPLE_DIR and not SAMPLE_DIR.exists():
        from cxdash.ingest.sample import write_sample

        write_sample(SAMPLE_DIR)
    return open_engine(Path(directory))


def engine() -> Engine:
    return _engine(str(data_dir()))


def _label(name: str) -> str:
    return DIMENSION_LABELS.get(name, name.replace("_", " ").capitalize())


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
    chosen_values = {}
    dimensions = current.dimensions
    extras = [name for name in dimensions if name not in DIMENSION_LABELS]
    for name in [n for n in DIMENSION_LABELS if n in dimensions]:
        chosen_values[name] = sidebar.multiselect(
            _label(name),
            dimensions[name],
            key=URL_KEYS.get(name, name),
            bind="query-params",
            placeholder="All",
        )
    if extras:
        with sidebar.expander("More filters"):
            for name in extras:
                chosen_values[name] = st.multiselect(
                    _label(name), dimensions[name], key=name, bind="query-params", placeholder="All"
                )
    filters = Filters({name: tuple(values) for name, values in chosen_values.items() if values})
    comparison = comparison_period(period, comparison_name, preset)
    label = comparison_label(comparison, is_rolling(period, comparison_name, preset))
    return View(period, comparison, filters, comparison_name, label)


def set_view(view: View) -> None:
    st.session_state["_view"] = view


def view() -> View:
    return st.session_state["_view"]


def data_line(current: Engine) -> None:
    """One line on every page: which data, which tables with how many rows, the dates, the assumptions."""
    data = current.data
    tables = ", ".join(f"{name} {frame.height:,}" for name, frame in data.tables.items()) or "no tables"
    first, as_of = data.first_date, data.as_of
    span = f"{first:%b %Y} – {as_of:%d %b %Y}" if first and as_of else "no dates"
    line = f"**{data.meta.name}** · {tables} · {span}"
    if data.meta.assumptions:
        line += f" · {len(data.meta.assumptions)} assumption{'s' if len(data.meta.assumptions) > 1 else ''}"
    st.caption(line, help="\n\n".join(data.meta.assumptions) or None)


def about_data(current: Engine) -> None:
    """Everything a person should know before trusting the figures: source, size, dates, assumptions."""
    data, meta = current.data, current.data.meta
    st.markdown(f"**{meta.name}**" + (f": {meta.description}" if meta.description else ""))
    if meta.source:
        st.caption(f"Source: {meta.source}")
    rows = {name: f"{frame.height:,}" for name, frame in data.tables.items()}
    st.table({"table": list(rows), "rows": list(rows.values())})
    if data.first_date and data.as_of:
        st.caption(f"Dates from {data.first_date:%d %b %Y} to {data.as_of:%d %b %Y} (as of).")
    for title, lines in (("Assumptions made to fit the contracts", meta.assumptions), ("Dropped", meta.dropped)):
        if lines:
            with st.expander(f"{title} ({len(lines)})", expanded=title.startswith("Assumptions")):
                st.markdown("\n".join(f"- {line}" for line in lines))


def show_problems(current: Engine) -> bool:
    """Errors and warnings of the data dir; True when the data can be shown."""
    data = current.data
    for problem in data.problems:
        (st.warning if problem.severity == "warning" else st.error)(str(problem))
    if not data.ok:
        st.info(
            f"The data in `{data.directory}` has problems, so no figures are shown. Fix the files (they "
            "were not changed) or run `python -m cxdash check DIR` to see the same list."
        )
    return data.ok


def note_missing_kpis(current: Engine) -> None:
    """One sentence naming the KPIs this data cannot give, and why."""
    hidden = [k for k in KPIS if not current.shows(k)]
    for reason in dict.fromkeys(_why_hidden(current, k) for k in hidden):
        labels = [k.label for k in hidden if _why_hidden(current, k) == reason]
        shown = ", ".join(labels[:-1]) + f" and {labels[-1]}" if len(labels) > 1 else labels[0]
        st.info(f"This data has {reason}, so {shown} {'are' if len(labels) > 1 else 'is'} not shown.")


def _why_hidden(current: Engine, kpi: Kpi) -> str:
    if kpi.table not in current.tables:
        return f"no {kpi.table.replace('_', ' ')} table"
    return f"no {kpi.label} responses"


def require_tables(current: Engine, *names: str) -> bool:
    """False, with one clear sentence, when this data lacks a table the page needs."""
    missing = [n for n in names if n not in current.tables]
    if missing:
        st.info(
            f"This data has no {' or '.join(m.replace('_', ' ') for m in missing)} table, so this part cannot be shown."
        )
    return not missing
