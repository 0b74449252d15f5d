"""Spend uplift: what customers with better experiences spend and keep paying, and what it is worth."""
# section: Analysis
# icon: :material/trending_up:
# order: 30

import streamlit as st

from cxdash import ui
from cxdash.engine.engine import Engine
from cxdash.figures.counts import Filters
from cxdash.figures.formatting import format_money
from cxdash.uplift import chart, tables
from cxdash.uplift.adjusted import RETENTION_MODEL, SPEND_MODEL
from cxdash.uplift.analysis import Uplift, uplift_for
from cxdash.uplift.before_after import before_and_after_ratios
from cxdash.uplift.customers import metrics_with_answers
from cxdash.uplift.whatif import WhatIf, move_share, revenue_at_risk, shift_score
from cxdash.uplift.words import ADJUSTMENT_NOTE, before_after_note, headline, plural

LABELS = {"nps": "NPS", "csat": "CSAT", "ces": "CES"}
SCORE_STEP = {"nps": 0.5, "csat": 0.2, "ces": -0.2}  # a plausible change of the mean score (CES: lower is better)


@st.cache_resource(max_entries=16, show_spinner="Measuring spend after each first answer…")
def _analysis(
    _engine: Engine, directory: str, metric: str, satisfied: bool, chosen: tuple, _filters: Filters
) -> Uplift:
    """Kept per data dir, metric, grouping and chosen filters (`chosen`), so a what-if change reruns nothing."""
    return uplift_for(_engine, metric, _filters, satisfied)


def _tiles(found: WhatIf, currency: str) -> None:
    """Revenue and customers kept, each with its interval beneath (a tile holds about 8 characters)."""
    money = lambda v: format_money(v, currency, compact=True)  # noqa: E731
    with st.container(horizontal=True):
        st.metric("Revenue, 12 months", tables.short_money(found.revenue, currency), border=True)
        st.metric("Customers kept", tables.short_count(found.retained), border=True)
    st.caption(
        f"Revenue: {tables.interval(found.revenue, money)}. "
        f"Customers kept: {tables.interval(found.retained, lambda v: f'{v:,.0f}')}."
    )


def _what_if(result: Uplift, metric: str, currency: str) -> None:
    measured = [g for g in result.groups if g.revenue.n or g.retained.n]  # as best_and_worst counts them
    source, target = result.worst, measured[-2]
    left, right = st.columns(2)
    with left:
        share = st.slider(f"Move this share of {plural(source.group)} to {target.group}", 0, 50, 10, 5, format="%d%%")
        moved = move_share(source, target, share / 100, currency)
        _tiles(moved, currency)
        st.markdown("\n".join(f"- {step}" for step in moved.steps))
    with right:
        change = st.number_input(
            f"Change the mean {LABELS[metric]} score by", -2.0, 2.0, SCORE_STEP[metric], 0.1, format="%.1f"
        )
        shifted = shift_score(result.rows, change, LABELS[metric], currency)
        _tiles(shifted, currency)
        st.markdown("\n".join(f"- {step}" for step in shifted.steps))
    risk = revenue_at_risk(result.worst, currency)
    st.markdown(
        f"**Revenue at risk from today's {plural(result.worst.group)}**: {tables.money(risk.revenue, currency)}"
    )
    st.markdown("\n".join(f"- {step}" for step in risk.steps))
    st.caption(
        "Each assumes a customer who moves comes to spend and stay like the group they join. The gaps are "
        "associations, so read these as upper bounds of what better experiences alone would bring."
    )


current = ui.engine()
st.title("Spend uplift")
if ui.show_problems(current) and ui.require_tables(current, "customers", "orders", "survey_responses"):
    metrics = metrics_with_answers(current)
    if not metrics or current.data.as_of is None:
        st.info("This data has no survey answers from known customers, so no experience groups can be formed.")
        st.stop()
    with st.container(horizontal=True, vertical_alignment="bottom"):
        metric = st.selectbox("Experience measured by", metrics, format_func=LABELS.get, key="uplift_metric")
        satisfied = metric == "csat" and st.toggle("Satisfied (4-5) against the rest", key="uplift_satisfied")
    filters = ui.view().filters
    chosen = tuple(sorted(filters.active().items()))
    result = _analysis(current, str(current.data.directory), metric, satisfied, chosen, filters)
    currency = current.meta.currency
    st.caption(
        f"Each customer's group is set by their first {LABELS[metric]} answer; spend and retention are measured "
        f"over the 12 months after it, for the {result.eligible:,} customers who answered at least 365 days "
        f"before {current.data.as_of:%d %b %Y}. The customer filters apply; the period does not. Amounts in {currency}."
    )
    if result.best is None:
        st.info("Fewer than two experience groups have customers with 12 months measured, so no uplift is shown.")
        st.stop()
    best, worst = result.best.group, result.worst.group
    st.subheader(headline(best, worst, result.revenue_ratio))
    shown = {
        "Revenue uplift, raw": result.revenue_ratio,
        "Revenue uplift, adjusted": result.adjusted.revenue_ratio,
        "Retention uplift, raw": result.retention_ratio,
    }
    with st.container(horizontal=True):
        for label, estimate in shown.items():
            st.metric(label, tables.short_ratio(estimate), border=True, help=tables.ratio(estimate))
    st.caption(
        f"{plural(best).capitalize()} over {plural(worst)}, 95% intervals: "
        + " · ".join(f"{label.lower()} {tables.ratio(estimate)}" for label, estimate in shown.items())
    )

    st.subheader("Spend and retention by experience")
    left, right = st.columns(2)
    left.plotly_chart(chart.revenue_by_group(result.groups, currency), key="uplift_revenue")
    right.plotly_chart(chart.retention_by_group(result.groups), key="uplift_retention")
    st.dataframe(tables.group_table(result.groups, currency), hide_index=True)

    st.subheader("Adjusted for who the customers are")
    adjusted = result.adjusted
    st.table(
        {
            "": ["Revenue per customer", "Retention"],
            "Raw uplift (95% interval)": [tables.ratio(result.revenue_ratio), tables.ratio(result.retention_ratio)],
            "Adjusted uplift (95% interval)": [
                tables.ratio(adjusted.revenue_ratio),
                tables.ratio(adjusted.retention_ratio),
            ],
            "Model": [SPEND_MODEL, RETENTION_MODEL],
        }
    )
    st.caption(f"Adjusted for {', '.join(adjusted.adjusted_for)}. {ADJUSTMENT_NOTE} {adjusted.note}")

    st.subheader("Spend before the answer against after it")
    ratios = before_and_after_ratios(result.before_after)
    st.dataframe(tables.before_after_table(result.before_after, currency), hide_index=True)
    if ratios:
        st.caption(before_after_note(*ratios, best, worst))

    st.subheader("Value at stake")
    _what_if(result, metric, currency)

    st.subheader("Where experience matters most")
    if result.dimensions:
        st.dataframe(tables.dimension_table(result.dimensions, best, worst), hide_index=True)
    else:
        st.info("This data has no customer dimensions to break the uplift down by.")

    st.subheader("Beside the published evidence")
    st.table(tables.evidence_table(headline(best, worst, result.revenue_ratio)))
