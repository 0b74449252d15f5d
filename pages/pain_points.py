"""Pain points: what customers complain about in their comments, what it costs, and the comments themselves."""
# section: Journey
# icon: :material/report:
# order: 30

import polars as pl
import streamlit as st

from cxdash import ui
from cxdash.figures.counts import Filters
from cxdash.themes.charts import theme_trend, theme_volume
from cxdash.themes.reading import ThemedComments, themed_comments
from cxdash.themes.report import theme_raisers, theme_report, view_totals
from cxdash.themes.root_cause import compare, raised_customers, respondents, touchpoint_raisers
from cxdash.themes.summary import theme_trend as trend_table
from cxdash.themes.taxonomy import TaxonomyError
from cxdash.themes.wording import finding, rate_interval, value_interval

MAX_VERBATIMS = 500

current = ui.engine()  # first: a page drawn before it would show twice on a rerouted first request
st.title("Pain points")


def _filters(chosen: tuple) -> Filters:
    return Filters(dict(chosen))


@st.cache_data(show_spinner="Reading the comments…", max_entries=8)
def _themed(directory: str, chosen: tuple) -> ThemedComments:
    return themed_comments(ui.engine(), _filters(chosen))


@st.cache_data(show_spinner=False, max_entries=8)
def _people(directory: str, chosen: tuple):
    return respondents(ui.engine(), _filters(chosen))


def _money(column: str) -> st.column_config.NumberColumn:
    """Whole amounts with separators (the values are rounded first); the currency is named on the page."""
    return st.column_config.NumberColumn(column, format="localized")


def _percent(column: str) -> st.column_config.NumberColumn:
    return st.column_config.NumberColumn(column, format="%.1f%%")


