"""Is a change between two periods more than noise? Two-sided tests at the 5% level.

NPS differences use the variance of a promoter-minus-detractor score; shares (CSAT, churn) a pooled
two-proportion z test; means (CES) Welch's z from summed squares. Samples in the two periods are treated
as independent, which slightly overstates the noise when the same customers answer in both.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from cxdash.figures.metrics import mean_and_variance

ALPHA = 0.05


@dataclass(frozen=True)
class TestResult:
    difference: float
    z: float
    p_value: float

    @property
    def significant(self) -> bool:
        return self.p_value < ALPHA


def _two_sided(difference: float, standard_error: float) -> TestResult | None:
    if standard_error <= 0:
        return None
    z = difference / standard_error
    return TestResult(difference, z, math.erfc(abs(z) / math.sqrt(2)))


def nps_difference(current: tuple[int, int, int], previous: tuple[int, int, int]) -> TestResult | None:
    """Each argument is (promoters, detractors, n); the difference is in NPS points."""
    parts = []
    for promoters, detractors, n in (current, previous):
        if not n:
            return None
        p, d = promoters / n, detractors / n
        parts.append((100 * (p - d), 100**2 * (p + d - (p - d) ** 2) / n))
    (a, var_a), (b, var_b) = parts
    return _two_sided(a - b, math.sqrt(var_a + var_b))


def proportion_difference(current: tuple[int, int], previous: tuple[int, int]) -> TestResult | None:
    """Each argument is (successes, n); the difference is in share points (0-1)."""
    (x1, n1), (x2, n2) = current, previous
    if not n1 or not n2:
        return None
    pooled = (x1 + x2) / (n1 + n2)
    return _two_sided(x1 / n1 - x2 / n2, math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2)))


def mean_difference(current: tuple[float, float, int], previous: tuple[float, float, int]) -> TestResult | None:
    """Each argument is (sum, sum of squares, n)."""
    a, b = mean_and_variance(*current), mean_and_variance(*previous)
    if a is None or b is None or current[2] < 2 or previous[2] < 2:
        return None
    return _two_sided(a[0] - b[0], math.sqrt(a[1] / current[2] + b[1] / previous[2]))
