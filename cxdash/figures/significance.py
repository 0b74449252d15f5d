"""Is a change between two periods more than noise? Two-sided tests at the 5% level.

A test needs as many observations on each side as its figure needs to be shown (the MIN_* of metrics),
else it returns None: a change against a figure too noisy to show is not tested either. The two periods
are treated as independent samples; the same customers answering in both make the true noise a little
smaller than assumed, so the tests err towards calling a change noise.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from scipy.stats import binomtest
from scipy.stats import t as student_t

from cxdash.figures.metrics import MIN_ORDERS, MIN_SURVEY_N, effective_n, mean_and_variance

ALPHA = 0.05
NO_CLUSTERING = (1.0, 1.0)


@dataclass(frozen=True)
class TestResult:
    difference: float  # current minus previous, in the units each test names
    z: float  # the test statistic: z, or t for Welch's test
    p_value: float
    method: str = ""

    @property
    def significant(self) -> bool:
        return self.p_value < ALPHA


def _normal(difference: float, z: float, method: str) -> TestResult:
    return TestResult(difference, z, math.erfc(abs(z) / math.sqrt(2)), method)


def _pooled(sides: Iterable[tuple[float, float, int]], design_effects: tuple[float, float], unit: float) -> TestResult:
    """Two means of a score y given (sum of y, sum of y^2, n), with the noise estimated under no change.

    The pooled variance over N - 1 is the variance the permutation distribution of the difference has
    (the 'N - 1' chi-square of Campbell 2007, Statistics in Medicine 26): its exact size at n = 30 is at
    most 5% in the mixes tested, and a side where every answer agrees cannot make a small change look certain.
    """
    (s1, q1, n1), (s2, q2, n2) = sides
    total = n1 + n2
    mean = (s1 + s2) / total
    variance = max(q1 + q2 - total * mean**2, 0.0) / (total - 1)
    difference = s1 / n1 - s2 / n2
    se = math.sqrt(variance * (design_effects[0] / n1 + design_effects[1] / n2))
    if se == 0:  # every answer in both periods the same: no change to test
        return TestResult(0.0, 0.0, 1.0, "pooled z")
    return _normal(unit * difference, difference / se, "pooled z")


def _welch(
    current: tuple[float, float, int], previous: tuple[float, float, int], design_effects: tuple[float, float]
) -> TestResult | None:
    """Welch's t with Welch-Satterthwaite degrees of freedom, each side on its effective n."""
    sides = []
    for (total, total_sq, n), deff in zip((current, previous), design_effects, strict=True):
        stats, n_eff = mean_and_variance(total, total_sq, n), effective_n(n, deff)
        if stats is None or n_eff <= 1:
            return None
        sides.append((stats[0], stats[1] / n_eff, n_eff - 1))
    (m1, v1, df1), (m2, v2, df2) = sides
    if v1 + v2 <= 0:  # no variation on either side: the sums cannot say how noisy the means are
        return None
    df = (v1 + v2) ** 2 / (v1**2 / df1 + v2**2 / df2)
    t = (m1 - m2) / math.sqrt(v1 + v2)
    return TestResult(m1 - m2, t, 2 * float(student_t.sf(abs(t), df)), "Welch t")


def nps_difference(
    current: tuple[int, int, int], previous: tuple[int, int, int], design_effects: tuple[float, float] = NO_CLUSTERING
) -> TestResult | None:
    """Each side is (promoters, detractors, n); the difference is in NPS points.

    Assumes answers independent within a period, beyond what the design effects account for.
    """
    if min(current[2], previous[2]) < MIN_SURVEY_N:
        return None
    return _pooled(((p - d, p + d, n) for p, d, n in (current, previous)), design_effects, unit=100)


def proportion_difference(
    current: tuple[int, int],
    previous: tuple[int, int],
    design_effects: tuple[float, float] = NO_CLUSTERING,
    minimum: int = MIN_SURVEY_N,
) -> TestResult | None:
    """Each side is (successes, n); the difference is in share points (0-1). `minimum` n per side.

    Assumes each of the n (answers, or customers for churn) independent, beyond the design effects.
    """
    if min(current[1], previous[1]) < minimum:
        return None
    return _pooled(((x, x, n) for x, n in (current, previous)), design_effects, unit=1)


def mean_difference(
    current: tuple[float, float, int],
    previous: tuple[float, float, int],
    design_effects: tuple[float, float] = NO_CLUSTERING,
) -> TestResult | None:
    """Each side is (sum, sum of squares, n) of scores; the difference is in score points.

    Assumes scores independent within a period, beyond the design effects; Welch allows unequal variances.
    """
    if min(current[2], previous[2]) < MIN_SURVEY_N:
        return None
    return _welch(current, previous, design_effects)


def count_difference(orders_now: int, days_now: float, orders_before: int, days_before: float) -> TestResult | None:
    """Exact conditional test of equal daily order rates; the difference is the relative change in the rate.

    Assumes orders arrive independently at a steady rate (Poisson): given the total, the current period's
    share is binomial with p = its share of the days. Exact at any count, so no minimum; None without days
    on a side or without orders before (no relative change from zero). z is the binomial score statistic.
    """
    if days_now <= 0 or days_before <= 0 or orders_before <= 0:
        return None
    total, share = orders_now + orders_before, days_now / (days_now + days_before)
    z = (orders_now - total * share) / math.sqrt(total * share * (1 - share))
    p_value = binomtest(orders_now, total, share).pvalue
    change = (orders_now / days_now) / (orders_before / days_before) - 1
    return TestResult(change, z, float(p_value), "exact conditional binomial")


def revenue_difference(
    current: tuple[float, float, int, float], previous: tuple[float, float, int, float]
) -> TestResult | None:
    """Each side is (revenue, sum of squared order amounts, orders, days); the difference is revenue per day.

    Revenue as a compound Poisson total (orders independent, amounts independent of each other), whose
    variance is the sum of squared amounts; customers' repeated orders make revenue noisier than this.
    """
    rates = []
    for revenue, revenue_sq_sum, orders, days in (current, previous):
        if orders < MIN_ORDERS or days <= 0:
            return None
        rates.append((revenue / days, revenue_sq_sum / days**2))
    (r1, v1), (r2, v2) = rates
    if v1 + v2 <= 0:  # every order of zero amount: nothing to test
        return None
    return _normal(r1 - r2, (r1 - r2) / math.sqrt(v1 + v2), "compound Poisson z")


def aov_difference(current: tuple[float, float, int], previous: tuple[float, float, int]) -> TestResult | None:
    """Each side is (revenue, sum of squared order amounts, orders); the difference is in currency per order.

    Welch's t on order amounts: assumes orders independent; one customer's orders resemble each other.
    """
    if min(current[2], previous[2]) < MIN_ORDERS:
        return None
    return _welch(current, previous, NO_CLUSTERING)
