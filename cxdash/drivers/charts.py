"""The impact x performance quadrant of key drivers, in the dashboard's one chart theme."""

from __future__ import annotations

import plotly.graph_objects as go
import polars as pl

from cxdash.charts import PALETTE, TEMPLATE
from cxdash.drivers.analysis import QUADRANTS

LABELLED = 4  # the most important drivers named on the chart
HOVER = "%{hovertext}<br>importance %{y:.1f}%<br>score %{x:.1f}<br>n = %{customdata[0]:,}<extra></extra>"
QUADRANT_COLORS = dict(zip(QUADRANTS, (PALETTE[3], PALETTE[2], PALETTE[1], PALETTE[0]), strict=True))


def driver_quadrant(drivers: pl.DataFrame, outcome: str) -> go.Figure:
    """Touchpoints by score (x, 0-100) and importance (y, share of R-squared); the upper left is "Fix first".

    `drivers` carries `quadrant` (analysis.with_quadrants). Dashed lines mark the mean score and importance.
    Names are written beside the points to fix first and the most important ones; the rest show on hover,
    so a cluster of similar touchpoints never turns into overprinted text.
    """
    named = set(drivers.filter(pl.col("quadrant") == QUADRANTS[0])["driver"]) | set(drivers["driver"].head(LABELLED))
    x_split, y_split = drivers["score"].mean(), 100 * drivers["importance"].mean()
    low_x = min(drivers["score"].min(), x_split) - 5
    high_y = 100 * drivers["importance"].max() * 1.15
    figure = go.Figure(
        layout={
            "template": TEMPLATE,
            "title": {"text": f"What moves {outcome}", "x": 0},
            "height": 460,
            "hovermode": "closest",
            "xaxis": {"title": "Score (mean rating, 0-100)", "showgrid": True, "gridcolor": "#ecf0f1"},
            "yaxis": {"title": "Importance (% of explained variance)", "rangemode": "tozero", "ticksuffix": "%"},
            "legend": {"orientation": "h", "y": -0.2},
        }
    )
    figure.add_shape(
        type="rect", x0=low_x, x1=x_split, y0=y_split, y1=high_y, fillcolor="rgba(178, 58, 72, 0.07)", line_width=0
    )
    figure.add_annotation(x=low_x, y=high_y, text="<b>Fix first</b>", showarrow=False, xanchor="left", yanchor="top")
    for quadrant in QUADRANTS:
        rows = drivers.filter(pl.col("quadrant") == quadrant)
        if rows.is_empty():
            continue
        figure.add_trace(
            go.Scatter(
                x=rows["score"].to_list(),
                y=(100 * rows["importance"]).to_list(),
                mode="markers+text",
                name=quadrant,
                text=[name if name in named else "" for name in rows["driver"]],
                hovertext=rows["driver"].to_list(),
                textposition="top center",
                marker={"size": 12, "color": QUADRANT_COLORS[quadrant]},
                customdata=rows.select("n").to_numpy(),
                hovertemplate=HOVER,
            )
        )
    figure.add_vline(x=x_split, line_dash="dash", line_color="#aab7b8")
    figure.add_hline(y=y_split, line_dash="dash", line_color="#aab7b8")
    return figure
