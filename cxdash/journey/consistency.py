"""Do the groups of a touchpoint differ beyond noise? One test for two or more groups at a time.

A chi-square test of equal means of y (NPS y = +1/0/-1, CSAT y = 1/0 satisfied, CES y = the score, a
share y = 1/0) across k groups: the spread of the group means around their weighted mean, over the
pooled variance of all answers (N - 1, as in `significance`), with k - 1 degrees of freedom. Each group
weighs its effective n (n / design effect), so one customer's answers count as less than as many
customers'. For two groups it is the square of the pooled z of `significance`; for shares and no
clustering it is Pearson's chi-square of the k x 2 table times (N - 1) / N. Groups below `minimum`
answers are left out of the test.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from scipy.stats import chi2

from cxdash.figures.metrics import MIN_SURVEY_N
from cxdash.figures.significance import ALPHA


@dataclass(frozen=True)
class Spread:
    statistic: float
    df: int
    p_value: float
    groups: int

    @property
    def differ(self) -> bool:
        return self.p_value < ALPHA


def spread_test(groups: Sequence[tuple[float, float, int, float]], minimum: int = MIN_SURVEY_N) -> Spread | None:
    """Each group is (sum of y, sum of y^2, n, design effect); None with fewer than two groups of
    `minimum` answers, or when no answer differs from another."""
    kept = [g for g in groups if g[2] >= minimum]
    if len(kept) < 2:
        return None
    total = sum(n for _, _, n, _ in kept)
    mean = sum(s for s, _, _, _ in kept) / total
    variance = max(sum(q for _, q, _, _ in kept) - total * mean**2, 0.0) / (total - 1)
    if variance <= 0:
        return None
    weights = [n / deff for _, _, n, deff in kept]
    means = [s / n for s, _, n, _ in kept]
    centre = sum(w * m for w, m in zip(weights, means, strict=True)) / sum(weights)
    statistic = sum(w * (m - centre) ** 2 for w, m in zip(weights, means, strict=True)) / variance
    df = len(kept) - 1
    return Spread(statistic, df, float(chi2.sf(statistic, df)), len(kept))
