"""KPIs through the real queries on tests/tiny.py, whose figures are worked out by hand there."""

from datetime import date, timedelta

import pytest

from cxdash.figures.counts import Filters
from cxdash.figures.periods import Period
from tests.tiny import MARCH

MARCH_PERIOD = Period(*MARCH)


def test_march_by_hand(tiny):
    k = tiny.kpis(MARCH_PERIOD, Filters())
    assert (k["active_start"], k["churned"], k["new_customers"], k["active_customers"]) == (4, 2, 2, 3)
    assert k["churn_rate"] == 0.5 and k["retention_rate"] == 0.5
    assert (k["revenue"], k["orders"], k["aov"]) == (200.0, 4, 50.0)
    assert (k["nps"], k["nps_n"]) == (0.0, 5)
    assert k["nps_moe95"] == pytest.approx(78.4, abs=0.01)
    assert k["csat"] == pytest.approx(200 / 3) and k["csat_n"] == 3
    assert (k["ces"], k["ces_n"]) == (3.0, 2)


def test_segment_filter_by_hand(tiny):
    # SMB: a, b, d, f, h. Base a, b, f; b churns; orders of b and a: 100 + 50 + 70; NPS a 10, b 9, f 3.
    k = tiny.kpis(MARCH_PERIOD, Filters({"segment": ("SMB",)}))
    assert (k["active_start"], k["churned"], k["new_customers"], k["active_customers"]) == (3, 1, 0, 2)
    assert (k["revenue"], k["orders"]) == (220.0, 3)
    assert k["nps"] == pytest.approx(100 * (2 - 1) / 3) and k["nps_n"] == 3  # the anonymous 0 drops out
    assert k["csat"] == 50.0 and k["ces"] == 2.0


def test_two_dimensions_and_two_values(tiny):
    # Enterprise in the South: e and g, both new in March; nobody at the start, so no churn rate.
    k = tiny.kpis(MARCH_PERIOD, Filters({"segment": ("Enterprise",), "region": ("South",)}))
    assert (k["active_start"], k["churn_rate"], k["new_customers"]) == (0, None, 2)
    # Both segments chosen is everyone with a customer: the anonymous response still drops out.
    k = tiny.kpis(MARCH_PERIOD, Filters({"segment": ("SMB", "Enterprise")}))
    assert (k["active_start"], k["nps_n"]) == (4, 4)


def test_extra_dimension_filters(tiny):
    # plan Plus: b, c, f, h. Base b, c, f; both b and c churn.
    k = tiny.kpis(MARCH_PERIOD, Filters({"plan": ("Plus",)}))
    assert (k["active_start"], k["churned"]) == (3, 2)


def test_empty_period_gives_none_not_zero(tiny):
    k = tiny.kpis(Period(date(2020, 1, 1), date(2020, 1, 31)), Filters())
    assert (k["active_start"], k["orders"], k["revenue"], k["nps_n"]) == (0, 0, 0.0, 0)
    assert k["churn_rate"] is None and k["aov"] is None and k["nps"] is None and k["ces"] is None


def test_one_customer_one_day(tiny):
    # 1 April: base a, f, g (3); f churns that day; h signs up; the April NPS 10 is a's; order o6 is f's.
    k = tiny.kpis(Period(date(2024, 4, 1), date(2024, 4, 1)), Filters())
    assert (k["active_start"], k["churned"], k["new_customers"]) == (3, 1, 1)
    assert (k["nps"], k["nps_n"], k["revenue"]) == (100.0, 1, 999.0)


def test_filter_matching_nobody(tiny):
    k = tiny.kpis(MARCH_PERIOD, Filters({"segment": ("SMB",), "region": ("Nowhere",)}))
    assert (k["active_start"], k["orders"], k["nps_n"]) == (0, 0, 0)


def test_monthly_trend_matches_period_figures(tiny):
    trend = tiny.trend(Period(date(2024, 1, 1), date(2024, 4, 30)), Filters(), grain="month")
    march = trend.filter(trend["bucket"] == date(2024, 3, 1)).row(0, named=True)
    assert (march["active_start"], march["churned"], march["new_customers"], march["active_end"]) == (4, 2, 2, 3)
    assert (march["revenue"], march["orders"], march["nps"], march["nps_n"]) == (200.0, 4, 0.0, 5)
    assert trend["bucket"].to_list() == [date(2024, m, 1) for m in (1, 2, 3, 4)]


def test_trend_buckets_equal_each_bucket_as_a_period(sample):
    """Trend rows (running totals, bucketed rollups) against the period queries run on each bucket."""
    for grain, first, last in (
        ("month", date(2025, 1, 1), date(2025, 12, 31)),
        ("week", date(2026, 8, 3), date(2026, 10, 25)),
    ):
        trend = sample.trend(Period(first, last), Filters({"segment": ("SMB",)}), grain=grain)
        for row in trend.iter_rows(named=True):
            start = row["bucket"]
            end = (
                (start + timedelta(days=32)).replace(day=1) - timedelta(days=1)
                if grain == "month"
                else start + timedelta(days=6)
            )
            k = sample.kpis(Period(start, end), Filters({"segment": ("SMB",)}))
            assert (row["active_start"], row["churned"], row["new_customers"], row["active_end"]) == (
                k["active_start"],
                k["churned"],
                k["new_customers"],
                k["active_customers"],
            )
            assert (row["orders"], row["nps_n"]) == (k["orders"], k["nps_n"])
            assert row["revenue"] == pytest.approx(k["revenue"])
            assert row["nps"] == (None if k["nps"] is None else pytest.approx(k["nps"]))
