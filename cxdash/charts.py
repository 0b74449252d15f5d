"""Plotly chart builders with one theme, so every page and export looks the same.

Charts read like the tiles: hover texts come from `figures.formatting` ("Revenue £1.2M", "NPS +31.5
(n = 412)"), money axes carry the currency's symbol, counts and money start at zero, survey axes keep to
their scale. A bucket without a figure (null) stays a gap, never bridged; a partial bucket (only part of
it observed) has an open marker or a hatched bar and says "partial" on hover. The x column is `bucket_start`
where the trend table has it, else `bucket`. Only SVG traces (`go.Scatter`, `go.Bar`): a browser gives a
page only a few WebGL contexts.
"""

from __future__ import annotations

from itertools import pairwise
from math import ceil
from typing import Any, NamedTuple

import plotly.graph_objects as go
import polars as pl

from cxdash.figures.formatting import currency_symbol, format_count, format_value, separators
from cxdash.figures.registry import KPI_BY_NAME

PALETTE = ("#1f4e79", "#e07a1f", "#2e8b57", "#b23a48", "#6c5b7b", "#4a90a4")
BAND = "rgba(31, 78, 121, 0.15)"
DAY_MS = 86_400_000  # plotly counts date steps in milliseconds

TEMPLATE = go.layout.Template(
    layout=go.Layout(
        font={"family": "Inter, Segoe UI, Helvetica, Arial, sans-serif", "size": 13, "color": "#1c2833"},
        colorway=PALETTE,
        plot_bgcolor="white",
        paper_bgcolor="white",
        margin={"l": 48, "r": 16, "t": 48, "b": 40},
        xaxis={"showgrid": False, "linecolor": "#aab7b8"},
        yaxis={"gridcolor": "#ecf0f1", "zerolinecolor": "#d5dbdb", "automargin": True},
        legend={"orientation": "h", "y": -0.18},
        hovermode="x unified",
    )
)


class SurveyScale(NamedTuple):
    """A survey KPI's scale, and the least span its axis shows, so sampling wobble is not blown up into a
    cliff and the ticks need no more decimals than `tickformat` has."""

    low: float
    high: float
    min_span: float
    tickformat: str
    ticksuffix: str = ""


SURVEY_SCALES = {
    "nps": SurveyScale(-100, 100, 10, ",.0f"),  # points
    "csat": SurveyScale(0, 100, 10, ".0f", "%"),
    "ces": SurveyScale(1, 7, 1, ".1f"),
}


def _figure(title: str, x: list, locale: str, partial_note: str | None = None, height: int = 320) -> go.Figure:
    """`partial_note` becomes a subtitle (with room for it): how partial buckets are drawn, when there are any."""
    heading: dict[str, Any] = {"text": title, "x": 0}
    layout: dict[str, Any] = {"template": TEMPLATE, "title": heading, "height": height, "xaxis": _x_axis(x)}
    if partial_note:
        heading["subtitle"] = {"text": partial_note}
        layout["margin"] = {"t": 80}
    return go.Figure(layout=layout | {"separators": separators(locale)})


def _x(trend: pl.DataFrame) -> list:
    return trend["bucket_start" if "bucket_start" in trend.columns else "bucket"].to_list()


def _partial(trend: pl.DataFrame) -> list[bool]:
    if "partial" not in trend.columns:
        return [False] * trend.height
    return trend["partial"].fill_null(False).to_list()


def _hover(texts: list[str], partial: list[bool]) -> list[str]:
    return [text + (" · partial" if part else "") for text, part in zip(texts, partial, strict=True)]


def _template(label: str) -> str:
    return f"{label} %{{customdata}}<extra></extra>"


def _markers(partial: list[bool], color: str) -> dict:
    return {
        "symbol": ["circle-open" if part else "circle" for part in partial],
        "size": 8,
        "color": color,
        "line": {"width": 2, "color": color},
    }


def _bars(partial: list[bool], color: str) -> dict:
    return {"color": color, "pattern": {"shape": ["/" if part else "" for part in partial]}}


def _right(axis: dict) -> dict:
    """A second y axis on the right, with its own ticks (plotly would otherwise sync them to the left
    axis's gridlines: "0, 91, 183")."""
    return axis | {"overlaying": "y", "side": "right", "showgrid": False, "tickmode": "auto", "automargin": True}


def _count_axis(title: str) -> dict:
    """From zero, and at least 0-5 tall, so the ticks stay whole numbers."""
    return {"title": {"text": title}, "rangemode": "tozero", "autorangeoptions": {"include": [0, 5]}}


