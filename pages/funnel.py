"""Funnel: conversion and drop-off per step of the journey events, abandonment by channel, and what followed."""
# section: Journey
# icon: :material/filter_alt:
# order: 40

import streamlit as st

from cxdash import ui
from cxdash.figures.formatting import format_count
from cxdash.journey import charts as journey_charts
from cxdash.journey import tables, views
from cxdash.journey.funnel import FOLLOW_DAYS
from cxdash.ui.layout import grid

CHART_WIDTH = "22rem"
NO_EVENTS = (
    "This data has no journey_events table, so there is no funnel to show. A `journey_events` file in the "
    "data dir (customer_id, timestamp, stage, step, outcome `completed` or `abandoned`, optional channel: "
    "one row per step a visit reached) adds it."
)


current = ui.engine()  # first: a page drawn before it would show twice on a rerouted first request
st.title("Funnel")
if ui.show_problems(current):
    if "journey_events" not in current.tables:
        st.info(NO_EVENTS)
        st.stop()
    view = ui.view()
    shown = views.funnel_view(current, view.period, view.filters)
    if shown is None:
        st.info("No journey events fall in this period for these filters.")
        st.stop()
    if len(shown.stages) > 1:
        stage = st.selectbox("Stage", shown.stages, key="funnel_stage", bind="query-params")
        shown = views.funnel_view(current, view.period, view.filters, stage)
    steps = shown.steps
    first, last = steps.row(0, named=True), steps.row(-1, named=True)
    with st.container(horizontal=True):
        st.metric("Visits", format_count(first["reached"], compact=False), border=True)
        st.metric(
            f"Completed {last['step']}",
            f"{last['completed'] / first['reached']:.1%}" if first["reached"] else "–",
            help="Visits that completed the last step, of all visits reaching the first.",
            border=True,
        )
        st.metric("Abandoned visits", format_count(int(steps["abandoned"].sum()), compact=False), border=True)

    with grid("funnel_charts", CHART_WIDTH, 2):
        st.plotly_chart(journey_charts.funnel_chart(steps, shown.stage), key="funnel_chart")
        drop = steps.rename({"drop_off": "share", "drop_low": "low", "drop_high": "high", "reached": "started"})
        st.plotly_chart(
            journey_charts.share_bars(drop, "Abandoned there", "Drop-off at each step", "step"), key="drop_chart"
        )
    st.dataframe(tables.step_rows(steps), hide_index=True, width="stretch")
    st.caption(
        "Drop-off: visits abandoned at the step, of those reaching it, with its 95% interval (Wilson, visits "
        "taken as independent; one customer's visits resemble each other, so it is a little narrow)."
    )

    if shown.channels.height:
        second = steps["step"][1]
        st.subheader(f"Abandoned after reaching {second}, by channel")
        st.plotly_chart(
            journey_charts.share_bars(
                shown.channels, f"Abandoned at {second} or later", f"Visits that reached {second}", "channel"
            ),
            key="channel_chart",
        )
        if shown.channel_spread is not None:
            spread = shown.channel_spread
            verdict = "differ beyond sampling noise" if spread.differ else "could differ by chance alone"
            st.caption(f"The channels' shares {verdict} (chi-square test, {tables.p_text(spread.p_value)}).")

    st.subheader("What followed the first visit")
    st.caption(
        f"Customers by the outcome of their first visit in the period, then their churn and survey answers in "
        f"the {FOLLOW_DAYS} days after it. A link, not proof of cause: customers who abandon may differ in "
        "other ways too."
    )
    if shown.followup.height == 0:
        last_day = shown.followup_last_day
        st.info(
            f"No first visit in this period is {FOLLOW_DAYS} days or more before the data's last day, so what "
            f"followed is not known yet. Choose a period ending by {last_day:%d %b %Y}."
            if last_day
            else "No first visit to follow."
        )
    else:
        measures = list(dict.fromkeys(shown.followup["measure"].to_list()))
        with grid("followup_charts", "18rem", 4):
            for measure in measures:
                st.plotly_chart(journey_charts.outcome_chart(shown.followup, measure), key=f"followup_{measure}")
        if shown.tests:
            lines = [tables.followup_line(name, test, shown.followup) for name, test in shown.tests.items()]
            st.markdown("\n".join(f"- {line}" for line in lines))
