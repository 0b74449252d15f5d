"""Charts of the journey pages, in the theme of `cxdash.charts`: scores with their 95% intervals as error
bars, the worst moments in red, the funnel and abandonment shares. Hover texts read like the tiles
("NPS +20.1 · 95% interval +15.6 to +24.1 · n = 1,393"). Only SVG traces."""

from __future__ import annotations

from collections.abc import Sequence

import plotly.graph_objects as go
import polars as pl

from cxdash.charts import PALETTE, SURVEY_SCALES, TEMPLATE
from cxdash.figures.formatting import format_count, format_interval, format_value
from cxdash.figures.registry import KPI_BY_NAME

WORST = PALETTE[3]
CHURN = KPI_BY_NAME["churn_rate"]


def _layout(title: str, height: int, **extra) -> dict:
    return {"template": TEMPLATE, "title": {"text": title, "x": 0}, "height": height, "hovermode": "closest"} | extra


def _figure_text(metric: str, value: float | None, low: float | None, high: float | None, n: int) -> str:
    kpi = KPI_BY_NAME.get(metric, CHURN)
    count = f"n = {format_count(n, compact=False)}"
    if value is None:
        return f"{kpi.label}: too few to show ({count})"
    interval = format_interval(kpi, (low, high)) if low is not None else None
    shown = f" · 95% interval {interval}" if interval else ""
    return f"{kpi.label} {format_value(kpi, value)}{shown} · {count}"


def _errors(table: pl.DataFrame) -> dict:
    value, low, high = (table[c].to_list() for c in ("value", "low", "high"))
    plus = [h - v if v is not None and h is not None else None for v, h in zip(value, high, strict=True)]
    minus = [v - lo if v is not None and lo is not None else None for v, lo in zip(value, low, strict=True)]
    return {"type": "data", "symmetric": False, "array": plus, "arrayminus": minus, "thickness": 1.5, "width": 4}


def _axis(metric: str, table: pl.DataFrame, overall: float | None) -> dict:
    scale = SURVEY_SCALES[metric]
    seen = [v for c in ("low", "high", "value") for v in table[c].to_list() if v is not None]
    seen += [overall] if overall is not None else []
    low, high = (min(seen), max(seen)) if seen else (scale.low, scale.high)
    pad = max((high - low) * 0.1, scale.min_span / 4)
    return {
        "range": [max(scale.low, low - pad), min(scale.high, high + pad)],
        "tickformat": scale.tickformat,
        "ticksuffix": scale.ticksuffix,
        "title": {"text": KPI_BY_NAME[metric].label},
    }


def score_chart(
    table: pl.DataFrame, key: str, order: Sequence[str], metric: str, overall: float | None, title: str
) -> go.Figure:
    """Each group's figure (`scores.score_table`) as a dot with its interval, groups in `order` along x,
    the worst moments red, the figure over every answer a dashed line."""
    rows = {row[key]: row for row in table.iter_rows(named=True)}
    shown = pl.DataFrame([rows[k] for k in order if k in rows], schema=table.schema, orient="row")
    texts = [_figure_text(metric, r["value"], r["low"], r["high"], r["n"]) for r in shown.iter_rows(named=True)]
    colors = [WORST if worst else PALETTE[0] for worst in shown["worst"].to_list()]
    fig = go.Figure(layout=_layout(title, 340))
    fig.add_trace(
        go.Scatter(
            x=shown[key].to_list(),
            y=shown["value"].to_list(),
            mode="markers",
            marker={"size": 11, "color": colors},
            error_y=_errors(shown) | {"color": "#5d6d7e"},
            customdata=texts,
            hovertemplate="%{x}<br>%{customdata}<extra></extra>",
            name=KPI_BY_NAME[metric].label,
            showlegend=False,
        )
    )
    if overall is not None:
        label = f"All answers {format_value(KPI_BY_NAME[metric], overall)}"
        fig.add_hline(y=overall, line={"dash": "dash", "color": "#7f8c8d", "width": 1}, annotation_text=label)
    fig.update_layout(yaxis=_axis(metric, shown, overall), xaxis={"type": "category", "automargin": True})
    return fig


def cell_map(
    table: pl.DataFrame, stages: Sequence[str], touchpoints: Sequence[str], metric: str, overall: float | None
) -> go.Figure:
    """Stage x touchpoint: each cell's figure (`scores.score_table` by cell), blank where there are too few
    answers, coloured from red (worse than `overall`, the figure over all answers) to green (better); a
    worst moment's text is marked with a "!"."""
    kpi = KPI_BY_NAME[metric]
    rows = {(r["journey_stage"], r["touchpoint"]): r for r in table.iter_rows(named=True)}
    z, text, hover = [], [], []
    for touchpoint in touchpoints:
        line_z, line_text, line_hover = [], [], []
        for stage in stages:
            row = rows.get((stage, touchpoint))
            value = row["value"] if row else None
            line_z.append(value)
            line_text.append("" if value is None else format_value(kpi, value) + (" !" if row["worst"] else ""))
            line_hover.append(
                f"{stage} · {touchpoint}<br>"
                + (_figure_text(metric, value, row["low"], row["high"], row["n"]) if row else "no answers")
            )
        z.append(line_z)
        text.append(line_text)
        hover.append(line_hover)
    colors = [[0, "#b23a48"], [0.5, "#f4f1de"], [1, "#2e8b57"]]
    seen = [v for line in z for v in line if v is not None]
    centre = overall if overall is not None else (sum(seen) / len(seen) if seen else 0.0)
    reach = max((abs(v - centre) for v in seen), default=1.0) or 1.0
    height = 140 + 34 * len(touchpoints)
    fig = go.Figure(layout=_layout(f"{kpi.label} by stage and touchpoint", height, margin={"t": 96}))
    fig.add_trace(
        go.Heatmap(
            x=list(stages),
            y=list(touchpoints),
            z=z,
            text=text,
            texttemplate="%{text}",
            customdata=hover,
            hovertemplate="%{customdata}<extra></extra>",
            colorscale=colors if kpi.higher_is_better else colors[::-1],
            zmin=centre - reach,
            zmax=centre + reach,
            xgap=2,
            ygap=2,
            showscale=False,
        )
    )
    fig.update_layout(xaxis={"side": "top", "type": "category"}, yaxis={"autorange": "reversed", "type": "category"})
    return fig


