"""Survival: how long customers stay, by experience and by any dimension, with intervals and a test."""
# section: Analysis
# icon: :material/timeline:
# order: 20

import streamlit as st

from cxdash import ui
from cxdash.cohorts import analysis
from cxdash.cohorts import charts as cohort_charts
from cxdash.cohorts.survival import MARKS, MIN_CUSTOMERS
from cxdash.ui import drill
from cxdash.ui.filters import dimension_label

METRIC_LABELS = {"nps": "NPS group", "csat": "CSAT score", "ces": "CES effort"}


def _label(by: str) -> str:
    return f"{METRIC_LABELS[by]} (from the first answer)" if analysis.is_experience(by) else dimension_label(by)


def _interval(low: float | None, high: float | None, unit: str = "") -> str:
    if low is None and high is None:
        return ""
    shown = lambda v: "∞" if v is None else f"{v:.1f}{unit}"  # noqa: E731
    return f" ({shown(low)}–{shown(high)})"


current = ui.engine()
st.title("Survival")
if ui.show_problems(current) and ui.require_tables(current, "customers"):
    view = ui.view()
    choices = [m for m in ("nps", "csat", "ces") if m in current.survey_metrics] + list(current.dimensions)
    if not choices:
        st.info("This data has no survey answers and no customer dimensions to compare survival by.")
        st.stop()
    by = st.selectbox("Curves by", choices, format_func=_label, key="survival_by", width=360)
    found = analysis.survival_by(current, by, view.filters)
    churn_window = current.windows.get("churn")
    clock = "the first answer" if analysis.is_experience(by) else "sign-up"
    st.caption(
        f"Kaplan-Meier: the share of customers still customers, by months since {clock}; band: 95% interval. "
        + (
            "The clock starts at each customer's first answer, so customers who had to stay to answer do not "
            "flatter their group. "
            if analysis.is_experience(by)
            else ""
        )
        + (
            f"Churn is observed only from {churn_window.start:%d %b %Y}: customers count at risk from then on. "
            if churn_window and churn_window.declared
            else ""
        )
        + f"Groups with fewer than {MIN_CUSTOMERS} customers are left out. Click a curve for its customers."
    )
    if not found.curves:
        st.info("No group has enough customers for a curve with these filters.")
        st.stop()
    names = [c.group for c in found.curves]

    def _curve_clicked() -> None:
        curve_numbers = {2 * number + 1: name for number, name in enumerate(names)}  # band, line per group
        drill.choose_from(
            "survival_chart", "survival_group", names, lambda point: curve_numbers.get(point.get("curve_number"))
        )

    st.plotly_chart(
        cohort_charts.survival_curves(found.curves, f"Survival by {_label(by)}", f"Months since {clock}"),
        key="survival_chart",
        on_select=_curve_clicked,
        selection_mode="points",
    )
    test = found.test
    if test:
        verdict = "differ: a real difference" if test.p_value < 0.05 else "could differ by chance alone"
        p_text = "p < 0.001" if test.p_value < 0.001 else f"p = {test.p_value:.3f}"
        st.markdown(
            f"**Log-rank test**: the groups' curves {verdict} (χ² = {test.statistic:.1f} on {test.dof} "
            f"degrees of freedom, {p_text})."
        )
    st.dataframe(
        {
            "Group": names,
            "Customers": [c.customers for c in found.curves],
            "Churned": [c.churned for c in found.curves],
            "Median lifetime (months, 95%)": [
                ("not reached" if c.median is None else f"{c.median:.1f}") + _interval(c.median_low, c.median_high)
                for c in found.curves
            ],
            **{
                f"Left at {m} months (95%)": [
                    "not observed yet"
                    if c.shares[m] is None
                    else f"{c.shares[m].value:.0%} ({c.shares[m].low:.0%}–{c.shares[m].high:.0%})"
                    for c in found.curves
                ]
                for m in MARKS
            },
        },
        hide_index=True,
        key="survival_table",
    )
    drill.keep_valid("survival_group", names)
    with st.expander("Customers of a group", expanded="survival_group" in st.session_state):
        group = st.selectbox("Group", names, key="survival_group", width=260)
        behind = analysis.group_customers(current, by, group, view.filters)
        drill.customers(behind, f"in {group}", f"survival_{by}_{group}.csv", "drill_group")
