"""The change tests against hand computations, scipy, permutation tests and simulation as second methods."""

import math

import numpy as np
import pytest
from scipy import stats

from cxdash.figures.significance import TestResult as Result  # aliased: pytest collects names starting Test
from cxdash.figures.significance import (
    aov_difference,
    count_difference,
    mean_difference,
    nps_difference,
    proportion_difference,
    revenue_difference,
)


def test_significant_means_p_below_five_percent():
    assert Result(1.0, 2.0, 0.049).significant
    assert not Result(1.0, 1.9, 0.05).significant


def test_nps_difference_by_hand():
    # 50/20 of 100 vs 40/30 of 100: NPS 30 vs 10. Pooled scores: sum 40, sum of squares 140, N = 200,
    # mean 0.2; variance (140 - 200 * 0.04) / 199; standard error sqrt(variance * (1/100 + 1/100)).
    result = nps_difference((50, 20, 100), (40, 30, 100))
    z = 0.2 / math.sqrt((140 - 8) / 199 * 0.02)
    assert result.difference == pytest.approx(20)
    assert result.z == pytest.approx(z)
    assert result.p_value == pytest.approx(2 * stats.norm.sf(z))
    assert not result.significant  # z = 1.74
    # design effects of 2 on both sides double the variance
    assert nps_difference((50, 20, 100), (40, 30, 100), (2.0, 2.0)).z == pytest.approx(z / math.sqrt(2))


def test_the_audit_case_is_not_tested():
    # NPS 35.5 of 31 answers against 100 of 10: the comparison is too small to show, so it is not tested.
    assert nps_difference((15, 4, 31), (10, 0, 10)) is None
    assert nps_difference((15, 4, 31), (0, 0, 0)) is None
    assert nps_difference((0, 0, 0), (0, 0, 0)) is None


def _permutation_p_values(sides, rng, reps=10_000):
    """Two-sided permutation p-value of the difference in mean score, and its mid-p (half the tie mass)."""
    y = np.concatenate([np.repeat([1.0, -1.0, 0.0], [p, d, n - p - d]) for p, d, n in sides])
    n1 = sides[0][2]
    observed = abs(y[:n1].mean() - y[n1:].mean())
    shuffled = rng.permuted(np.tile(y, (reps, 1)), axis=1)
    differences = np.abs(shuffled[:, :n1].mean(axis=1) - shuffled[:, n1:].mean(axis=1))
    at_least, tied = differences >= observed - 1e-9, np.isclose(differences, observed)
    return at_least.mean(), at_least.mean() - tied.mean() / 2


def test_nps_difference_agrees_with_a_permutation_test():
    # The permutation distribution is lumpy (few distinct sums), so the z test tracks its mid-p; the
    # plain permutation p counts the whole observed lump and sits a little above both.
    rng = np.random.default_rng(42)
    cases = [
        ((18, 4, 30), (10, 8, 30)),
        ((20, 5, 40), (12, 9, 35)),
        ((25, 10, 60), (30, 5, 50)),
        ((27, 1, 30), (20, 4, 32)),
        ((5, 20, 30), (12, 12, 40)),
        ((15, 9, 45), (14, 10, 44)),
    ]
    for current, previous in cases:
        p = nps_difference(current, previous).p_value
        plain, mid = _permutation_p_values((current, previous), rng)
        assert abs(p - mid) < 0.01 + 0.1 * mid, (current, previous, p, mid)
        assert p < plain + 0.01, (current, previous, p, plain)


