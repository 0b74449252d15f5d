"""The cohort and survival charts, in the dashboard's one theme (`cxdash.charts`): SVG traces only, blank
where a figure is not known, the month in progress marked, counts and intervals on hover."""

from __future__ import annotations

import plotly.graph_objects as go
import polars as pl

from cxdash.charts import PALETTE, TEMPLATE, band_trace
from cxdash.cohorts.survival import Curve
from cxdash.cohorts.table import KINDS, is_revenue
from cxdash.figures.formatting import format_money, separators

RETENTION_SCALE = [[0.0, "#f7fbff"], [0.5, "#6baed6"], [1.0, "#08306b"]]
IN_PROGRESS = "#d5d8dc"


def row_label(label: str, size: int) -> str:
    return f"{label} ({size:,})"


def _cell_text(value: float | None, count: float, counts: bool, kind: str, currency: str) -> str:
    if value is None:
        return ""
    if not counts:
        return f"{value:.0%}"
    return format_money(count, currency, compact=True) if is_revenue(kind) else f"{count:,.0f}"


def _hover(row: dict, kind: str, currency: str) -> str:
    head = f"{row['label']} · {row['size']:,} signed up · month {row['month']}"
    if row["state"] == "in_progress":
        return f"{head}<br>month still in progress: not known yet"
    if row["value"] is None:
        return f"{head}<br>not known ({row['state'].replace('_', ' ')})"
    if is_revenue(kind):
        money, base = (format_money(row[c], currency, compact=True) for c in ("count", "base"))
        return f"{head}<br>{KINDS[kind]} {row['value']:.1%}: {money} of {base}"
    noun = "still customers" if kind == "logo" else "ordered"
    return f"{head}<br>{KINDS[kind]} {row['value']:.1%}: {row['customers']:,} of {row['base']:,.0f} {noun}"


def cohort_heatmap(
    table: pl.DataFrame, average: pl.DataFrame, kind: str, counts: bool = False, currency: str = "USD"
) -> go.Figure:
    """Cohorts down (oldest first, size beside each), months since sign-up across, the weighted average
    last; a cell without a figure is blank, the month in progress grey and marked."""
    rows = pl.concat([table, average]) if average.height else table
    labels = [
        r["label"] if r["cohort"] is None else row_label(r["label"], r["size"]) for r in rows.iter_rows(named=True)
    ]
    order = list(dict.fromkeys(labels))
    records = rows.to_dicts()
    z = [r["value"] if not counts or r["value"] is None else r["count"] for r in records]
    fig = go.Figure(
        layout={
            "template": TEMPLATE,
            "title": {"text": f"{KINDS[kind]} by sign-up month", "x": 0},
            "height": max(320, 26 * len(order) + 140),
            "xaxis": {"title": {"text": "Months since sign-up"}, "side": "top", "dtick": 1},
            "yaxis": {"categoryorder": "array", "categoryarray": order, "autorange": "reversed", "type": "category"},
            "hovermode": "closest",
            "separators": separators("en"),
            "margin": {"t": 110},
        }
    )
    fig.add_trace(
        go.Heatmap(
            x=[r["month"] for r in records],
            y=labels,
            z=z,
            text=[_cell_text(r["value"], r["count"], counts, kind, currency) for r in records],
            texttemplate="%{text}",
            customdata=[_hover(r, kind, currency) for r in records],
            hovertemplate="%{customdata}<extra></extra>",
            colorscale=RETENTION_SCALE,
            zmin=0,
            zmax=None if counts or is_revenue(kind) else 1,
            colorbar={"tickformat": ",.0f" if counts else ".0%", "len": 0.6},
            xgap=1,
            ygap=1,
            name=KINDS[kind],
        )
    )
    progress = [r for r in records if r["state"] == "in_progress"]
    if progress:
        fig.add_trace(
            go.Heatmap(
                x=[r["month"] for r in progress],
                y=[label for r, label in zip(records, labels, strict=True) if r["state"] == "in_progress"],
                z=[1] * len(progress),
                text=["…"] * len(progress),
                texttemplate="%{text}",
                customdata=[_hover(r, kind, currency) for r in progress],
                hovertemplate="%{customdata}<extra></extra>",
                colorscale=[[0, IN_PROGRESS], [1, IN_PROGRESS]],
                showscale=False,
                xgap=1,
                ygap=1,
                name="in progress",
            )
        )
        fig.update_layout(
            title={"subtitle": {"text": "Grey …: the month still in progress. Blank: not known yet, never 0."}}
        )
    return fig


