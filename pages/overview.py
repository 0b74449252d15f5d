"""Overview: the KPI grid for the chosen period and customers, then the trends behind it."""

import streamlit as st

from cxdash import charts, ui
from cxdash.ui_tiles import kpi_grid

st.title("Overview")
current = ui.engine()
ui.data_line(current)
if ui.show_problems(current):
    view = ui.view()
    compared = f" vs {view.comparison_name.lower()} ({view.comparison})" if view.comparison else ""
    st.caption(
        f"**{view.period}**{compared}. Changes marked *noise* are within what chance alone would give "
        "(two-sided test, 5% level); survey figures show n and a 95% interval."
    )
    tiles, trend = current.tiles(view.period, view.comparison, view.filters)
    kpi_grid(tiles)

    st.subheader("Trends")
    left, right = st.columns(2)
    if "survey_responses" in current.tables:
        left.plotly_chart(charts.survey_trend(trend, "nps", "NPS"), key="nps_trend")
        right.plotly_chart(charts.survey_trend(trend, "csat", "CSAT (%)"), key="csat_trend")
    if "orders" in current.tables:
        left.plotly_chart(charts.revenue_trend(trend), key="revenue_trend")
    if "customers" in current.tables:
        right.plotly_chart(charts.churn_trend(trend), key="churn_trend")