def test_nps_difference_holds_its_five_percent_level_at_n_30():
    # Exact size: every pair of outcomes of two samples of 30 from the same mix, weighted by its probability.
    def outcomes(mix):
        grid = np.array([(p, d) for p in range(31) for d in range(31 - p)])
        probs = stats.multinomial.pmf(np.column_stack([grid, 30 - grid.sum(axis=1)]), 30, [*mix, 1 - sum(mix)])
        return grid, probs

    for mix in [(0.6, 0.1), (0.9, 0.05)]:
        grid, probs = outcomes(mix)
        keep = probs > 1e-4  # the likeliest 139 and 49 outcomes: all but 0.0016 and 0.0006 of the probability
        grid, probs = grid[keep], probs[keep]
        size = 0.0
        for (p1, d1), w1 in zip(grid, probs, strict=True):
            rejects = [nps_difference((p1, d1, 30), (p2, d2, 30)).significant for p2, d2 in grid]
            size += w1 * probs[np.array(rejects)].sum()
        assert 0.035 < size <= 0.05, (mix, size)


def test_proportion_test_is_the_n_minus_1_chi_square():
    # Campbell (2007): Pearson's chi-square times (N - 1) / N; at N = 200, p agrees with a 2x2 table test.
    result = proportion_difference((45, 100), (30, 100))
    chi2 = stats.chi2_contingency([[45, 55], [30, 70]], correction=False).statistic * 199 / 200
    assert result.difference == pytest.approx(0.15)
    assert result.z**2 == pytest.approx(chi2)
    assert result.p_value == pytest.approx(stats.chi2.sf(chi2, 1))
    assert result.significant


def test_proportion_difference_needs_the_minimum_on_each_side():
    assert proportion_difference((5, 29), (5, 100)) is None
    assert proportion_difference((5, 100), (0, 0)) is None
    assert proportion_difference((3, 40), (5, 35), minimum=50) is None
    assert proportion_difference((30, 30), (30, 30)) == Result(0.0, 0.0, 1.0, "pooled z")  # nothing varies


def _sums(values):
    values = np.asarray(values, float)
    return float(values.sum()), float((values**2).sum()), len(values)


def test_mean_difference_is_welchs_t():
    rng = np.random.default_rng(3)
    a, b = rng.integers(1, 8, 35), np.clip(rng.integers(1, 8, 31) + 1, 1, 7)
    result = mean_difference(_sums(a), _sums(b))
    welch = stats.ttest_ind(a, b, equal_var=False)
    assert result.difference == pytest.approx(a.mean() - b.mean())
    assert result.z == pytest.approx(welch.statistic, rel=1e-9)
    assert result.p_value == pytest.approx(welch.pvalue, rel=1e-9)


def test_mean_difference_with_design_effects_by_hand():
    rng = np.random.default_rng(4)
    a, b = rng.integers(1, 8, 60), rng.integers(1, 8, 40)
    # design effects 2 and 4: variances s^2 * 2 / 60 and s^2 * 4 / 40; df on 30 - 1 and 10 - 1
    va, vb = a.var(ddof=1) * 2 / 60, b.var(ddof=1) * 4 / 40
    t = (a.mean() - b.mean()) / math.sqrt(va + vb)
    df = (va + vb) ** 2 / (va**2 / 29 + vb**2 / 9)
    result = mean_difference(_sums(a), _sums(b), (2.0, 4.0))
    assert result.z == pytest.approx(t)
    assert result.p_value == pytest.approx(2 * stats.t.sf(abs(t), df))


def test_mean_difference_small_and_constant_samples():
    assert mean_difference(_sums([3] * 29 + [4]), _sums([1, 2] * 20)) is not None
    assert mean_difference(_sums([3] * 29), _sums([1, 2] * 20)) is None
    assert mean_difference(_sums([4] * 30), _sums([4] * 40)) is None  # no variation: no noise estimate
    assert mean_difference((0, 0, 0), (0, 0, 0)) is None


def _two_sided_binomial_p(k, n, p):
    """Sum of the probabilities of every outcome no likelier than the one seen (the exact binomial test)."""
    pmf = [math.comb(n, i) * p**i * (1 - p) ** (n - i) for i in range(n + 1)]
    return min(1.0, sum(q for q in pmf if q <= pmf[k] * (1 + 1e-7)))