def _tint(color: str) -> str:
    """A line's colour, faint, for its band."""
    red, green, blue = (int(color[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({red}, {green}, {blue}, 0.12)"


def _percent_figure(title: str, x_title: str) -> go.Figure:
    return go.Figure(
        layout={
            "template": TEMPLATE,
            "title": {"text": title, "x": 0},
            "height": 360,
            "xaxis": {"title": {"text": x_title}},
            "yaxis": {"tickformat": ".0%", "rangemode": "tozero"},
            "hovermode": "closest",
            "separators": separators("en"),
        }
    )


def month_k_lines(points: dict[int, pl.DataFrame], kind: str) -> go.Figure:
    """Each chosen month k as a line across cohorts (x: sign-up month), with its 95% band."""
    fig = _percent_figure(f"{KINDS[kind]} at month k, by sign-up month", "Sign-up month")
    for number, (k, frame) in enumerate(points.items()):
        color = PALETTE[number % len(PALETTE)]
        x = frame["cohort"].to_list()
        if frame["low"].is_not_null().any():
            fig.add_trace(
                band_trace(x, frame["low"].to_list(), frame["high"].to_list(), _tint(color), showlegend=False)
            )
        texts = [
            f"{r['label']}: {r['value']:.1%} at month {k} ({r['customers']:,} of {r['size']:,})"
            + ("" if r["low"] is None else f" · 95% {r['low']:.1%}–{r['high']:.1%}")
            for r in frame.iter_rows(named=True)
        ]
        fig.add_trace(
            go.Scatter(
                x=x,
                y=frame["value"].to_list(),
                mode="lines+markers",
                name=f"Month {k}",
                line={"color": color, "width": 2.5},
                customdata=texts,
                hovertemplate="%{customdata}<extra></extra>",
            )
        )
    return fig


def survival_curves(curves: list[Curve], title: str, x_title: str = "Months since sign-up") -> go.Figure:
    """Kaplan-Meier steps with their 95% bands, one colour per group; a click selects a group."""
    fig = _percent_figure(title, x_title)
    fig.update_layout(yaxis={"range": [0, 1.02], "title": {"text": "Share still a customer"}})
    for number, curve in enumerate(curves):
        color = PALETTE[number % len(PALETTE)]
        points = curve.points
        x, low, high = points["months"].to_list(), points["low"].to_list(), points["high"].to_list()
        step_x = [v for pair in zip(x, x[1:] + x[-1:], strict=True) for v in pair]
        step_low = [v for v in low for _ in range(2)]
        step_high = [v for v in high for _ in range(2)]
        fig.add_trace(band_trace(step_x, step_low, step_high, _tint(color), showlegend=False))
        median = "median not reached" if curve.median is None else f"median {curve.median:.1f} months"
        texts = [
            f"{curve.group}: {s:.1%} left at {m:.1f} months ({int(r):,} at risk) · {median}"
            for m, s, r in zip(x, points["survival"], points["at_risk"], strict=True)
        ]
        fig.add_trace(
            go.Scatter(
                x=x,
                y=points["survival"].to_list(),
                mode="lines",
                line={"shape": "hv", "color": color, "width": 2.5},
                name=f"{curve.group} ({curve.customers:,})",
                customdata=texts,
                hovertemplate="%{customdata}<extra></extra>",
            )
        )
    fig.add_hline(y=0.5, line={"dash": "dot", "color": "#aab7b8", "width": 1})
    return fig


def churn_over_time(monthly: pl.DataFrame) -> go.Figure:
    """The monthly churn rate with its 95% band; open markers for months the period cuts."""
    fig = _percent_figure("Monthly churn rate", "Month")
    x = monthly["bucket_start"].to_list()
    fig.add_trace(band_trace(x, monthly["low"].to_list(), monthly["high"].to_list()))
    texts = [
        "not shown (too few customers)"
        if r["churn_rate"] is None
        else f"{r['bucket_start']:%B %Y}: {r['churn_rate']:.1%} ({r['churned']:,} of {r['active_start']:,})"
        + (" · partial month" if r["partial"] else "")
        for r in monthly.iter_rows(named=True)
    ]
    fig.add_trace(
        go.Scatter(
            x=x,
            y=monthly["churn_rate"].to_list(),
            mode="lines+markers",
            name="Churn rate",
            line={"color": PALETTE[3], "width": 2.5},
            marker={"symbol": ["circle-open" if p else "circle" for p in monthly["partial"]], "size": 8},
            customdata=texts,
            hovertemplate="%{customdata}<extra></extra>",
        )
    )
    return fig


def churn_by_dimension(frame: pl.DataFrame, dimension: str, currency: str) -> go.Figure:
    """Churned revenue per group, largest first, with the churn rate and its interval on hover; a click
    on a bar selects its customers."""
    frame = frame.reverse()  # plotly draws horizontal bars from the bottom up
    texts = [
        f"{r['value']}: {format_money(r['churned_revenue'], currency, compact=True)} a year lost · "
        f"{r['churned']:,} of {r['active_start']:,} churned"
        + ("" if r["churn_rate"] is None else f" ({r['churn_rate']:.1%}, 95% {r['low']:.1%}–{r['high']:.1%})")
        for r in frame.iter_rows(named=True)
    ]
    fig = go.Figure(
        layout={
            "template": TEMPLATE,
            "title": {"text": f"Revenue lost to churn by {dimension.replace('_', ' ')}", "x": 0},
            "height": max(260, 36 * frame.height + 120),
            "xaxis": {"title": {"text": "Yearly revenue of the churned customers"}, "rangemode": "tozero"},
            "yaxis": {"type": "category", "automargin": True},
            "hovermode": "closest",
            "separators": separators("en"),
        }
    )
    fig.add_trace(
        go.Bar(
            x=frame["churned_revenue"].to_list(),
            y=frame["value"].to_list(),
            orientation="h",
            marker={"color": PALETTE[3]},
            text=[f"{r:.1%} churn" if r is not None else "" for r in frame["churn_rate"]],
            textposition="auto",
            customdata=texts,
            hovertemplate="%{customdata}<extra></extra>",
            name="Churned revenue",
        )
    )
    return fig