if ui.show_problems(current):
    view = ui.view()
    chosen = tuple(sorted(view.filters.active().items()))
    directory = str(current.data.directory)
    currency = current.meta.currency
    st.caption(
        "All the data's comments of the chosen customers (the period does not apply). Themes come from a "
        "taxonomy of phrases in English and Portuguese, matched whatever the case, accents or plurals; topics "
        "marked *found* were discovered in the comments no theme covers. Churn and spend compare customers who "
        "raised a point with every other customer who answered a survey: an association, not proof of cause."
    )
    people = _people(directory, chosen)
    try:
        themed = _themed(directory, chosen)
    except TaxonomyError as error:
        st.error(str(error))
        st.stop()
    report = theme_report(themed, view_totals(current, view.filters), people) if themed.comments.height else None

    if report is None or report.is_empty():
        st.info("This data has no survey comments for these customers, so no themes can be read.")
    else:
        costly = report.filter(pl.col("revenue_at_risk") > 0)
        for row in costly.head(3).iter_rows(named=True):
            sentence = finding(row, currency)
            if sentence:
                st.markdown(f"- {sentence}")
        st.plotly_chart(theme_volume(report), key="theme_volume")
        st.subheader("Themes, their scores and their cost")
        shown = report.with_columns(
            Theme=pl.when(pl.col("discovered")).then(pl.lit("found: ") + pl.col("theme")).otherwise(pl.col("theme")),
            share_pct=100 * pl.col("share"),
            churn_pct=100 * pl.col("churn_rate"),
            churn_others_pct=100 * pl.col("churn_rate_others"),
        ).select(
            "Theme",
            pl.col("responses").alias("Answers"),
            pl.col("customers").alias("Customers"),
            pl.col("share_pct").alias("Share of comments"),
            pl.col("sentiment").alias("Sentiment"),
            pl.col("metric").str.to_uppercase().alias("Metric"),
            pl.col("score").alias("Score"),
            value_interval(pl.col("score_low"), pl.col("score_high")).alias("Score 95% CI"),
            pl.col("score_others").alias("Score, others"),
            pl.col("churn_pct").alias("Churn"),
            rate_interval(pl.col("churn_low"), pl.col("churn_high")).alias("Churn 95% CI"),
            pl.col("churn_others_pct").alias("Churn, others"),
            pl.col("revenue_per_customer").round(0).alias("Spend per customer"),
            value_interval(pl.col("revenue_low"), pl.col("revenue_high"), 0).alias("Spend 95% CI"),
            pl.col("revenue_per_customer_others").round(0).alias("Spend, others"),
            pl.col("revenue_at_risk").round(0).alias(f"Revenue at risk ({currency})"),
        )
        st.dataframe(
            shown,
            hide_index=True,
            key="theme_table",
            column_config={
                "Share of comments": _percent("Share of comments"),
                "Churn": _percent("Churn"),
                "Churn, others": _percent("Churn, others"),
                "Sentiment": st.column_config.NumberColumn(
                    "Sentiment", format="%.0f", help="Net sentiment of the comments, -100 to +100 (word lists)"
                ),
                "Score": st.column_config.NumberColumn("Score", format="%.1f"),
                "Score, others": st.column_config.NumberColumn("Score, others", format="%.1f"),
                "Spend per customer": _money("Spend per customer"),
                "Spend, others": _money("Spend, others"),
                f"Revenue at risk ({currency})": _money(f"Revenue at risk ({currency})"),
            },
        )
        st.caption(
            "Score: NPS, CSAT % or CES of the answers raising the theme, in the metric most of them carry; "
            "*others*: every other answer of that metric. Revenue at risk: the extra churners (only where the "
            f"churn rate's 95% interval lies above the others') valued at the others' spend per customer. "
            f"Money in {currency}."
        )

        st.subheader("Trend")
        labels = report["theme"].to_list()
        picked = st.multiselect("Themes", labels, default=labels[:3], key="trend_themes")
        if picked:
            st.plotly_chart(theme_trend(trend_table(themed), picked), key="theme_trend")

    st.subheader("Root cause by touchpoint")
    by_touchpoint = compare(touchpoint_raisers(current, view.filters), people)
    if by_touchpoint.is_empty():
        st.info("No touchpoint ratings for these customers.")
    else:
        st.dataframe(
            by_touchpoint.select(
                pl.col("key").alias("Touchpoint"),
                pl.col("customers").alias("Low raters"),
                (100 * pl.col("churn_rate")).alias("Churn"),
                rate_interval(pl.col("churn_low"), pl.col("churn_high")).alias("Churn 95% CI"),
                (100 * pl.col("churn_rate_others")).alias("Churn, others"),
                pl.col("churn_ratio").alias("Times as often"),
                pl.col("revenue_per_customer").round(0).alias("Spend per customer"),
                value_interval(pl.col("revenue_low"), pl.col("revenue_high"), 0).alias("Spend 95% CI"),
                pl.col("revenue_per_customer_others").round(0).alias("Spend, others"),
                pl.col("customers_others").alias("Others (n)"),
                pl.col("revenue_at_risk").round(0).alias(f"Revenue at risk ({currency})"),
            ),
            hide_index=True,
            key="touchpoint_table",
            column_config={
                "Churn": _percent("Churn"),
                "Churn, others": _percent("Churn, others"),
                "Times as often": st.column_config.NumberColumn("Times as often", format="%.2fx"),
                "Spend per customer": _money("Spend per customer"),
                "Spend, others": _money("Spend, others"),
                f"Revenue at risk ({currency})": _money(f"Revenue at risk ({currency})"),
            },
        )
        st.caption("Low raters: customers with an NPS detractor, CSAT 1-3 or high-effort CES answer there.")

    st.subheader("Customers behind a pain point")
    raisers = pl.concat(
        [
            theme_raisers(themed)
            .join(themed.themes, left_on="key", right_on="theme_id")
            .select(key=pl.col("theme"), customer_id="customer_id"),
            touchpoint_raisers(current, view.filters).with_columns(
                (pl.lit("Low rating: ") + pl.col("key")).alias("key")
            ),
        ]
    )
    themes_first = report["theme"].to_list() if report is not None else []  # costliest first
    keys = [k for k in themes_first + [f"Low rating: {t}" for t in by_touchpoint["key"]] if k in set(raisers["key"])]
    if keys:
        key = st.selectbox("Pain point", keys, key="drill_key")
        customers = raised_customers(raisers, key, people)
        st.caption(f"{customers.height:,} customers who answered a survey raised it.")
        st.dataframe(
            customers.head(MAX_VERBATIMS).with_columns(pl.col("revenue").round(0)),
            hide_index=True,
            key="drill_customers",
            column_config={"revenue": _money(f"Spend ({currency})")},
        )
        st.download_button(
            "Download these customers (CSV)", customers.write_csv(), file_name="customers.csv", mime="text/csv"
        )

    if themed.comments.height:
        st.subheader("Comments")
        labels_by_id = dict(themed.themes.select("theme_id", "theme").iter_rows())
        comments = themed.comments.with_columns(
            theme=pl.col("themes").list.eval(pl.element().replace_strict(labels_by_id, default=None)).list.join(", ")
        )
        with st.container(horizontal=True):
            search = st.text_input("Search the comments", key="verbatim_search")
            themes_chosen = st.multiselect("Theme", list(labels_by_id.values()), key="verbatim_themes")
            touchpoints = st.multiselect(
                "Touchpoint", sorted(comments["touchpoint"].drop_nulls().unique().to_list()), key="verbatim_touchpoints"
            )
        if search:
            comments = comments.filter(pl.col("comment").str.to_lowercase().str.contains(search.lower(), literal=True))
        if themes_chosen:
            ids = [i for i, label in labels_by_id.items() if label in themes_chosen]
            comments = comments.filter(pl.col("themes").list.set_intersection(pl.lit(ids)).list.len() > 0)
        if touchpoints:
            comments = comments.filter(pl.col("touchpoint").is_in(touchpoints))
        st.caption(
            f"{comments.height:,} comments"
            + (f", the latest {MAX_VERBATIMS} shown" if comments.height > MAX_VERBATIMS else "")
        )
        st.dataframe(
            comments.sort("day", "response_id", descending=True)
            .head(MAX_VERBATIMS)
            .select("day", "customer_id", "metric", "score", "touchpoint", "theme", "comment"),
            hide_index=True,
            key="verbatims",
            column_config={"comment": st.column_config.TextColumn("comment", width="large")},
        )