def test_count_difference_is_the_exact_conditional_binomial_test():
    # 10 orders in 7 days vs 3 in 7: given 13 orders, 10 or more (or 3 or fewer) of them in the first
    # half has probability 2 * (286 + 78 + 13 + 1) / 2^13 = 756 / 8192.
    result = count_difference(10, 7, 3, 7)
    assert result.p_value == pytest.approx(756 / 8192)
    assert result.difference == pytest.approx(10 / 3 - 1)
    assert result.z == pytest.approx((10 - 6.5) / math.sqrt(13 * 0.25))
    # unequal exposures: 12 orders in 10 days vs 2 in 5; the current period has 2/3 of the days
    result = count_difference(12, 10, 2, 5)
    assert result.p_value == pytest.approx(_two_sided_binomial_p(12, 14, 2 / 3))
    assert result.difference == pytest.approx((12 / 10) / (2 / 5) - 1)  # daily rate 1.2 vs 0.4: +200%
    assert not result.significant
    assert count_difference(500, 30, 400, 30).significant


def test_count_difference_without_exposure_or_base_is_none():
    assert count_difference(5, 0, 3, 7) is None
    assert count_difference(5, 7, 3, 0) is None
    assert count_difference(5, 7, 0, 7) is None  # no relative change from zero orders
    assert count_difference(0, 7, 0, 7) is None
    assert count_difference(0, 7, 4, 7).difference == -1


def _revenue_side(amounts, days):
    amounts = np.asarray(amounts, float)
    return float(amounts.sum()), float((amounts**2).sum()), len(amounts), days


def test_revenue_difference_by_hand():
    # 40 orders of 10 in 20 days (sum of squares 4000) vs 30 orders of 10 in 20 days (3000):
    # 20 vs 15 a day; standard error sqrt(4000 / 400 + 3000 / 400) = sqrt(17.5).
    result = revenue_difference(_revenue_side([10] * 40, 20), _revenue_side([10] * 30, 20))
    assert result.difference == pytest.approx(5)
    assert result.z == pytest.approx(5 / math.sqrt(17.5))
    assert result.p_value == pytest.approx(2 * stats.norm.sf(5 / math.sqrt(17.5)))
    assert revenue_difference(_revenue_side([10] * 29, 20), _revenue_side([10] * 30, 20)) is None
    assert revenue_difference(_revenue_side([10] * 40, 0), _revenue_side([10] * 30, 20)) is None
    assert revenue_difference(_revenue_side([0] * 40, 20), _revenue_side([0] * 30, 20)) is None


def test_revenue_difference_by_simulation():
    # Two 30-day periods of the same process: Poisson(2.5) orders a day, log-normal amounts. The formula's
    # standard error should match the spread of simulated differences, and false alarms stay near 5%.
    rng = np.random.default_rng(11)
    reps, days = 2500, 30
    differences, errors, alarms = [], [], 0
    for _ in range(reps):
        sides = [_revenue_side(rng.lognormal(3, 0.8, rng.poisson(2.5 * days)), days) for _ in range(2)]
        result = revenue_difference(*sides)
        differences.append(result.difference)
        errors.append(result.difference / result.z)
        alarms += result.significant
    assert np.mean(errors) == pytest.approx(np.std(differences), rel=0.05)
    assert 0.035 < alarms / reps < 0.065


def test_aov_difference_is_welchs_t_on_order_amounts():
    rng = np.random.default_rng(8)
    a, b = rng.lognormal(3, 1, 45), rng.lognormal(3.3, 1, 38)
    result = aov_difference(_sums(a), _sums(b))
    welch = stats.ttest_ind(a, b, equal_var=False)
    assert result.difference == pytest.approx(a.mean() - b.mean())
    assert result.z == pytest.approx(welch.statistic, rel=1e-9)
    assert result.p_value == pytest.approx(welch.pvalue, rel=1e-9)
    assert aov_difference(_sums(a[:29]), _sums(b)) is None
    assert aov_difference((0, 0, 0), _sums(b)) is None
