"""KPIs through the real queries on tests/tiny.py, whose figures are worked out by hand there."""

from datetime import date

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
    # half the adjusted Wald interval (Rocks 2016): 3/4 promoter and detractor and 3/2 passive added, so
    # p = d = (2 + 0.75) / 8 and the half width is 1.96 * 100 * sqrt((p + d - (p - d)^2) / 8)
    assert k["nps_moe95"] == pytest.approx(1.96 * 100 * (2 * 2.75 / 8 / 8) ** 0.5)
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
    assert (k["active_start"], k["nps_n"]) == (0, 0)
    # before the data: not observed, so no figure at all rather than zeros
    assert k["orders"] is None and k["revenue"] is None and k["new_customers"] is None
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
    march = trend.filter(trend["bucket_start"] == date(2024, 3, 1)).row(0, named=True)
    assert (march["new_customers"], march["active_customers"]) == (2, 3)
    assert march["churn_rate"] is None and march["churn_rate_n"] == 4  # 4 customers at the start: too few
    assert (march["revenue"], march["orders"], march["nps_n"]) == (200.0, 4, 5)
    assert march["nps"] is None  # 5 responses: too few for a point, though n is kept
    assert trend["bucket_start"].to_list() == [date(2024, m, 1) for m in (1, 2, 3, 4)]


def test_an_analysts_query_gets_the_views_period_and_filters_in_one_call(tiny):
    smb = Filters({"segment": ("SMB",)})
    row = tiny.run_for("period_orders", MARCH_PERIOD, smb).row(0, named=True)
    assert (row["revenue"], row["orders"]) == (220.0, 3)  # as test_segment_filter_by_hand works out
    assert tiny.run_for("all_slices", MARCH_PERIOD, smb).height == len(tiny.slices(Filters()))  # binds nothing
