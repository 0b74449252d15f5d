"""Key drivers: which touchpoints move an outcome most, and which to fix first."""
# section: Journey
# icon: :material/insights:
# order: 20

import polars as pl
import streamlit as st

from cxdash import ui
from cxdash.drivers.analysis import DriverModel, key_drivers, with_quadrants
from cxdash.drivers.charts import driver_quadrant
from cxdash.drivers.outcomes import outcome_choices, parse_outcome
from cxdash.figures.counts import Filters

current = ui.engine()  # first: a page drawn before it would show twice on a rerouted first request
st.title("Key drivers")


@st.cache_data(show_spinner="Fitting the driver model…", max_entries=16)
def _model(directory: str, outcome_key: str, chosen: tuple[tuple[str, tuple[str, ...]], ...]) -> DriverModel:
    engine = ui.engine()
    return key_drivers(engine, parse_outcome(outcome_key, engine), Filters(dict(chosen)))


if ui.show_problems(current):
    view = ui.view()
    choices = outcome_choices(current)
    if not choices or "survey_responses" not in current.tables:
        st.info("This data has no outcome and touchpoint ratings to relate, so no key drivers can be shown.")
        st.stop()
    labels = {choice.key: choice.label for choice in choices}
    key = st.selectbox("Outcome to explain", list(labels), format_func=labels.get, key="drivers_outcome")
    st.caption(
        "All the data's answers of the chosen customers (the period does not apply: a customer's ratings of "
        "every touchpoint are needed). Importance is each touchpoint's share of what the model explains, by "
        "Johnson's relative weights, which stay stable when ratings move together; the exact Shapley "
        "decomposition of R² is shown beside it as a check."
    )
    model = _model(str(current.data.directory), key, tuple(sorted(view.filters.active().items())))
    if model.reason:
        st.info(f"No driver model for {model.outcome.label}: {model.reason}.")
        st.stop()
    drivers = with_quadrants(model.drivers)
    with st.container(horizontal=True):
        st.metric("Model fit (R²)", f"{model.r_squared:.2f}", border=True)
        st.metric("Customers", f"{model.customers:,}", border=True, help="with the outcome and a rating")
        st.metric("Missing ratings", model.missing.capitalize(), border=True)
        st.metric(
            "Weakest pair (n)", f"{model.min_pair_n:,}", border=True, help="fewest customers behind a correlation"
        )
    fix_first = drivers.filter(pl.col("quadrant") == "Fix first")["driver"].to_list()
    if fix_first:
        st.markdown(f"**Fix first** (high impact, low score): {', '.join(fix_first)}.")
    if model.dropped:
        st.caption(f"Left out, too few customers rated them alongside the others: {', '.join(model.dropped)}.")
    st.plotly_chart(driver_quadrant(drivers, model.outcome.label), key="driver_quadrant")
    shown = drivers.select(
        pl.col("driver").alias("Touchpoint"),
        (100 * pl.col("importance")).alias("Importance (%)"),
        (100 * pl.col("shapley")).alias("Shapley (%)"),
        pl.col("correlation").alias("Correlation"),
        pl.col("score").alias("Score (0-100)"),
        (100 * pl.col("low_share")).alias("Low raters (%)"),
        pl.col("n").alias("Customers (n)"),
        pl.col("quadrant").alias("Quadrant"),
    )
    st.dataframe(
        shown,
        hide_index=True,
        key="drivers_table",
        column_config={
            name: st.column_config.NumberColumn(format="%.1f")
            for name in ("Importance (%)", "Shapley (%)", "Score (0-100)", "Low raters (%)")
        }
        | {"Correlation": st.column_config.NumberColumn(format="%.2f")},
    )
    with st.expander("How this is computed"):
        st.markdown(
            "- **Matrix**: one row per customer, one column per touchpoint: the mean of their ratings there on "
            "one 0-100 scale (NPS x 10, CSAT (score - 1) x 25, CES (7 - score) x 100 / 6). Answers of the "
            "outcome's own metric are left out of the ratings.\n"
            f"- **Missing ratings**: {model.missing}. Complete cases when at least half the customers rated "
            "every touchpoint; otherwise each correlation uses the customers who rated both (pairwise), and a "
            "touchpoint rated alongside another by fewer than 20 customers is left out.\n"
            "- **Importance**: Johnson's relative weights divide R² among correlated ratings; the exact Shapley "
            "value averages each touchpoint's gain in R² over every order of entry (up to 12 touchpoints).\n"
            "- **Quadrants** split at the mean importance and the mean score. Associations, not proof of cause."
        )
