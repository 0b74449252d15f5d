"""The uplift's charts in the dashboard's one theme: a bar per experience group with its 95% interval, so
the gap and its uncertainty read at a glance (SVG bars, categorical x: no WebGL)."""

from __future__ import annotations

import plotly.graph_objects as go

from cxdash.charts import PALETTE, TEMPLATE
from cxdash.figures.formatting import currency_symbol, format_money, separators
from cxdash.uplift.estimates import Estimate
from cxdash.uplift.groups import GroupFigures


def _errors(estimates: list[Estimate]) -> dict:
    values = [e.value or 0 for e in estimates]
    return {
        "type": "data",
        "symmetric": False,
        "array": [(e.high - v) if e.high is not None else 0 for e, v in zip(estimates, values, strict=True)],
        "arrayminus": [(v - e.low) if e.low is not None else 0 for e, v in zip(estimates, values, strict=True)],
        "color": "#1c2833",
    }


def _bars(
    title: str, groups: list[GroupFigures], estimates: list[Estimate], texts: list[str], axis: dict, locale: str
) -> go.Figure:
    figure = go.Figure(layout={"template": TEMPLATE, "title": {"text": title, "x": 0}, "height": 320})
    figure.add_bar(
        x=[g.group for g in groups],
        y=[e.value for e in estimates],
        error_y=_errors(estimates),
        marker_color=PALETTE[0],
        customdata=texts,
        hovertemplate="%{x}: %{customdata}<extra></extra>",
    )
    figure.update_layout(separators=separators(locale), hovermode="closest", yaxis=axis | {"rangemode": "tozero"})
    return figure


def revenue_by_group(groups: list[GroupFigures], currency: str, locale: str = "en") -> go.Figure:
    estimates = [g.revenue_per_customer for g in groups]
    texts = [
        f"{format_money(e.value, currency) if e.value is not None else '–'} per customer (n = {e.n:,})"
        for e in estimates
    ]
    axis = {"tickprefix": currency_symbol(currency, locale), "tickformat": ",.0f"}
    return _bars("Revenue per customer, 12 months after the first answer", groups, estimates, texts, axis, locale)


def retention_by_group(groups: list[GroupFigures], locale: str = "en") -> go.Figure:
    estimates = [g.retention for g in groups]
    texts = [f"{e.value:.1%} (n = {e.n:,})" if e.value is not None else "–" for e in estimates]
    axis = {"tickformat": ".0%", "range": [0, 1.02]}
    return _bars("Still a customer 12 months after the first answer", groups, estimates, texts, axis, locale)
