"""The Cohorts and Survival pages through AppTest: the heatmap, switching kinds, a drill-down from a cell,
a churn bar and a survival curve to their customers, with the CSV download."""

import polars as pl
import pytest

from cxdash.cohorts import analysis
from cxdash.engine.engine import open_engine
from cxdash.figures.counts import Filters
from tests.test_pages import assert_clean, open_page

# AppTest finds dataframes by their order on the page, not their key
COHORT_TABLES = ("drill_cell", "drill_churn", "ltv")
SURVIVAL_TABLES = ("survival", "drill_group")


def _table(at, name: str, order: tuple[str, ...]):
    return at.dataframe[order.index(name)].value


def _kind(at, key: str):
    return next(w for w in at.segmented_control if w.key == key)


def test_cohorts_page_switches_kinds_and_drills_into_a_cell(sample_dir, data_env):
    data_env(sample_dir)
    at = open_page("cohorts.py")
    assert_clean(at)
    assert [s.value for s in at.subheader][:2] == ["Retention by sign-up month", "Are newer cohorts staying longer?"]
    charts = at.get("plotly_chart")
    assert len(charts) >= 3, "heatmap, month-k lines, churn over time and by dimension"
    for kind in ("active", "revenue", "gross-revenue", "logo"):
        _kind(at, "cohort_kind").set_value(kind).run()
        assert_clean(at)
    _kind(at, "cohort_show").set_value("Counts").run()
    _kind(at, "cohort_grain").set_value("Quarter").run()
    assert_clean(at)
    _kind(at, "cohort_grain").set_value("Month").run()

    cohort = at.selectbox(key="drill_cohort").options[2]
    at.selectbox(key="drill_cohort").set_value(cohort).run()
    at.selectbox(key="drill_month").set_value(1).run()
    assert_clean(at)
    shown = _table(at, "drill_cell", COHORT_TABLES)
    engine = open_engine(sample_dir)
    label = cohort.split()[0]
    table = analysis.cohorts(engine, Filters(), "logo").filter(pl.col("label") == label)
    size = table["size"][0]
    assert len(shown) == size, "every customer of the cohort, each with retained and ordered flags"
    assert int(shown["retained"].sum()) == table.filter(pl.col("month") == 1)["customers"][0]
    assert any(f"{size:,} customers in cohort {cohort} at month 1" in c.value for c in at.caption)
    assert at.download_button(key="drill_cell_csv")


def test_cohorts_page_drills_into_a_churn_bar(sample_dir, data_env):
    data_env(sample_dir)
    at = open_page("cohorts.py")
    at.sidebar.selectbox(key="period").set_value("Year to date").run()
    at.selectbox(key="churn_dim").set_value("segment").run()
    value = at.selectbox(key="churn_value").options[0]
    at.selectbox(key="churn_value").set_value(value).run()
    assert_clean(at)
    gone = _table(at, "drill_churn", COHORT_TABLES)
    assert len(gone) > 0 and (gone["churn_date"].notna()).all()
    assert _table(at, "ltv", COHORT_TABLES)["Group"].tolist() == ["Consumer", "Enterprise", "SMB"]


def test_survival_page_shows_experience_curves_test_and_group_customers(sample_dir, data_env):
    data_env(sample_dir)
    at = open_page("survival.py")
    assert_clean(at)
    assert at.selectbox(key="survival_by").value == "nps"
    table = _table(at, "survival", SURVIVAL_TABLES)
    assert table["Group"].tolist() == ["promoter", "passive", "detractor"]
    assert any("Log-rank test" in m.value and "p < 0.001" in m.value for m in at.markdown)
    at.selectbox(key="survival_group").set_value("detractor").run()
    customers = _table(at, "drill_group", SURVIVAL_TABLES)
    in_curve = table.loc[table["Group"] == "detractor", "Customers"].iloc[0]
    answered_after_churning = int((customers["days_after_answer"] < 0).sum())
    assert len(customers) - answered_after_churning == in_curve, "the curve's customers, and those it leaves out"
    at.selectbox(key="survival_by").set_value("acquisition_channel").run()
    assert_clean(at)
    assert _table(at, "survival", SURVIVAL_TABLES)["Group"].tolist()[0] == "Direct"


@pytest.mark.parametrize("page", ["cohorts.py", "survival.py"])
def test_pages_say_plainly_when_a_filter_leaves_no_one(page, tiny_dir, data_env):
    data_env(tiny_dir)
    at = open_page(page)
    at.sidebar.multiselect(key="segment").set_value(["SMB"]).run()
    at.sidebar.multiselect(key="region").set_value(["South"]).run()
    assert_clean(at)
