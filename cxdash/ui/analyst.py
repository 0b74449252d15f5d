"""Who may see why a query failed, and the widgets of the analyst pages (Query catalog, SQL explorer).

A viewer sees a plain sentence; an analyst (CXDASH_ANALYST=1, or the app opened on this machine) sees the
query's name, its file and line, and DuckDB's own message. CXDASH_ANALYST=0 hides the details even
locally. "Opened on this machine" means both the browser's address and the connection are local, so a
proxy on the same host serving a public address does not make every visitor an analyst.
"""

from __future__ import annotations

import ipaddress
import os
from datetime import date
from urllib.parse import urlparse

import polars as pl
import streamlit as st

from cxdash import charts, paths
from cxdash.analyst.new_page import BadName
from cxdash.analyst.save_query import CannotSave, save_query
from cxdash.engine.catalog import Query, QueryFailed
from cxdash.engine.sandbox import Refused, SandboxError

ANALYST_ENV = "CXDASH_ANALYST"
LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1"}
VIEW_PARAMS = ("start", "end", "slices")  # bound from the filter bar by `ui.query`
VIEWER_MESSAGE = "This part could not be computed. The people who maintain this dashboard can see why."


def is_analyst() -> bool:
    setting = os.environ.get(ANALYST_ENV, "").strip().lower()
    if setting:
        return setting in ("1", "true", "yes", "on")
    host = urlparse(st.context.url or "").hostname
    return host in LOCAL_HOSTS and _loopback(st.context.ip_address)


def _loopback(ip: str | None) -> bool:
    """Streamlit gives None for 127.0.0.1 and ::1, but the address as is for ::ffff:127.0.0.1 (IPv4 over
    an IPv6 socket, as Chromium connects here)."""
    if ip is None:
        return True
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return False
    return (getattr(address, "ipv4_mapped", None) or address).is_loopback


def show_query_error(name: str, error: Exception) -> None:
    """The failure of a catalog query: its file, line and DuckDB's words for analysts, a sentence for viewers."""
    if not is_analyst():
        st.error(VIEWER_MESSAGE)
        return
    where = f" ({error.path.name}, line {error.line})" if isinstance(error, QueryFailed) and error.line else ""
    st.error(f"Query **{name}** failed{where}. Only analysts see this detail.")
    st.code(str(error).strip(), language=None)


def show_sandbox_error(error: SandboxError) -> None:
    """Plain words for everyone (nothing in them is secret); DuckDB's own text for analysts."""
    st.error(str(error))
    if error.detail and is_analyst():
        st.code(error.detail.strip(), language=None)


def _list_input(label: str, kind: str, key: str) -> list | None:
    if kind == "list[string]":
        return st.multiselect(label, [], accept_new_options=True, key=key, placeholder="Type a value, press Enter")
    text = st.text_input(label, key=key, placeholder="whole numbers, separated by commas")
    try:
        return [int(part) for part in text.replace(" ", "").split(",") if part]
    except ValueError:
        st.error(f"{label}: '{text}' is not a list of whole numbers separated by commas.")
        return None


def param_inputs(query: Query, default_day: date, key: str) -> dict[str, object] | None:
    """One widget per param the filter bar does not bind, chosen by its declared type; None while one
    holds a value that cannot be bound."""
    values: dict[str, object] = {}
    for name, kind in query.params.items():
        if name in VIEW_PARAMS:
            continue
        widget_key = f"{key}.{query.name}.{name}"
        label = f"{name} ({kind})"
        if kind == "date":
            values[name] = st.date_input(label, default_day, key=widget_key)
        elif kind == "int":
            values[name] = int(st.number_input(label, value=0, step=1, key=widget_key))
        elif kind == "string":
            values[name] = st.text_input(label, key=widget_key)
        elif kind.startswith("enum["):
            values[name] = st.selectbox(label, kind[5:-1].split(","), key=widget_key)
        else:
            values[name] = _list_input(label, kind, widget_key)
    return None if any(v is None for v in values.values()) else values


def show_result(frame: pl.DataFrame, title: str, key: str) -> None:
    """A result as a table, a simple chart when it has a date or text column and a number column, and CSV."""
    chart = charts.result_chart(frame, title)
    if chart is not None:
        st.plotly_chart(chart, key=f"{key}.chart")
    st.dataframe(frame, hide_index=True, key=f"{key}.table")
    st.download_button(
        "Download CSV",
        frame.write_csv(),
        file_name=f"{title}.csv",
        mime="text/csv",
        key=f"{key}.csv",
        icon=":material/download:",
    )


def save_query_form(sql: str, frame: pl.DataFrame) -> None:
    """Save the answered SQL as a query file with a contract from its columns (analysts only), never over a
    file that exists."""
    with st.expander("Save as a query file"), st.form("explorer.save"):
        name = st.text_input("File name", placeholder="churn_by_plan", key="explorer.save.name")
        description = st.text_area("What one row is", key="explorer.save.description")
        if st.form_submit_button("Save to queries/", icon=":material/save:"):
            try:
                saved = save_query(name.strip(), sql, description, frame.schema, paths.QUERY_DIR)
            except (CannotSave, BadName, Refused) as error:
                st.error(f"Not saved: {error}")
            else:
                st.success(
                    f"Saved {saved.path.name} and {saved.path.with_suffix('.yaml').name} in queries/: the Query "
                    "catalog lists it now. Replace its example with a few rows worked out by hand."
                )
