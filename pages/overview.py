"""Overview: the KPI grid for the chosen period and customers, then the trends behind it."""

import streamlit as st

from cxdash import charts, ui
from cxdash.ui.tiles import kpi_grid

st.title("Overview")
current = ui.engine()
if ui.show_problems(current):
    view = ui.view()
    compared = f" {view.comparison_label}" if view.comparison_label else ""
    st.caption(
        f"**{view.period}**{compared}. A change marked *could be chance* is within what chance alone would "
        "give (two-sided test, 5% level); hover a tile for n, its 95% interval and p."
    )
    overview = current.overview(view.period, view.comparison, view.filters)
    tiles, trend = overview.tiles, overview.trend
    kpi_grid(tiles)
    ui.note_missing_kpis(current)

    st.subheader("Trends")
    charts_shown = [
        charts.survey_trend(trend, metric, label)
        for metric, label in (("nps", "NPS"), ("csat", "CSAT (%)"), ("ces", "CES"))
        if trend[f"{metric}_n"].sum() > 0
    ]
    if "orders" in current.tables:
        charts_shown.append(charts.revenue_trend(trend))
    if "customers" in current.tables:
        charts_shown.append(charts.churn_trend(trend))
    for first in range(0, len(charts_shown), 2):
        for number, column in enumerate(st.columns(2), start=first):
            if number < len(charts_shown):
                column.plotly_chart(charts_shown[number], key=f"trend_{number}")
