"""Each metric against values worked out by hand, and the tests against scipy as a second method."""

import math

import pytest
from scipy import stats

from cxdash.figures import metrics
from cxdash.figures.significance import mean_difference, nps_difference, proportion_difference


def test_nps_by_hand():
    # 2 promoters, 2 detractors, 1 passive of 5: (2 - 2) / 5 = 0; 3 promoters of 4 with none detracting: 75.
    assert metrics.nps(2, 2, 5) == 0
    assert metrics.nps(3, 0, 4) == 75
    assert metrics.nps(0, 1, 1) == -100


def test_nps_margin_of_error_by_hand():
    # p = d = 0.4, n = 5: 1.96 * 100 * sqrt((0.8 - 0) / 5) = 1.96 * 100 * 0.4 = 78.4
    assert metrics.nps_margin_of_error(2, 2, 5) == pytest.approx(78.4, abs=0.01)
    # all promoters: no variance, no margin
    assert metrics.nps_margin_of_error(4, 0, 4) == 0


def test_empty_inputs_are_none_not_zero():
    assert metrics.nps(0, 0, 0) is None
    assert metrics.nps_margin_of_error(0, 0, 0) is None
    assert metrics.csat(0, 0) is None
    assert metrics.ratio(5, 0) is None
    assert metrics.wilson_interval(0, 0) is None
    assert metrics.mean_and_variance(0, 0, 0) is None


def test_csat_and_mean_by_hand():
    assert metrics.csat(2, 3) == pytest.approx(66.6667, abs=1e-3)
    mean, variance = metrics.mean_and_variance(2 + 4, 4 + 16, 2)
    assert (mean, variance) == (3, 2)  # scores 2 and 4: mean 3, sample variance ((1 + 1) / 1) = 2
    assert metrics.mean_and_variance(5, 25, 1) == (5, 0)


def test_wilson_interval_matches_scipy():
    for successes, n in [(0, 10), (7, 10), (55, 80), (999, 1000)]:
        low, high = metrics.wilson_interval(successes, n)
        expected = stats.binomtest(successes, n).proportion_ci(confidence_level=0.95, method="wilson")
        assert low == pytest.approx(expected.low, abs=1e-5)  # z = 1.96 as DESIGN.md fixes it
        assert high == pytest.approx(expected.high, abs=1e-5)


def test_proportion_test_matches_chi_square():
    # A pooled two-proportion z test is the chi-square test of the 2x2 table without continuity correction.
    result = proportion_difference((45, 100), (30, 100))
    chi2 = stats.chi2_contingency([[45, 55], [30, 70]], correction=False)
    assert result.p_value == pytest.approx(chi2.pvalue, rel=1e-9)
    assert result.significant


def test_mean_test_matches_welch_for_large_samples():
    a = [1, 2, 2, 3, 3, 3, 4, 4, 5, 6] * 20
    b = [1, 2, 3, 3, 3, 4, 4, 4, 5, 6] * 20
    result = mean_difference((sum(a), sum(x * x for x in a), len(a)), (sum(b), sum(x * x for x in b), len(b)))
    welch = stats.ttest_ind(a, b, equal_var=False)
    assert result.difference == pytest.approx(-0.2)
    assert result.z == pytest.approx(welch.statistic, rel=1e-9)
    assert result.p_value == pytest.approx(welch.pvalue, rel=0.02)  # normal vs t with ~398 df


def test_nps_difference_by_hand_and_by_simulation_free_formula():
    # 50/20 of 100 vs 40/30 of 100: NPS 30 vs 10; variances (0.7 - 0.09)/100 and (0.7 - 0.01)/100 (x100^2).
    result = nps_difference((50, 20, 100), (40, 30, 100))
    se = 100 * math.sqrt((0.7 - 0.09) / 100 + (0.7 - 0.01) / 100)
    assert result.difference == pytest.approx(20)
    assert result.z == pytest.approx(20 / se)
    assert result.p_value == pytest.approx(2 * stats.norm.sf(20 / se))


def test_noise_is_not_significant():
    assert not nps_difference((30, 20, 100), (28, 21, 100)).significant
    assert nps_difference((30, 20, 100), (30, 20, 0)) is None


def test_survey_value_and_interval_by_hand():
    ces = {"n": 2, "promoters": 0, "detractors": 0, "satisfied": 0, "score_sum": 6, "score_sq_sum": 20}
    assert metrics.survey_value("ces", ces) == 3
    low, high = metrics.survey_interval("ces", ces)  # mean 3, variance 2: 3 ± 1.96 * sqrt(2 / 2)
    assert (low, high) == (pytest.approx(1.04), pytest.approx(4.96))
    nps = {"n": 5, "promoters": 2, "detractors": 2, "satisfied": 0, "score_sum": 0, "score_sq_sum": 0}
    assert metrics.survey_value("nps", nps) == 0
    assert metrics.survey_interval("nps", nps) == (pytest.approx(-78.4), pytest.approx(78.4))
    empty = dict.fromkeys(nps, 0)
    assert metrics.survey_value("csat", empty) is None and metrics.survey_interval("csat", empty) is None
