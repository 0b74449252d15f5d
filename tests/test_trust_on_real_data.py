"""What the audit saw on the four real data sets, as regression tests: no comparison against a period the
data never observed, no zero for a period after the data, no verdict without enough data, the default
view inside what the data covers, money in the data's currency."""

from __future__ import annotations

from datetime import date

import pytest

from cxdash.engine.engine import open_engine
from cxdash.figures.counts import Filters
from cxdash.figures.periods import Period, comparison_period, preset_period
from cxdash.figures.windows import Window
from tests.conftest import REAL

pytestmark = pytest.mark.real_data
EVERYONE = Filters()


@pytest.fixture(scope="module")
def engines(imported):
    sources = {
        "telco": REAL / "telco_churn",
        "olist": REAL / "olist",
        "online-retail": REAL / "online_retail" / "online_retail_uci352.parquet",
        "airline": REAL / "airline_satisfaction",
    }
    return {name: open_engine(imported(name, src)[0]) for name, src in sources.items()}


def _supported(engine, tiles, period: Period, comparison: Period | None) -> None:
    """Every change shown compares two periods that lie wholly inside every window its KPI needs."""
    for tile in tiles:
        if tile.change is not None:
            for measure in tile.kpi.measures:
                window: Window = engine.windows[measure]
                assert window.covers(comparison, strict=True), (tile.kpi.name, comparison, window)
        if tile.verdict != "untested":
            assert tile.n is None or tile.n >= tile.kpi.minimum
            assert tile.previous_n is None or tile.previous_n >= tile.kpi.minimum


@pytest.mark.parametrize("name", ["telco", "olist", "online-retail", "airline"])
def test_the_default_view_shows_no_change_the_data_cannot_support(engines, name):
    engine = engines[name]
    _preset, period, comparison, _label = engine.default_view()
    overview = engine.overview(period, comparison, EVERYONE)
    _supported(engine, overview.tiles, period, comparison)
    for tile in overview.tiles:  # a figure is shown or its absence explained
        assert tile.value is not None or tile.reason


def test_telco_churn_is_shown_for_january_2024_and_compared_with_nothing(engines):
    engine = engines["telco"]
    preset, period, comparison, label = engine.default_view()
    assert (preset, period) == ("Last full month", Period(date(2024, 1, 1), date(2024, 1, 31)))
    assert label == "vs Dec 2023"
    churn = {t.kpi.name: t for t in engine.overview(period, comparison, EVERYONE).tiles}["churn_rate"]
    assert churn.value == pytest.approx(1869 / 7032)
    assert churn.change is None and churn.verdict == "untested"
    assert churn.reason.startswith("No comparison: Churn is observed only Jan 2024")
    # the old default (last 12 months) no longer calls a churn from nothing "+17.5 pp, significant"
    year = preset_period("Last 12 months", engine.report_end)
    tiles = {t.kpi.name: t for t in engine.overview(year, comparison_period(year, "Previous period"), EVERYONE).tiles}
    assert tiles["churn_rate"].value is None and tiles["churn_rate"].reason


def test_olist_periods_end_on_the_last_order_not_on_the_last_review(engines):
    engine = engines["olist"]
    assert engine.data.as_of > date(2018, 10, 1)  # the last review
    assert engine.report_end == date(2018, 8, 29)
    last30 = preset_period("Last 30 days", engine.report_end)
    revenue = {t.kpi.name: t for t in engine.overview(last30, None, EVERYONE).tiles}["revenue"]
    assert revenue.value > 0
    # a period after the last order is "not observed", never R$0.00 and -100%
    after = Period(date(2018, 9, 16), date(2018, 10, 15))
    tiles = {t.kpi.name: t for t in engine.overview(after, last30, EVERYONE).tiles}
    assert tiles["revenue"].value is None and tiles["revenue"].change is None
    assert tiles["revenue"].reason.startswith("Orders are observed only")
    assert engine.kpis(after, EVERYONE)["revenue"] is None


def test_olist_2017_is_not_compared_with_a_2016_that_has_almost_no_data(engines):
    engine = engines["olist"]
    year = Period(date(2017, 1, 1), date(2017, 12, 31))
    tiles = {t.kpi.name: t for t in engine.overview(year, Period(date(2016, 1, 1), date(2016, 12, 31)), EVERYONE).tiles}
    assert tiles["revenue"].value > 0 and tiles["revenue"].change is None
    assert "not over 2016" in tiles["revenue"].reason


def test_online_retail_churn_is_not_measured_before_inactivity_could_be_seen(engines):
    engine = engines["online-retail"]
    window = engine.windows["churn"]
    assert window.declared and (window.start - engine.data.first_date).days == 180
    early = Period(engine.data.first_date, engine.data.first_date + (window.start - engine.data.first_date) // 2)
    assert engine.kpis(early, EVERYONE)["churn_rate"] is None
    assert engine.meta.currency == "GBP"


def test_all_time_is_never_compared_with_the_years_before_the_data(engines):
    engine = engines["olist"]
    period = preset_period("All time", engine.report_end, engine.data.first_date)
    tiles = engine.overview(period, comparison_period(period, "Previous period", "All time"), EVERYONE).tiles
    assert all(t.change is None for t in tiles)
    shown = {t.kpi.name for t in tiles if t.value is not None}
    assert {"revenue", "orders", "csat"} <= shown  # every record is in the period, so the figures stand


def test_airline_csat_interval_allows_for_fourteen_ratings_per_passenger(engines):
    engine = engines["airline"]
    preset, period, comparison, _ = engine.default_view()
    assert preset == "All time"  # one survey date: no full month to show
    assert all(t.change is None for t in engine.overview(period, comparison, EVERYONE).tiles)
    csat = {t.kpi.name: t for t in engine.overview(period, None, EVERYONE).tiles}["csat"]
    n = csat.n
    share = csat.value / 100
    independent_half_width = 100 * 1.96 * (share * (1 - share) / n) ** 0.5
    half_width = (csat.interval[1] - csat.interval[0]) / 2
    assert half_width > 1.5 * independent_half_width  # the audit measured about 1.8x
