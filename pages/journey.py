"""Journey map: NPS, CSAT and CES per journey stage, touchpoint and survey channel, the worst moments first."""
# section: Journey
# icon: :material/route:
# order: 10

import streamlit as st

from cxdash import charts, ui
from cxdash.figures.formatting import format_value
from cxdash.figures.metrics import MIN_SURVEY_N
from cxdash.figures.periods import trend_grain
from cxdash.figures.registry import KPI_BY_NAME
from cxdash.journey import charts as journey_charts
from cxdash.journey import scores, tables, views
from cxdash.ui.journey_filters import journey_filters
from cxdash.ui.layout import grid

CHART_WIDTH = "26rem"
ROW_PX = 35  # st.dataframe's row height: tables as tall as their rows, so none scrolls


def table(rows: list[dict]) -> None:
    st.dataframe(rows, hide_index=True, width="stretch", height=ROW_PX * (len(rows) + 1) + 3)


current = ui.engine()  # first: a page drawn before it would show twice on a rerouted first request
st.title("Journey map")
if ui.show_problems(current) and ui.require_tables(current, "survey_responses"):
    view = ui.view()
    given = current.data.journey
    if not (given["journey_stage"] or given["touchpoint"]):
        st.info(
            "The survey answers of this data give no journey stage and no touchpoint, so there is no journey "
            "to map. Add `journey_stage` and `touchpoint` columns to survey_responses to see one."
        )
        st.stop()
    chosen = journey_filters(current, current.meta.journey_stages)
    if line := chosen.describe():
        st.caption(line)
    rows = views.journey_rows(current, view.period, view.filters, chosen.choices())
    answered = scores.survey_metrics(rows["journey_stage"])
    if not answered:
        st.info("No survey answers fall in this period for these filters.")
        st.stop()
    metric = st.segmented_control(
        "Survey",
        answered,
        format_func=lambda m: KPI_BY_NAME[m].label,
        key="journey_metric",
        default=answered[0],
        bind="query-params",
    )
    journey = views.journey_map(rows, metric if metric in answered else answered[0], current.meta.journey_stages)
    metric, kpi = journey.metric, KPI_BY_NAME[journey.metric]
    st.caption(
        f"Dots are {kpi.label} with its 95% interval; red marks a stage or touchpoint whose whole interval is "
        f"worse than {kpi.label} over all answers ({format_value(kpi, journey.overall)}), so sampling noise "
        f"cannot explain it. Groups with fewer than {MIN_SURVEY_N} answers show no figure."
    )

    worst = [
        (name, row)
        for frame, key in ((journey.stages, "journey_stage"), (journey.touchpoints, "touchpoint"))
        for row in scores.worst_moments(frame, metric).iter_rows(named=True)
        for name in [f"{'Stage' if key == 'journey_stage' else 'Touchpoint'} **{ui.plain(row[key])}**"]
    ]
    if worst:
        st.subheader("Worst moments")
        st.markdown("\n".join(f"- {name}: {kpi.label} {tables.figure_line(row, metric)}" for name, row in worst))
    else:
        st.success(f"No stage or touchpoint is worse than {kpi.label} over all answers beyond sampling noise.")

    with grid("journey_charts", CHART_WIDTH, 2):
        if given["journey_stage"]:
            order = journey.stage_order
            how = (
                "in the order the data declares (dataset.yaml)"
                if journey.declared_order
                else "by the median days from sign-up to their answers"
            )
            with st.container():
                st.plotly_chart(
                    journey_charts.score_chart(
                        journey.stages, "journey_stage", order, metric, journey.overall, f"{kpi.label} by stage"
                    ),
                    key="stage_chart",
                )
                st.caption(f"Stages {how}.")
        if given["touchpoint"]:
            ranked = journey.touchpoints.sort("value", descending=not kpi.higher_is_better, nulls_last=True)
            st.plotly_chart(
                journey_charts.score_chart(
                    journey.touchpoints,
                    "touchpoint",
                    ranked["touchpoint"].to_list()[::-1],
                    metric,
                    journey.overall,
                    f"{kpi.label} by touchpoint, best first",
                ),
                key="touchpoint_chart",
            )

    if given["journey_stage"]:
        st.subheader("Stages")
        ordered = journey.stages.sort(
            journey.stages["journey_stage"].replace_strict(
                {s: i for i, s in enumerate(journey.stage_order)}, return_dtype=int
            )
        )
        table(tables.score_rows(ordered, ["journey_stage"], metric, journey.volume))
    if given["touchpoint"]:
        st.subheader("Touchpoints")
        table(tables.score_rows(journey.touchpoints.sort("touchpoint"), ["touchpoint"], metric))
    if given["journey_stage"] and given["touchpoint"] and journey.cells.height:
        touchpoints = sorted(t for t in journey.cells["touchpoint"].unique().to_list())
        stages = [s for s in journey.stage_order if s in set(journey.cells["journey_stage"])]
        cells = journey_charts.cell_map(journey.cells, stages, touchpoints, metric, journey.overall)
        st.plotly_chart(cells, key="cell_map")

    st.subheader("Trend")
    items = [("journey_stage", s) for s in journey.stage_order if s != scores.NOT_GIVEN]
    items += [("touchpoint", t) for t in journey.touchpoints["touchpoint"].to_list() if t != scores.NOT_GIVEN]
    if items:
        by, item = st.selectbox(
            "Trend of", items, format_func=lambda pair: ("Stage: " if pair[0] == "journey_stage" else "") + pair[1]
        )
        grain = trend_grain(view.period)
        rows = views.journey_trend(current, view.period, view.filters, chosen.choices(), by, grain)
        trend = scores.item_trend(rows, item, metric)
        if (trend[f"{metric}_n"] > 0).sum() < 2:
            st.info(f"The {kpi.label} answers about {item} fall in one {grain} of this period: no trend to draw.")
        elif trend[metric].is_not_null().sum() >= 2:
            st.plotly_chart(
                charts.survey_trend(trend, metric, f"{kpi.label}: {item}, per {grain}"), key="journey_trend"
            )
        else:
            st.info(
                f"Fewer than {MIN_SURVEY_N} {kpi.label} answers about {item} in all but one {grain} of this "
                "period: too few to draw a trend."
            )

    if given["channel"] and given["touchpoint"]:
        st.subheader("Channel consistency")
        st.caption(
            "The same touchpoint as answered in each survey channel. *Differ*: a chi-square test at the 5% "
            f"level finds the channels' {kpi.label} unequal beyond sampling noise (channels with at least "
            f"{MIN_SURVEY_N} answers; one customer's answers weigh as less than as many customers')."
        )
        if journey.channels.height:
            st.plotly_chart(journey_charts.channel_chart(journey.channels, metric), key="channel_chart")
        rows = tables.consistency_rows(journey.consistency, metric)
        if rows:
            table(rows)
        else:
            st.info("No touchpoint is answered in more than one survey channel here.")