def _band(x: list, low: list, high: list) -> tuple[list, list]:
    """The 95% band as one closed shape per run of buckets with bounds, runs split by None, so a gap in the
    figure is a gap in the band too (one shape over a gap would fold across it)."""
    runs: list[list[tuple]] = [[]]
    for point in zip(x, low, high, strict=True):
        if point[1] is None or point[2] is None:
            runs.append([])
        else:
            runs[-1].append(point)
    band_x: list = []
    band_y: list = []
    for run in (run for run in runs if run):
        if band_x:
            band_x.append(None)
            band_y.append(None)
        band_x += [p[0] for p in run] + [p[0] for p in reversed(run)]
        band_y += [p[2] for p in run] + [p[1] for p in reversed(run)]
    return band_x, band_y


def band_trace(
    x: list, low: list, high: list, fillcolor: str = BAND, name: str = "95% interval", showlegend: bool = True
) -> go.Scatter:
    """An interval drawn as a filled band (gaps where a bound is missing), no line, no hover."""
    band_x, band_y = _band(x, low, high)
    return go.Scatter(
        x=band_x,
        y=band_y,
        mode="lines",
        fill="toself",
        fillcolor=fillcolor,
        line={"width": 0},
        hoverinfo="skip",
        name=name,
        showlegend=showlegend,
    )


def _survey_range(scale: SurveyScale, values: list) -> list[float]:
    """The figures and their bounds, padded by a tenth, at least `min_span` wide, inside the scale; then
    2% more each side, so a marker on the scale's end (CSAT 100%) is not cut in half."""
    seen = [v for v in values if v is not None]
    low, high = (min(seen), max(seen)) if seen else (scale.low, scale.high)
    span = min(max(1.2 * (high - low), scale.min_span), scale.high - scale.low)
    start = min(max((low + high - span) / 2, scale.low), scale.high - span)
    return [start - 0.02 * span, start + 1.02 * span]


def _x_axis(x: list) -> dict:
    """Weekly buckets start on Mondays: ticks on the buckets (plotly's own weekly ticks fall on Sundays) and
    "Week of ..." on hover; monthly buckets read "June 2024" on hover."""
    steps = {(later - earlier).days for earlier, later in pairwise(x)}
    if steps == {7}:
        every = 7 * ceil(len(x) / 8)  # at most 8 ticks
        return {"tick0": x[0], "dtick": every * DAY_MS, "tickformat": "%b %-d", "hoverformat": "Week of %b %-d, %Y"}
    if steps and min(steps) >= 28:
        return {"hoverformat": "%B %Y"}
    return {}


def _line(x: list, values: list, partial: list[bool], label: str, texts: list[str], color: str, **extra) -> go.Scatter:
    return go.Scatter(
        x=x,
        y=values,
        name=label,
        mode="lines+markers",
        connectgaps=False,
        line={"color": color, "width": 2.5},
        marker=_markers(partial, color),
        customdata=_hover(texts, partial),
        hovertemplate=_template(label),
        **extra,
    )


def _bars_and_line(
    trend: pl.DataFrame,
    title: str,
    bars: tuple[str, str, str],
    line: tuple[str, str, str],
    locale: str,
    currency: str = "USD",
) -> go.Figure:
    """Two figures per bucket: `bars` on the left axis, `line` on the right one, each (column, KPI, colour)."""
    x, partial = _x(trend), _partial(trend)
    fig = _figure(title, x, locale, "Hatched bars, open markers: partial periods" if any(partial) else None)
    (bar_column, bar_name, bar_color), (line_column, line_name, line_color) = bars, line
    bar_kpi, line_kpi = KPI_BY_NAME[bar_name], KPI_BY_NAME[line_name]
    heights, points = trend[bar_column].to_list(), trend[line_column].to_list()
    fig.add_trace(
        go.Bar(
            x=x,
            y=heights,
            name=bar_kpi.label,
            marker=_bars(partial, bar_color),
            customdata=_hover([format_value(bar_kpi, v, currency, locale) for v in heights], partial),
            hovertemplate=_template(bar_kpi.label),
        )
    )
    texts = [format_value(line_kpi, v, currency, locale) for v in points]
    fig.add_trace(_line(x, points, partial, line_kpi.label, texts, line_color, yaxis="y2"))
    return fig


