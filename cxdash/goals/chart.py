"""A goal's chart: actuals with their 95% intervals, the glide path with its tolerance band, the forecast
cone to the deadline, the target and the deadline. The project's one chart theme (cxdash.charts)."""

from __future__ import annotations

import plotly.graph_objects as go

from cxdash.charts import BAND, PALETTE, TEMPLATE
from cxdash.figures.formatting import currency_symbol
from cxdash.figures.registry import KPI_BY_NAME
from cxdash.goals.report import GoalReport
from cxdash.goals.words import value_text

PATH_COLOR, FORECAST_COLOR = PALETTE[2], PALETTE[1]
TOLERANCE_FILL, CONE_FILL = "rgba(46, 139, 87, 0.12)", "rgba(224, 122, 31, 0.15)"


def _axis(metric: str, currency: str) -> dict:
    unit = KPI_BY_NAME[metric].unit
    if unit == "fraction":
        return {"tickformat": ".1~%"}
    if unit == "percent":
        return {"ticksuffix": "%"}
    if unit == "currency":
        return {"tickprefix": currency_symbol(currency)}
    return {}


def goal_chart(report: GoalReport, currency: str = "USD") -> go.Figure:
    goal, metric = report.goal, report.goal.metric
    label = KPI_BY_NAME[metric].label
    fig = go.Figure(layout={"template": TEMPLATE, "height": 340, "title": {"text": goal.name, "x": 0}})
    shown = lambda v: value_text(metric, v, currency)  # noqa: E731
    if report.path and report.tolerance is not None:
        days = [d for d, _ in report.path]
        upper = [v + report.tolerance for _, v in report.path]
        lower = [v - report.tolerance for _, v in report.path]
        fig.add_trace(
            go.Scatter(
                x=days + days[::-1],
                y=upper + lower[::-1],
                fill="toself",
                fillcolor=TOLERANCE_FILL,
                line={"width": 0},
                hoverinfo="skip",
                name="Tolerance band",
            )
        )
        fig.add_trace(
            go.Scatter(
                x=days,
                y=[v for _, v in report.path],
                mode="lines+markers",
                line={"color": PATH_COLOR, "dash": "dash", "width": 2},
                name="Glide path",
                customdata=[shown(v) for _, v in report.path],
                hovertemplate="Glide path %{customdata}<extra></extra>",
            )
        )
    history = report.history
    if history:
        fig.add_trace(
            go.Scatter(
                x=[r.end for r in history],
                y=[r.value for r in history],
                mode="lines+markers",
                line={"color": PALETTE[0], "width": 2.5},
                error_y={
                    "type": "data",
                    "symmetric": False,
                    "array": [(r.high - r.value) if r.high is not None else 0 for r in history],
                    "arrayminus": [(r.value - r.low) if r.low is not None else 0 for r in history],
                    "color": BAND.replace("0.15", "0.6"),
                },
                name=f"{label}, {goal.window_days} days to each point",
                customdata=[shown(r.value) for r in history],
                hovertemplate=f"{label} %{{customdata}}<extra></extra>",
            )
        )
    if report.forecast and history:
        cone = report.forecast.cone(history[-1].end, history[-1].value)
        days = [c[0] for c in cone]
        fig.add_trace(
            go.Scatter(
                x=days + days[::-1],
                y=[c[3] for c in cone] + [c[2] for c in cone][::-1],
                fill="toself",
                fillcolor=CONE_FILL,
                line={"width": 0},
                hoverinfo="skip",
                name="Forecast, 95%",
            )
        )
        fig.add_trace(
            go.Scatter(
                x=days,
                y=[c[1] for c in cone],
                mode="lines",
                line={"color": FORECAST_COLOR, "dash": "dot", "width": 2},
                name="Forecast",
                customdata=[shown(c[1]) for c in cone],
                hovertemplate="Forecast %{customdata}<extra></extra>",
            )
        )
    if goal.deadline:
        fig.add_trace(
            go.Scatter(
                x=[goal.deadline],
                y=[goal.target],
                mode="markers",
                marker={"symbol": "star", "size": 14, "color": PATH_COLOR},
                name=f"Target {shown(goal.target)}",
                hovertemplate=f"Target {shown(goal.target)}<extra></extra>",
            )
        )
        fig.add_vline(x=goal.deadline.isoformat(), line={"color": "#7f8c8d", "dash": "dot", "width": 1})
    else:
        fig.add_hline(y=goal.target, line={"color": PATH_COLOR, "dash": "dash"})
    fig.update_layout(yaxis=_axis(metric, currency), legend={"orientation": "h", "y": -0.2})
    return fig
