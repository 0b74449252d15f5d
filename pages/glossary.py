"""Glossary: every KPI's definition, the same text as the help on each tile."""
# section: Reference
# icon: :material/menu_book:

import streamlit as st

from cxdash import ui
from cxdash.figures.metrics import MIN_BASE, MIN_SURVEY_N
from cxdash.figures.registry import KPIS

ui.ensure_routed()
st.title("Glossary")
st.markdown(
    "A period is `[start, end]`, both dates inclusive. Segment, region, channel and other customer filters "
    "apply to customers, their orders and their responses; anonymous responses drop out when a filter is "
    "chosen. A change marked *could be chance* is one a two-sided test at the 5% level cannot tell apart "
    "from sampling noise; *real change* is one it can. Survey figures with fewer than "
    f"{MIN_SURVEY_N} responses, and churn with fewer than "
    f"{MIN_BASE} customers at the start, are not shown, and no test runs when either period has fewer; "
    "a change no test applies to (a head count) carries no mark."
)
st.markdown(
    "**Observed windows.** A figure is computed only for a period inside the span where the data observed "
    "its measure (orders from the first to the last order, each survey from its first answer, churn where "
    "the data could record it, as the Data page lists); outside it the tile says *not observed*, never 0, "
    "and no change is computed against such a period. **Comparisons**: a calendar month, quarter or year is "
    "compared with the one before; a to-date period with the same days of the unit before; a rolling period "
    "with the same number of days just before."
)
st.table(
    {
        "KPI": [k.label for k in KPIS],
        "Definition": [k.definition for k in KPIS],
        "Change tested by": [k.test_name for k in KPIS],
    }
)

st.subheader("Journey")
st.markdown(
    "**Journey map**: each stage's, touchpoint's and survey channel's NPS, CSAT or CES over the answers that "
    "name it, with its 95% interval (one customer's answers on a day count as one cluster, which widens it). "
    "Stages follow `journey_stages` in dataset.yaml where the data declares them, else the median days from "
    "sign-up to their answers. A **worst moment** is a stage or touchpoint whose whole interval lies on the "
    "bad side of the figure over all answers. **Channel consistency**: a chi-square test at the 5% level of "
    "whether a touchpoint's channels score alike. **Funnel** (journey_events): a step's drop-off is the share "
    "of visits reaching it that were abandoned there; *what followed* groups customers by the outcome of their "
    "first visit in the period and compares churn and answers in the 90 days after it."
)