def survey_trend(trend: pl.DataFrame, metric: str, title: str | None = None, locale: str = "en") -> go.Figure:
    """A survey KPI (nps, csat, ces) per bucket with its 95% band, on its own scale."""
    kpi, scale = KPI_BY_NAME[metric], SURVEY_SCALES[metric]
    x, partial = _x(trend), _partial(trend)
    values, counts = trend[metric].to_list(), trend[f"{metric}_n"].to_list()
    low, high = trend[f"{metric}_low"].to_list(), trend[f"{metric}_high"].to_list()
    fig = _figure(title or kpi.label, x, locale, "Open markers: partial periods" if any(partial) else None)
    fig.add_trace(band_trace(x, low, high))
    texts = [
        f"{format_value(kpi, value, locale=locale)} (n = {format_count(n or 0, compact=False, locale=locale)})"
        for value, n in zip(values, counts, strict=True)
    ]
    fig.add_trace(_line(x, values, partial, kpi.label, texts, PALETTE[0]))
    fig.update_layout(
        yaxis={
            "range": _survey_range(scale, values + low + high),
            "tickformat": scale.tickformat,
            "ticksuffix": scale.ticksuffix,
        }
    )
    return fig


def revenue_trend(trend: pl.DataFrame, currency: str = "USD", locale: str = "en") -> go.Figure:
    """Revenue bars on a money axis (the currency's symbol, from zero) and orders on a count axis."""
    fig = _bars_and_line(
        trend,
        "Revenue and orders",
        ("revenue", "revenue", PALETTE[0]),
        ("orders", "orders", PALETTE[1]),
        locale,
        currency,
    )
    fig.update_layout(
        yaxis={
            "title": {"text": KPI_BY_NAME["revenue"].label},
            "tickprefix": currency_symbol(currency, locale),
            "rangemode": "tozero",
        },
        yaxis2=_right(_count_axis(KPI_BY_NAME["orders"].label)),
    )
    return fig


def churn_trend(trend: pl.DataFrame, locale: str = "en") -> go.Figure:
    """Active customers at each bucket's end (bars, a count axis) and the churn rate (a percent axis)."""
    bars, line = ("active_customers", "active_customers", "#d6e4f0"), ("churn_rate", "churn_rate", PALETTE[3])
    fig = _bars_and_line(trend, "Churn rate and active customers", bars, line, locale)
    fig.update_layout(
        yaxis=_count_axis(KPI_BY_NAME["active_customers"].label),
        yaxis2=_right(  # a rate: in percent, from zero, at least 0-1% tall so one decimal always suffices
            {
                "title": {"text": KPI_BY_NAME["churn_rate"].label},
                "tickformat": ".1~%",
                "rangemode": "tozero",
                "autorangeoptions": {"include": [0, 0.01]},
            }
        ),
    )
    return fig


def chart_axes(frame: pl.DataFrame) -> tuple[str, list[str]] | None:
    """Which columns a query result charts by itself: x the first date (else text) column, y its number
    columns; None when it has no such pair."""
    temporal = [c for c, t in frame.schema.items() if t.is_temporal()]
    text = [c for c, t in frame.schema.items() if t == pl.String]
    numbers = [c for c, t in frame.schema.items() if t.is_numeric()]
    x = (temporal or text or [None])[0]
    return (x, numbers) if x and numbers else None


def result_chart(
    frame: pl.DataFrame, title: str, y: str | None = None, currency: str | None = None, locale: str = "en"
) -> go.Figure | None:
    """Any query result as one chart: column `y` (else the first number column) against the first date
    column (a line) or text column (bars), from zero; money axes when `currency` is given. None when the
    result has nothing to chart."""
    axes = chart_axes(frame)
    if axes is None:
        return None
    x_column, numbers = axes
    y = y or numbers[0]
    x, values = frame[x_column].to_list(), frame[y].to_list()
    dated = frame.schema[x_column].is_temporal()
    fig = _figure(title, x if dated else [], locale)
    label = y.replace("_", " ").capitalize()
    if dated:
        fig.add_trace(go.Scatter(x=x, y=values, name=label, mode="lines+markers", line={"color": PALETTE[0]}))
    else:
        fig.add_trace(go.Bar(x=x, y=values, name=label, marker={"color": PALETTE[0]}))
    axis: dict[str, Any] = {"title": {"text": label}, "rangemode": "tozero"}
    if currency:
        axis["tickprefix"] = currency_symbol(currency, locale)
    fig.update_layout(yaxis=axis, xaxis_title={"text": x_column.replace("_", " ").capitalize()}, hovermode="closest")
    return fig


def add_goal_line(fig: go.Figure, path: list[tuple], label: str) -> go.Figure:
    """A goal's glide path (dated points, baseline to target) as a dashed line over a trend chart."""
    fig.add_trace(
        go.Scatter(
            x=[day for day, _ in path],
            y=[value for _, value in path],
            mode="lines",
            line={"color": PALETTE[2], "dash": "dash", "width": 2},
            name=label,
            hoverinfo="skip",
        )
    )
    return fig
