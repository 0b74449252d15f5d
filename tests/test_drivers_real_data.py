"""Key drivers and pain points on real data, against what the raw files show when computed directly here:
the airline survey's top driver of satisfaction, and the effect of late delivery on Olist's review scores."""

import polars as pl
import pytest
import statsmodels.api as sm

from cxdash.drivers.analysis import key_drivers, with_quadrants
from cxdash.drivers.outcomes import Outcome, outcome_choices
from cxdash.engine.engine import open_engine
from cxdash.figures.counts import Filters
from cxdash.ingest.importers.airline import TOUCHPOINTS, snake
from cxdash.themes.reading import themed_comments
from cxdash.themes.report import theme_report, view_totals
from cxdash.themes.root_cause import respondents
from tests.conftest import REAL
from tests.test_pages import assert_clean, open_page

pytestmark = pytest.mark.real_data
AIRLINE = REAL / "airline_satisfaction"
OLIST = REAL / "olist"


@pytest.fixture(scope="module")
def airline(imported):
    return imported("airline", AIRLINE)[0]


@pytest.fixture(scope="module")
def olist(imported):
    return imported("olist", OLIST)[0]


@pytest.fixture(scope="module")
def raw_airline() -> pl.DataFrame:
    """Passengers who rated all 14 touchpoints 1-5 (0 is "not rated"), and whether they were satisfied."""
    raw = pl.read_csv(next(AIRLINE.glob("*.csv")), infer_schema_length=None)
    raw = raw.rename({c: snake(c) for c in raw.columns})
    rated = raw.filter(pl.all_horizontal(pl.col(list(TOUCHPOINTS)).is_between(1, 5)))
    return rated.select(
        *(pl.col(column).cast(pl.Float64).alias(name) for column, (name, _) in TOUCHPOINTS.items()),
        y=(pl.col("satisfaction").str.strip_chars().str.to_lowercase() == "satisfied").cast(pl.Float64),
    )


def test_airline_top_driver_of_satisfaction_is_what_the_raw_file_shows(airline, raw_airline):
    engine = open_engine(airline)
    outcome = outcome_choices(engine)[0]
    assert outcome == Outcome("overall_satisfaction", "Satisfied")
    model = key_drivers(engine, outcome, Filters())
    names = [name for name, _ in TOUCHPOINTS.values()]
    correlations = {name: raw_airline.select(pl.corr(name, "y")).item() for name in names}
    strongest = max(correlations, key=correlations.get)
    fit = sm.OLS(raw_airline["y"].to_numpy(), sm.add_constant(raw_airline.select(names).to_numpy())).fit()
    assert model.missing == "complete cases" and model.customers == raw_airline.height
    assert model.r_squared == pytest.approx(fit.rsquared, rel=1e-9)
    assert model.drivers["driver"][0] == strongest == "Online boarding"
    shown = dict(zip(model.drivers["driver"], model.drivers["correlation"], strict=True))
    assert shown == pytest.approx(correlations, rel=1e-9)
    scores = dict(zip(model.drivers["driver"], model.drivers["score"], strict=True))
    assert scores["Inflight wifi"] == pytest.approx(25 * (raw_airline["Inflight wifi"].mean() - 1))
    # Wi-Fi: among the most important, and the lowest score of all: the one to fix first
    quadrants = with_quadrants(model.drivers)
    assert quadrants.filter(pl.col("quadrant") == "Fix first")["driver"].to_list() == ["Inflight wifi"]
    assert min(scores, key=scores.get) == "Inflight wifi"


def _raw_olist_reviews() -> pl.DataFrame:
    orders = pl.read_csv(OLIST / "olist_orders_dataset.csv", try_parse_dates=True)
    reviews = pl.read_csv(OLIST / "olist_order_reviews_dataset.csv", try_parse_dates=True)
    delivered = pl.col("order_delivered_customer_date").dt.date()
    return reviews.join(orders, on="order_id").with_columns(
        late=delivered > pl.col("order_estimated_delivery_date").dt.date(),
        undelivered=delivered.is_null(),
        satisfied=pl.col("review_score") >= 4,
    )


def test_olist_late_delivery_costs_review_scores_as_the_raw_files_show(olist):
    raw = _raw_olist_reviews()
    late_csat = 100 * raw.filter(pl.col("late"))["satisfied"].mean()
    on_time_csat = 100 * raw.filter(~pl.col("late"))["satisfied"].mean()
    assert on_time_csat - late_csat > 40  # 82% against 26% in this sample

    engine = open_engine(olist)
    survived = pl.read_parquet(olist / "survey_responses.parquet")  # the importer keeps delivery_status
    kept = 100 * survived.filter(pl.col("delivery_status") == "Late").select((pl.col("score") >= 4).mean()).item()
    assert kept == pytest.approx(late_csat, abs=2)

    themed = themed_comments(engine, Filters())
    report = theme_report(themed, view_totals(engine, Filters()), respondents(engine, Filters()))
    late = report.filter(pl.col("theme_id") == "late_delivery").row(0, named=True)
    assert late["metric"] == "csat"
    assert late["score"] == pytest.approx(late_csat, abs=10)
    assert late["score_others"] == pytest.approx(on_time_csat, abs=10)
    assert late["score_others"] - late["score"] > 35

    tagged = themed.comments.filter(
        pl.col("themes").list.set_intersection(pl.lit(["late_delivery", "not_received"])).list.len() > 0
    )
    truth = tagged.join(
        raw.select(response_id="review_id", late="late", undelivered="undelivered").unique("response_id"),
        on="response_id",
    )
    base = raw.select((pl.col("late").fill_null(False) | pl.col("undelivered")).mean()).item()
    hit = truth.select((pl.col("late").fill_null(False) | pl.col("undelivered")).mean()).item()
    assert hit > 5 * base  # comments read as late or missing deliveries are mostly late or undelivered orders


def test_airline_drivers_page_shows_wifi_to_fix_first(airline, data_env):
    data_env(airline)
    at = open_page("drivers.py")
    assert_clean(at)
    assert at.selectbox(key="drivers_outcome").value == "overall_satisfaction=Satisfied"
    assert any("**Fix first**" in md.value and "Inflight wifi" in md.value for md in at.markdown)
    assert at.dataframe[0].value["Touchpoint"].iloc[0] == "Online boarding"


def test_olist_pain_points_page_names_late_delivery(olist, data_env):
    data_env(olist)
    at = open_page("pain_points.py")
    assert_clean(at)
    assert any("mentioned late delivery churned" in md.value and "R$" in md.value for md in at.markdown)
    table = at.dataframe[0].value  # the themes; then touchpoints, customers, comments
    assert "Late delivery" in set(table["Theme"])
    at.text_input(key="verbatim_search").set_value("atraso").run()
    assert_clean(at)
    assert at.dataframe[-1].value["comment"].str.lower().str.contains("atraso").all()
