"""Pain-point charts in the dashboard's one chart theme: volume and score per theme, and their trend."""

from __future__ import annotations

import plotly.graph_objects as go
import polars as pl

from cxdash.charts import PALETTE, TEMPLATE

MAX_BARS = 15


def theme_volume(report: pl.DataFrame) -> go.Figure:
    """Answers raising each pain point (most first): the taxonomy's themes, and in a second colour the
    discovered topics whose comments read negative on balance (praise found beyond the taxonomy is left to
    the table)."""
    pains = report.filter(~pl.col("discovered") | (pl.col("sentiment") < 0))
    top = pains.sort("responses", descending=True).head(MAX_BARS).reverse()
    colors = [PALETTE[1] if found else PALETTE[0] for found in top["discovered"].to_list()]
    figure = go.Figure(
        go.Bar(
            x=top["responses"].to_list(),
            y=top["theme"].to_list(),
            orientation="h",
            marker_color=colors,
            customdata=(100 * top["share"]).to_list(),
            hovertemplate="%{y}: %{x:,} answers (%{customdata:.1f}% of comments)<extra></extra>",
        ),
        layout={
            "template": TEMPLATE,
            "title": {
                "text": "How often each pain point is raised",
                "subtitle": {"text": "orange: negative topics found in comments no theme covers"},
                "x": 0,
            },
            "height": 120 + 26 * top.height,
            "hovermode": "closest",
            "xaxis": {"title": "answers", "rangemode": "tozero"},
            "margin": {"t": 80},
        },
    )
    return figure


def theme_trend(trend: pl.DataFrame, themes: list[str]) -> go.Figure:
    """Monthly share of comments raising each chosen theme."""
    figure = go.Figure(
        layout={
            "template": TEMPLATE,
            "title": {"text": "Share of the month's comments", "x": 0},
            "height": 340,
            "yaxis": {"tickformat": ".0%", "rangemode": "tozero"},
        }
    )
    for number, theme in enumerate(themes):
        rows = trend.filter(pl.col("theme") == theme)
        figure.add_trace(
            go.Scatter(
                x=rows["month"].to_list(),
                y=rows["share"].to_list(),
                name=theme,
                mode="lines+markers",
                line={"color": PALETTE[number % len(PALETTE)]},
                customdata=rows["responses"].to_list(),
                hovertemplate=f"{theme}: %{{y:.1%}} (%{{customdata:,}} answers)<extra></extra>",
            )
        )
    return figure
