"""Streamlit helpers shared by every page: the open data, the routing guard, the view the filter bar
chose, and the data line.

With its modules `filters` (the filter bar), `tiles` (the KPI grid), `layout` (grids, margins),
`analyst` (who sees errors, the analyst pages' widgets) and `data_page`, the only part of the package that
imports Streamlit.
"""

from __future__ import annotations

import runpy
import sys
from pathlib import Path

import polars as pl
import streamlit as st

from cxdash.engine.catalog import QueryFailed, QueryFileError
from cxdash.engine.choose import open_any_engine
from cxdash.engine.engine import Engine
from cxdash.figures.periods import Period, describe
from cxdash.figures.registry import KPIS, Kpi
from cxdash.ingest.mapping.dirs import data_choices
from cxdash.paths import PROJECT_ROOT, SAMPLE_DIR
from cxdash.ui.analyst import show_query_error
from cxdash.ui.filters import View, plain

DATA_PARAM = "data"  # the URL parameter naming the data dir shown
DATA_KEY = "data_name"  # this session's last choice of data dir, by name
DASHBOARD = PROJECT_ROOT / "dashboard.py"
VIEW_KEY = "_view"
ROUTED_KEY = "_routed"


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
    return open_any_engine(Path(directory))  # DuckDB, or Spark where CXDASH_ENGINE=spark


def engine() -> Engine:
    """The open data of this session; a page that asks for it is always drawn by dashboard.py."""
    ensure_routed()
    return _engine(str(data_dir()))


def mark_routed() -> None:
    """Called by dashboard.py right after `st.navigation`: this session's pages are routed from now on."""
    st.session_state[ROUTED_KEY] = True


def ensure_routed() -> None:
    """Run dashboard.py in place of a page that Streamlit ran by itself, then stop.

    Streamlit sees the `pages/` folder and, until some script of the server calls `st.navigation`, runs
    the file of a requested page alone (its legacy multipage mode): that happens to the first request
    after the server starts when it is a deep link such as `/overview?period=...`. dashboard.py calls
    `st.navigation`, which ends that mode for the whole server, routes back to this same page (the URL
    names it) and draws the filter bar and data line as on every other run. A session flag tells the
    two apart, as that mode never returns once ended; fragment reruns of a routed page pass.
    """
    if st.session_state.get(ROUTED_KEY):
        return
    runpy.run_path(str(DASHBOARD))
    st.stop()


def query(name: str, **params: object) -> pl.DataFrame:
    """Run `queries/NAME.sql` for this page's view: the filter bar's period and customers are bound to
    whichever of `start`, `end` and `slices` the query declares; `params` gives the rest.

    A query that fails (a typo, a param missing or of the wrong type, a broken contract) stops the page
    with a message: the file, line and error for analysts, a plain sentence for viewers."""
    current_view = view()
    try:
        return engine().run_for(name, current_view.period, current_view.filters, **params)
    except (QueryFailed, QueryFileError, TypeError, KeyError) as error:
        show_query_error(name, error)
        st.stop()


def set_view(view: View) -> None:
    st.session_state[VIEW_KEY] = view


def view() -> View:
    """The period, comparison and filters chosen in the sidebar (set by dashboard.py before the page)."""
    ensure_routed()
    return st.session_state[VIEW_KEY]


def data_line(current: Engine) -> None:
    """One line on every page: which data, which tables with how many rows, the dates; the assumptions
    in full a click away (a tooltip clips a long list)."""
    data = current.data
    tables = ", ".join(f"{name.replace('_', ' ')} {frame.height:,}" for name, frame in data.tables.items())
    first, as_of = data.first_date, data.as_of
    span = f"{first:%b %Y} – {as_of:%d %b %Y}" if first and as_of else "no dates"
    assumptions = data.meta.assumptions
    with st.container(horizontal=True, vertical_alignment="center", gap="small"):
        st.caption(
            f"**{plain(data.meta.name)}** · {tables or 'no tables'} · {span}{_windows(current)}", width="content"
        )
        if assumptions:
            count = f"{len(assumptions)} assumption{'s' if len(assumptions) > 1 else ''}"
            with st.popover(count, type="tertiary"):
                st.markdown("\n".join(f"- {plain(line)}" for line in assumptions))


def _windows(current: Engine) -> str:
    """The money's currency and every measure observed over a narrower span than the data's dates."""
    parts = [f"amounts in {current.meta.currency}"] if "orders" in current.tables else []
    parts += [
        f"{w.measure} observed {describe(Period(w.start, w.end))} only" for w in current.windows.values() if w.declared
    ]
    return "".join(f" · {part}" for part in parts)


def about_data(current: Engine) -> None:
    """Everything a person should know before trusting the figures: source, size, dates, assumptions."""
    data, meta = current.data, current.data.meta
    st.markdown(f"**{meta.name}**" + (f": {meta.description}" if meta.description else ""))
    if meta.source:
        st.caption(f"Source: {meta.source}")
    rows = {name: f"{frame.height:,}" for name, frame in data.tables.items()}
    st.table({"table": list(rows), "rows": list(rows.values())})
    if data.first_date and data.as_of:
        st.caption(
            f"Dates from {data.first_date:%d %b %Y} to {data.as_of:%d %b %Y} (as of); periods end on "
            f"{current.report_end:%d %b %Y}, the last day every measure was observed. Amounts in {meta.currency}."
        )
    windows = list(current.windows.values())
    if windows:
        st.markdown("**What each measure covers** (a figure outside its span is not shown, and never compared)")
        st.table(
            {
                "measure": [w.measure for w in windows],
                "observed": [describe(Period(w.start, w.end)) for w in windows],
                "from": ["dataset.yaml" if w.declared else "the data's own dates" for w in windows],
            }
        )
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