def channel_chart(table: pl.DataFrame, metric: str) -> go.Figure:
    """Each touchpoint's figure per survey channel (`scores.score_table` by touchpoint and channel)."""
    fig = go.Figure(layout=_layout(f"{KPI_BY_NAME[metric].label} by touchpoint and survey channel", 360))
    for number, ((channel,), group) in enumerate(table.group_by("channel", maintain_order=True)):
        texts = [_figure_text(metric, r["value"], r["low"], r["high"], r["n"]) for r in group.iter_rows(named=True)]
        color = PALETTE[number % len(PALETTE)]
        fig.add_trace(
            go.Scatter(
                x=group["touchpoint"].to_list(),
                y=group["value"].to_list(),
                mode="markers",
                name=channel,
                marker={"size": 10, "color": color},
                error_y=_errors(group) | {"color": color},
                customdata=texts,
                hovertemplate=f"%{{x}} · {channel}<br>%{{customdata}}<extra></extra>",
            )
        )
    fig.update_layout(
        scattermode="group", yaxis=_axis(metric, table, None), xaxis={"type": "category", "automargin": True}
    )
    return fig


def funnel_chart(steps: pl.DataFrame, stage: str) -> go.Figure:
    """Visits reaching each step, with the share of the first step's visits still there."""
    fig = go.Figure(layout=_layout(f"{stage}: visits reaching each step", 320))
    fig.add_trace(
        go.Funnel(
            y=steps["step"].to_list(),
            x=steps["reached"].to_list(),
            texttemplate="%{value:,}<br>%{percentInitial:.0%}",
            marker={"color": PALETTE[0]},
            hovertemplate="%{y}: %{x:,} visits · %{percentInitial:.1%} of the first step<extra></extra>",
        )
    )
    return fig


def share_bars(table: pl.DataFrame, label: str, title: str, key: str) -> go.Figure:
    """Shares 0-1 (columns `share`, `low`, `high`, `started`) as horizontal bars with their intervals."""
    texts = [
        f"{r['share']:.1%} (95% interval {r['low']:.1%}–{r['high']:.1%}) of {r['started']:,} visits"
        if r["share"] is not None
        else "no visits"
        for r in table.iter_rows(named=True)
    ]
    errors = _errors(table.rename({"share": "value"}))
    fig = go.Figure(layout=_layout(title, 120 + 40 * table.height))
    fig.add_trace(
        go.Bar(
            y=table[key].to_list(),
            x=table["share"].to_list(),
            orientation="h",
            marker={"color": PALETTE[1]},
            error_x=errors | {"color": "#5d6d7e"},
            customdata=texts,
            hovertemplate="%{y}: %{customdata}<extra></extra>",
            name=label,
        )
    )
    fig.update_layout(
        xaxis={"tickformat": ".0%", "rangemode": "tozero", "title": {"text": label}},
        yaxis={"autorange": "reversed", "type": "category", "automargin": True},
    )
    return fig


def outcome_chart(followup: pl.DataFrame, measure: str) -> go.Figure:
    """One measure after an abandoned and after a completed first visit, each with its interval."""
    rows = followup.filter(pl.col("measure") == measure).sort("outcome")
    kpi = CHURN if measure == "churn" else KPI_BY_NAME[measure]
    texts = [_figure_text(measure, r["value"], r["low"], r["high"], r["n"]) for r in rows.iter_rows(named=True)]
    colors = [WORST if outcome == "abandoned" else PALETTE[2] for outcome in rows["outcome"].to_list()]
    title = "Churned within 90 days" if measure == "churn" else f"{kpi.label} in the 90 days after"
    fig = go.Figure(layout=_layout(title, 260, margin={"l": 48, "r": 16, "t": 48, "b": 40}))
    fig.add_trace(
        go.Scatter(
            x=rows["outcome"].to_list(),
            y=rows["value"].to_list(),
            mode="markers",
            marker={"size": 12, "color": colors},
            error_y=_errors(rows) | {"color": "#5d6d7e"},
            customdata=texts,
            hovertemplate="First visit %{x}<br>%{customdata}<extra></extra>",
            showlegend=False,
        )
    )
    axis = {"tickformat": ".0%", "rangemode": "tozero"} if measure == "churn" else _axis(measure, rows, None)
    fig.update_layout(yaxis=axis | {"title": {"text": kpi.label}}, xaxis={"type": "category"})
    return fig
