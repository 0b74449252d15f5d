"""Glossary: every KPI's definition, the same text as the help on each tile."""

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
    f"{MIN_BASE} customers at the start, are not shown."
)
st.table({"KPI": [k.label for k in KPIS], "Definition": [k.definition for k in KPIS]})
