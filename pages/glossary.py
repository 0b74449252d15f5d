"""Glossary: every KPI's definition, the same text as the help on each tile."""
# section: Reference
# icon: :material/menu_book:

import streamlit as st

from cxdash import ui
from cxdash.cohorts.ltv import METHOD
from cxdash.cohorts.table import DEFINITIONS, KINDS
from cxdash.figures.metrics import MIN_BASE, MIN_SURVEY_N
from cxdash.figures.registry import KPIS
from cxdash.goals.forecast import ASSUMES
from cxdash.uplift.words import DEFINITIONS as UPLIFT_DEFINITIONS

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

st.subheader("Goals")
st.markdown(
    "A goal's **actual** is its metric, as defined above, over its `window_days` (90 unless set) ending on the "
    "data's last day, or on the deadline once that has passed; its **baseline**, unless goals.yaml gives one, is "
    "the same window ending the day before the start. The **glide path** runs straight from baseline to target "
    "(or through the goal's milestones); the **tolerance band** is the goal's tolerance either side of it (a tenth "
    "of the way from baseline to target unless set). **Statuses**: *achieved* (the target is met), *on track* (on "
    "or ahead of the path, or within the band), *at risk* (behind the band but moved the right way), *off track* "
    "(behind the band and not moved the right way), *missed* (the deadline passed short of the target)."
)
st.markdown(
    "**SMART check**: *specific* (a metric, a scope, an owner, an objective); *measurable* (enough responses per "
    "window that the targeted change exceeds what two windows can tell from noise: 80% power at the 5% level); "
    "*achievable* (short of the scale's end, and within the best change the data's history shows over as long a "
    "span, or reached by some segment already); *relevant* (a measured link between the metric and retention or "
    "spend in the year after customers' first answers); *time-bound* (a deadline after the start)."
)
st.caption(ASSUMES)

st.subheader("Cohorts and survival")
st.markdown(
    "A customer's **cohort** is the calendar month of sign-up; month k is the k-th calendar month after it. "
    + " ".join(f"**{label}**: {DEFINITIONS[kind]}" for kind, label in KINDS.items())
    + " A cell whose month has not ended is blank (the month in progress is marked), never 0; so is a cell "
    "outside the span in which its measure was observed. The **weighted average** pools every cohort that "
    "knows month k. **Survival** (Kaplan-Meier) counts months from sign-up, or days from a customer's first "
    "survey answer for experience groups, so customers who had to stay to answer do not flatter a group; "
    "where churn was observed only from some day on, customers count at risk from then. The **log-rank "
    f"test** asks whether the groups' curves differ by more than chance. {METHOD}"
)

st.subheader("Spend uplift")
st.markdown("\n".join(f"- {line}" for line in UPLIFT_DEFINITIONS))

st.subheader("Journey: key drivers and pain points")
st.markdown(
    "- **Key drivers**: a model of an outcome (a customer's mean NPS or CSAT answer, still a customer 12 "
    "months after the first answer, spend in those 12 months, or a customer column such as an overall "
    "satisfaction label) on the customer's mean rating of each touchpoint (0-100: NPS x 10, CSAT "
    "(score - 1) x 25, CES (7 - score) x 100 / 6), leaving out answers of the outcome's own metric. "
    "**Importance** is a touchpoint's share of the model's R² by Johnson's relative weights, stable when "
    "ratings move together; the exact Shapley decomposition of R² checks it. Missing ratings: complete cases "
    "when at least half the customers rated every touchpoint, else pairwise correlations (n shown).\n"
    "- **Fix first**: importance above the mean and score below the mean score.\n"
    "- **Themes**: comments matched to a taxonomy of phrases (English and Portuguese) whatever the case, "
    "accents or plural endings; a data dir may bring its own `themes.yaml`. *Found* topics come from "
    "TF-IDF and non-negative matrix factorisation of the comments no theme covers. **Sentiment**: net share "
    "of comments with more positive than negative words (a short word list), -100 to +100.\n"
    "- **Root cause**: churn (inside its observed window) and spend of customers who raised a pain point "
    "(a theme, or a low rating at a touchpoint: NPS 0-6, CSAT 1-3, CES 6-7) against every other customer "
    "who answered a survey, with 95% intervals. **Revenue at risk**: the extra churners, counted only where "
    "the churn rate's interval lies above the others' rate, valued at the others' spend per customer. "
    "These are associations, not proof of cause."
)

st.subheader("Journey map and funnel")
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
