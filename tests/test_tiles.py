"""Tiles on hand-made counts: a figure only where observed and backed by enough data, a change only
against a comparison the data observed, a verdict only from a test with enough data on both sides."""

from datetime import date

import pytest

from cxdash.figures.counts import Counts
from cxdash.figures.periods import Period
from cxdash.figures.registry import KPI_BY_NAME, KPIS
from cxdash.figures.windows import Window
from cxdash.overview.tiles import build_tile, build_tiles

JAN = Period(date(2024, 1, 1), date(2024, 1, 31))
DEC = Period(date(2023, 12, 1), date(2023, 12, 31))
EVERYTHING = {m: Window(m, date(2020, 1, 1), date(2024, 12, 31)) for m in ("orders", "nps", "csat", "ces", "signups")}
WINDOWS = EVERYTHING | {"churn": Window("churn", date(2020, 1, 1), date(2024, 12, 31))}


def _nps(promoters: int, detractors: int, n: int) -> dict[str, float]:
    return {"n": n, "promoters": promoters, "detractors": detractors}


def test_telco_churn_is_not_compared_with_months_it_never_observed():
    telco = EVERYTHING | {"churn": Window("churn", JAN.start, JAN.end, declared=True)}
    january = Counts(JAN, active_start=7032, churned=1869)
    december = Counts(DEC, active_start=7032, churned=0)  # zero only because no churn was recorded
    tile = build_tile(KPI_BY_NAME["churn_rate"], january, december, telco)
    assert tile.value == pytest.approx(1869 / 7032)
    assert tile.previous is None and tile.change is None and tile.verdict == "untested"
    assert tile.reason == "No comparison: Churn is observed only Jan 2024 (as the data declares), not over Dec 2023."


def test_a_period_after_the_last_order_shows_no_revenue_rather_than_zero():
    olist = WINDOWS | {"orders": Window("orders", date(2016, 9, 4), date(2018, 8, 29))}
    last_30_days = Counts(Period(date(2018, 9, 16), date(2018, 10, 15)))
    tile = build_tile(KPI_BY_NAME["revenue"], last_30_days, None, olist)
    assert tile.value is None and not tile.too_small
    assert tile.reason.startswith("Orders are observed only 4 Sep 2016 – 29 Aug 2018")


def test_a_small_comparison_sample_gives_no_verdict():
    # the audit's case: NPS 35.5 (n = 31) against 100 (n = 10) was called significant with p = 0.00001
    now = Counts(JAN, surveys={"nps": _nps(16, 5, 31)})
    before = Counts(DEC, surveys={"nps": _nps(10, 0, 10)})
    tile = build_tile(KPI_BY_NAME["nps"], now, before, WINDOWS)
    assert tile.value == pytest.approx(100 * 11 / 31)
    assert tile.change is None and tile.test is None and tile.verdict == "untested"
    assert tile.reason == "No comparison: Too few responses in Dec 2023 (n = 10; at least 30 needed)."


def test_too_few_responses_hide_the_figure_and_say_why():
    tile = build_tile(KPI_BY_NAME["nps"], Counts(JAN, surveys={"nps": _nps(5, 1, 12)}), None, WINDOWS)
    assert tile.value is None and tile.too_small and tile.n == 12
    assert tile.reason == "Too few responses in Jan 2024 (n = 12; at least 30 needed)."
    empty = build_tile(KPI_BY_NAME["csat"], Counts(JAN), None, WINDOWS)
    assert empty.reason == "No responses in Jan 2024."


def test_a_real_change_and_a_change_that_could_be_chance():
    big_now = Counts(JAN, surveys={"nps": _nps(600, 200, 1000)})
    big_before = Counts(DEC, surveys={"nps": _nps(400, 300, 1000)})
    real = build_tile(KPI_BY_NAME["nps"], big_now, big_before, WINDOWS)
    assert real.change == pytest.approx(40 - 10)
    assert real.verdict == "significant" and real.test.p_value < 0.001 and real.reason is None
    same_now = Counts(JAN, surveys={"nps": _nps(41, 20, 100)})
    same_before = Counts(DEC, surveys={"nps": _nps(40, 20, 100)})
    chance = build_tile(KPI_BY_NAME["nps"], same_now, same_before, WINDOWS)
    assert chance.change == pytest.approx(1.0) and chance.verdict == "noise" and chance.noise


def test_head_counts_say_why_they_are_not_tested():
    tile = build_tile(
        KPI_BY_NAME["active_customers"], Counts(JAN, active_end=120), Counts(DEC, active_end=100), WINDOWS
    )
    assert tile.change == 20 and tile.verdict == "untested"
    assert "head count" in tile.reason


def test_order_count_and_revenue_changes_are_tested():
    now = Counts(JAN, revenue=40_000.0, orders=400, revenue_sq_sum=400 * 100.0**2 * 1.2)
    before = Counts(DEC, revenue=20_000.0, orders=200, revenue_sq_sum=200 * 100.0**2 * 1.2)
    orders = build_tile(KPI_BY_NAME["orders"], now, before, WINDOWS)
    revenue = build_tile(KPI_BY_NAME["revenue"], now, before, WINDOWS)
    assert orders.verdict == revenue.verdict == "significant"
    aov = build_tile(KPI_BY_NAME["aov"], now, before, WINDOWS)
    assert aov.value == aov.previous == 100.0 and aov.verdict == "noise"


def test_the_cli_record_of_a_tile():
    tiles = build_tiles(Counts(JAN, active_start=100, churned=10), Counts(DEC, active_start=100, churned=5), WINDOWS)
    assert [t.kpi.name for t in tiles] == [k.name for k in KPIS]
    churn = next(t for t in tiles if t.kpi.name == "churn_rate").as_json()
    keys = {"value", "low", "high", "n", "previous", "previous_n", "change", "p_value", "verdict", "reason"}
    assert set(churn) == keys
    assert (churn["value"], churn["previous"], churn["n"], churn["previous_n"]) == (0.1, 0.05, 100, 100)
    assert churn["low"] < 0.1 < churn["high"] and churn["verdict"] in ("significant", "noise")
