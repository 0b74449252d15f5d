"""Plotly chart builders with one theme, so every page and export looks the same."""

from __future__ import annotations

import plotly.graph_objects as go
import polars as pl

PALETTE = ("#1f4e79", "#e07a1f", "#2e8b57", "#b23a48", "#6c5b7b", "#4a90a4")
BAND = "rgba(31, 78, 121, 0.15)"

TEMPLATE = go.layout.Template(
    layout=go.Layout(
        font={"family": "Inter, Segoe UI, Helvetica, Arial, sans-serif", "size": 13, "color": "#1c2833"},
        colorway=PALETTE,
        plot_bgcolor="white",
        paper_bgcolor="white",
        margin={"l": 48, "r": 16, "t": 48, "b": 40},
        xaxis={"showgrid": False, "linecolor": "#aab7b8"},
        yaxis={"gridcolor": "#ecf0f1", "zerolinecolor": "#d5dbdb"},
        legend={"orientation": "h", "y": -0.18},
        hovermode="x unified",
    )
)


def _figure(title: str, height: int = 320) -> go.Figure:
    return go.Figure(layout={"template": TEMPLATE, "title": {"text": title, "x": 0}, "height": height})


def survey_trend(trend: pl.DataFrame, metric: str, title: str) -> go.Figure:
    """A survey KPI per bucket with its 95% band; buckets with no responses stay gaps."""
    fig = _figure(title)
    x = trend["bucket"].to_list()
    value = trend[metric]
    fig.add_trace(
        go.Scatter(
            x=x + x[::-1],
            y=trend[f"{metric}_high"].to_list() + trend[f"{metric}_low"].to_list()[::-1],
            fill="toself",
            fillcolor=BAND,
            line={"width": 0},
            hoverinfo="skip",
            name="95% interval",
        )
    )
    fig.add_trace(
        go.Scatter(
            x=x,
            y=value.to_list(),
            customdata=trend[f"{metric}_n"].to_list(),
            mode="lines+markers",
            name=title,
            line={"color": PALETTE[0], "width": 2.5},
            hovertemplate="%{y:.1f} (n=%{customdata:,})<extra></extra>",
        )
    )
    return fig


def revenue_trend(trend: pl.DataFrame) -> go.Figure:
    fig = _figure("Revenue and orders")
    x = trend["bucket"].to_list()
    fig.add_trace(go.Bar(x=x, y=trend["revenue"].to_list(), name="Revenue", marker_color=PALETTE[0]))
    fig.add_trace(go.Scatter(x=x, y=trend["orders"].to_list(), name="Orders", yaxis="y2", line={"color": PALETTE[1]}))
    fig.update_layout(yaxis2={"overlaying": "y", "side": "right", "showgrid": False, "title": "Orders"})
    return fig


def churn_trend(trend: pl.DataFrame) -> go.Figure:
    fig = _figure("Churn rate and active customers")
    x = trend["bucket"].to_list()
    fig.add_trace(go.Bar(x=x, y=trend["active_end"].to_list(), name="Active customers", marker_color="#d6e4f0"))
    fig.add_trace(
        go.Scatter(
            x=x,
            y=(trend["churn_rate"] * 100).to_list(),
            name="Churn rate (%)",
            yaxis="y2",
            mode="lines+markers",
            line={"color": PALETTE[3], "width": 2.5},
            hovertemplate="%{y:.2f}%<extra></extra>",
        )
    )
    fig.update_layout(yaxis2={"overlaying": "y", "side": "right", "showgrid": False, "title": "Churn %"})
    return fig
