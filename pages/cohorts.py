"""Cohorts: retention by sign-up month, churn by dimension and lifetime value, down to the customers."""
# section: Analysis
# icon: :material/grid_on:
# order: 10

import polars as pl
import streamlit as st

from cxdash import ui
from cxdash.cohorts import analysis, churn, ltv, retention
from cxdash.cohorts import charts as cohort_charts
from cxdash.cohorts.charts import row_label
from cxdash.cohorts.table import DEFINITIONS, KINDS, unobserved_reason, weighted_average
from cxdash.engine.engine import Engine
from cxdash.figures.formatting import format_money
from cxdash.ui import drill
from cxdash.ui.filters import View, dimension_label

SPANS = {"Last 12 sign-up months": 12, "Last 24 sign-up months": 24, "All": None}


def _drill_cell(current: Engine, view: View, table: pl.DataFrame, quarterly: bool) -> None:
    labels = list(dict.fromkeys(row_label(r["label"], r["size"]) for r in table.iter_rows(named=True)))
    cohort_of = {row_label(r["label"], r["size"]): r["cohort"] for r in table.iter_rows(named=True)}
    months = sorted(table["month"].unique().to_list())
    drill.keep_valid("drill_cohort", labels)
    drill.keep_valid("drill_month", months)
    with st.expander("Customers behind a cell", expanded="drill_cohort" in st.session_state):
        with st.container(horizontal=True):
            chosen = st.selectbox("Cohort", labels, key="drill_cohort", width=220)
            month = st.selectbox("Month since sign-up", months, key="drill_month", width=160)
        behind = analysis.cell_customers(current, view.filters, cohort_of[chosen], month, quarterly)
        name = f"cohort_{chosen.split()[0]}_month_{month}.csv"
        drill.customers(behind, f"in cohort {chosen} at month {month}", name, "drill_cell")


def _cell_clicked() -> None:
    for point in drill.picked("cohort_heatmap"):
        if isinstance(point.get("y"), str) and isinstance(point.get("x"), int):
            st.session_state["drill_cohort"] = point["y"]
            st.session_state["drill_month"] = point["x"]
            return


