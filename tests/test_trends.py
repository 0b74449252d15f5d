"""Trend buckets: clipped to the period the same way for every measure, partial ones marked, empty
ones kept, sums matching the period, and points only where the tile itself would show a figure."""

from datetime import date

import pytest

from cxdash.figures.counts import Filters
from cxdash.figures.periods import Period

UNALIGNED = Period(date(2026, 3, 10), date(2026, 4, 20))


@pytest.mark.parametrize("grain", ["week", "month"])
def test_buckets_of_an_unaligned_period_sum_to_its_figures(sample, grain):
    trend = sample.trend(UNALIGNED, Filters(), grain)
    period = sample.kpis(UNALIGNED, Filters())
    assert trend["bucket_start"][0] == UNALIGNED.start and trend["bucket_end"][-1] == UNALIGNED.end
    assert trend["partial"][0] and trend["partial"][-1]
    assert trend["new_customers"].sum() == period["new_customers"]  # the audit saw 1,175 against 992
    assert trend["orders"].sum() == period["orders"]
    assert trend["revenue"].sum() == pytest.approx(period["revenue"])
    assert trend["nps_n"].sum() == period["nps_n"]
    days = sum((end - start).days + 1 for start, end in zip(trend["bucket_start"], trend["bucket_end"], strict=True))
    assert days == UNALIGNED.days  # buckets tile the period: no day twice, none left out


def test_each_bucket_is_the_period_query_of_its_own_dates(sample):
    trend = sample.trend(UNALIGNED, Filters(), "week")
    for row in trend.iter_rows(named=True):
        bucket = sample.kpis(Period(row["bucket_start"], row["bucket_end"]), Filters())
        assert row["new_customers"] == bucket["new_customers"]
        assert row["active_customers"] == bucket["active_customers"]
        assert row["orders"] == bucket["orders"]


def test_empty_buckets_stay_gaps_and_small_ones_are_not_points(sample):
    # weeks before the sample's first sign-up: every bucket is kept, with no figure rather than zero
    early = Period(date(2023, 9, 4), date(2023, 12, 31))
    trend = sample.trend(early, Filters(), "week")
    assert trend.height == 17  # every Monday-week from 4 Sep to 31 Dec 2023
    before = trend.filter(trend["bucket_end"] < date(2023, 10, 1))
    assert before["revenue"].is_null().all() and before["nps"].is_null().all()
    small = trend.filter((trend["nps_n"] > 0) & (trend["nps_n"] < 30))
    assert small["nps"].is_null().all()


def test_the_churn_sparkline_ends_on_the_tile_value(sample):
    year = Period(date(2025, 11, 1), date(2026, 10, 31))
    overview = sample.overview(year, None, Filters())
    churn = next(t for t in overview.tiles if t.kpi.name == "churn_rate")
    assert churn.sparkline[-1] == pytest.approx(churn.value)  # a 12-month rate over a 12-month rate
    assert list(churn.sparkline) == sorted(churn.sparkline)  # churn since the start only grows
