"""Overview: the KPI grid for the chosen period and customers, then the trends behind it."""
# section: Dashboard
# icon: :material/dashboard:
# order: 10
# default: true

import streamlit as st

from cxdash import charts, ui
from cxdash.goals.pace import path_between
from cxdash.goals.report import default_as_of
from cxdash.ui.goals import overview_goals
from cxdash.ui.layout import grid
from cxdash.ui.tiles import kpi_grid

CHART_WIDTH = "26rem"  # narrower, a trend's axis labels crowd: one chart a row on small screens

current = ui.engine()  # first: a page drawn before it would show twice on a rerouted first request
st.title("Overview")
if ui.show_problems(current):
    view = ui.view()
    st.caption(
        "*Real change*: a two-sided test at the 5% level tells the change from chance. *Could be chance*: "
        "it cannot. Point at the ? beside a tile's name for its definition, n, 95% interval and p."
    )
    overview = current.overview(view.period, view.comparison, view.filters)
    tiles, trend = overview.tiles, overview.trend
    goals = overview_goals(current, view.filters, default_as_of(current))  # goals on exactly these customers
    kpi_grid(
        tiles, current.meta.currency, {metric: (name, status) for metric, (name, status, _) in goals.items() if status}
    )
    ui.note_missing_kpis(current)

    st.subheader("Trends")
    charts_shown = []
    for metric, label in (("nps", "NPS"), ("csat", "CSAT (%)"), ("ces", "CES")):
        if metric in trend.columns and trend[f"{metric}_n"].sum() > 0:
            chart = charts.survey_trend(trend, metric, label)
            # a survey score means the same over a bucket as over a goal's window: its glide path fits the chart
            if path := path_between(goals[metric][2] if metric in goals else [], view.period.start, view.period.end):
                charts.add_goal_line(chart, path, f"Goal: {goals[metric][0]}")
            charts_shown.append(chart)
    if "orders" in current.tables:
        charts_shown.append(charts.revenue_trend(trend, current.meta.currency))
    if "customers" in current.tables:
        charts_shown.append(charts.churn_trend(trend))
    with grid("trends", CHART_WIDTH, 2):
        for number, chart in enumerate(charts_shown):
            st.plotly_chart(chart, key=f"trend_{number}")