def cohort_section(current: Engine, view: View) -> tuple[str, pl.DataFrame | None]:
    """The heatmap with its switches and drill-down; returns the kind and the monthly table shown."""
    churn_window = current.windows.get("churn")
    kinds = [k for k in KINDS if k == "logo" or "orders" in current.tables]
    # Data whose churn is derived or seen only in a window (inactivity, a snapshot) start on active retention.
    default = "active" if "active" in kinds and churn_window and churn_window.declared else "logo"
    with st.container(horizontal=True, vertical_alignment="bottom"):
        kind = st.segmented_control("Retention", kinds, default=default, format_func=KINDS.get, key="cohort_kind")
        kind = kind or default
        counts = st.segmented_control("Show", ["Percent", "Counts"], default="Percent", key="cohort_show") == "Counts"
        grain = st.segmented_control("Cohorts by", ["Month", "Quarter"], default="Month", key="cohort_grain")
        span = st.selectbox("Cohorts shown", list(SPANS), key="cohort_span", width=220)
    quarterly = grain == "Quarter"
    table = analysis.cohorts(current, view.filters, kind, quarterly)
    if SPANS[span] and table.height:
        last = table["cohort"].unique().sort().tail(SPANS[span] // (3 if quarterly else 1))
        table = table.filter(pl.col("cohort").is_in(last.implode()))
    if table.is_empty():
        st.info("No customer signed up among the chosen customers, so there are no cohorts to show.")
        return kind, None
    reason = unobserved_reason(kind, analysis.window(current, kind))
    if reason and table.filter(pl.col("state") == "unobserved").height:
        st.caption(reason)
    st.caption(f"{KINDS[kind]}: {DEFINITIONS[kind]} Click a cell for its customers.")
    st.plotly_chart(
        cohort_charts.cohort_heatmap(table, weighted_average(table), kind, counts, current.meta.currency),
        key="cohort_heatmap",
        on_select=_cell_clicked,
        selection_mode="points",
    )
    _drill_cell(current, view, table, quarterly)
    return kind, analysis.cohorts(current, view.filters, kind) if quarterly else table


def month_k_section(table: pl.DataFrame, kind: str) -> None:
    chosen = st.pills("Months since sign-up", retention.MONTHS, default=[1, 3], selection_mode="multi", key="cohort_k")
    lines = {k: retention.month_k(table, k, kind) for k in chosen or []}
    if any(frame.height for frame in lines.values()):
        st.plotly_chart(cohort_charts.month_k_lines(lines, kind), key="cohort_month_k")
    else:
        st.info("No cohort is old enough to know the chosen months yet.")


def _churn_by_dimension(current: Engine, view: View, dimension: str) -> None:
    groups = analysis.churn_by(current, dimension, view.period, view.filters)
    values = groups["value"].to_list()
    if not values:
        st.info("No customer was a customer at the start of the period among the chosen customers.")
        return
    st.plotly_chart(
        cohort_charts.churn_by_dimension(groups, dimension, current.meta.currency),
        key="churn_bars",
        on_select=lambda: drill.choose_from("churn_bars", "churn_value", values, lambda p: p.get("y")),
        selection_mode="points",
    )
    st.caption(
        "Sorted by the revenue the churned customers spent in the 12 months up to their churn month: which "
        "group hurts us most. Click a bar for its customers."
    )
    drill.keep_valid("churn_value", values)
    with st.expander("Churned customers of a group", expanded="churn_value" in st.session_state):
        value = st.selectbox(dimension_label(dimension), values, key="churn_value", width=260)
        gone = analysis.churned_customers(current, dimension, value, view.period, view.filters)
        drill.customers(gone, f"of {value} churned in the period", f"churned_{dimension}_{value}.csv", "drill_churn")


def churn_section(current: Engine, view: View) -> None:
    window = current.windows.get("churn")
    period = analysis.churn_period(current, view.period.end)
    if window is None or period is None or not window.covers(view.period, strict=False):
        st.info(window.reason(view.period) if window else "This data has no churn dates.")
        return
    monthly = analysis.monthly_churn(current, period, view.filters)
    st.plotly_chart(cohort_charts.churn_over_time(monthly), key="churn_over_time")
    if trend := churn.churn_trend(monthly):
        direction = "rising" if trend.slope > 0 else "falling"
        st.caption(
            f"Trend over {trend.months} whole months: {direction} by {abs(trend.slope) * 100:.2f} points a month "
            "(least squares weighted by each month's customers). Band: 95% interval."
        )
    if current.dimensions:
        dimension = st.selectbox(
            f"Churn in {view.period} by", list(current.dimensions), format_func=dimension_label, key="churn_dim"
        )
        _churn_by_dimension(current, view, dimension)


def ltv_section(current: Engine, view: View) -> None:
    choices = list(current.dimensions) + [m for m in ("nps", "csat", "ces") if m in current.survey_metrics]
    if "orders" not in current.tables or not choices:
        st.info("Lifetime value needs orders and a dimension or survey to group customers by.")
        return
    by = st.selectbox(
        "By",
        choices,
        format_func=lambda c: (
            f"{c.upper()} group (from the first answer)" if analysis.is_experience(c) else dimension_label(c)
        ),
        key="ltv_by",
    )
    values = analysis.lifetime_values(current, by, view.filters)
    money = lambda v: None if v is None else format_money(v, current.meta.currency)  # noqa: E731
    st.dataframe(
        {
            "Group": [v.group for v in values],
            "Customers": [v.customers for v in values],
            f"Expected months (of {ltv.HORIZON})": [None if v.months is None else round(v.months, 1) for v in values],
            "Revenue per month": [money(v.monthly_revenue) for v in values],
            f"LTV over {ltv.HORIZON} months": [money(v.ltv) for v in values],
        },
        hide_index=True,
        key="ltv_table",
    )
    st.caption(ltv.METHOD)


current = ui.engine()
st.title("Cohorts")
if ui.show_problems(current) and ui.require_tables(current, "customers"):
    view = ui.view()
    st.subheader("Retention by sign-up month")
    kind, monthly_table = cohort_section(current, view)
    if monthly_table is not None:
        st.subheader("Are newer cohorts staying longer?")
        month_k_section(monthly_table, kind)
    st.subheader("Churn over time and by dimension")
    churn_section(current, view)
    st.subheader("Customer lifetime value")
    ltv_section(current, view)
