"""Figures with their 95% interval and n, from sums that polars adds up per group.

Revenue per customer takes a bootstrap percentile interval up to BOOTSTRAP_MAX customers a group: 12-month
spend is mostly zeros with a long tail (Olist: nearly everyone buys once), where a t interval reaches below
zero; above that size the mean is close to normal and the Student t interval is used. Orders per customer
take the t interval; retention a
Wilson interval (`proportion_interval`); AOV, a ratio of two sums, a delta-method interval; the ratio of
two groups' means a delta-method interval on the log scale, so it stays positive and asymmetric.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from cxdash.figures.metrics import Z95, mean_and_variance, mean_interval, proportion_interval

BOOTSTRAP_MAX = 20_000  # customers a group; above it, the t interval
RESAMPLES = 2_000
CHUNK = 100  # resamples drawn at once (memory: CHUNK x n values)
SEED = 7


@dataclass(frozen=True)
class Estimate:
    """A figure, its 95% interval (None where the data cannot give one) and how many customers it rests on."""

    value: float | None
    low: float | None
    high: float | None
    n: int

    @classmethod
    def missing(cls, n: int = 0) -> Estimate:
        return cls(None, None, None, n)


@dataclass(frozen=True)
class Sums:
    """Sum, sum of squares and count of one per-customer figure in one group."""

    total: float
    total_sq: float
    n: int

    @property
    def mean(self) -> float | None:
        return self.total / self.n if self.n else None

    @property
    def variance(self) -> float | None:
        stats = mean_and_variance(self.total, self.total_sq, self.n)
        return None if stats is None else stats[1]


def mean_estimate(sums: Sums) -> Estimate:
    """A group mean with its Student t interval (none below two customers or without spread)."""
    if not sums.n:
        return Estimate.missing()
    interval = mean_interval(sums.total, sums.total_sq, sums.n)
    low, high = (float(interval[0]), float(interval[1])) if interval else (None, None)
    return Estimate(sums.mean, low, high, sums.n)


def share_estimate(successes: int, n: int) -> Estimate:
    """A share (0-1) with its Wilson interval."""
    if not n:
        return Estimate.missing()
    low, high = proportion_interval(successes, n)
    return Estimate(successes / n, low, high, n)


def ratio_estimate(revenue: Sums, orders: Sums, cross: float) -> Estimate:
    """Sum of revenue over sum of orders (AOV), with the delta-method interval of a ratio estimator:
    var = var(r_i - A * o_i) / (n * mean(o)^2), where `cross` is the sum of r_i * o_i."""
    n = revenue.n
    if not n or not orders.total:
        return Estimate.missing(n)
    value = revenue.total / orders.total
    if n < 2:
        return Estimate(value, None, None, n)
    mean_r, mean_o = revenue.total / n, orders.total / n
    cov = (cross - n * mean_r * mean_o) / (n - 1)
    spread = revenue.variance - 2 * value * cov + value**2 * orders.variance
    half = Z95 * math.sqrt(max(spread, 0.0) / n) / mean_o
    return Estimate(value, value - half, value + half, n)


def ratio_of_means(top: Sums, bottom: Sums) -> Estimate:
    """mean(top) / mean(bottom) with a delta-method interval on the log scale:
    se(log R) = sqrt(var_top / (n_top * mean_top^2) + var_bottom / (n_bottom * mean_bottom^2)).

    None where either mean is not positive (a ratio of a loss means nothing) or a group has under two."""
    n = top.n + bottom.n
    if top.n < 2 or bottom.n < 2 or top.mean is None or bottom.mean is None or top.mean <= 0 or bottom.mean <= 0:
        return Estimate.missing(n)
    value = top.mean / bottom.mean
    se = math.sqrt(top.variance / (top.n * top.mean**2) + bottom.variance / (bottom.n * bottom.mean**2))
    return Estimate(value, value * math.exp(-Z95 * se), value * math.exp(Z95 * se), n)


def difference_of_means(top: Sums, bottom: Sums) -> Estimate:
    """mean(top) - mean(bottom) with a Welch-style normal interval (groups of customers are independent)."""
    n = top.n + bottom.n
    if top.n < 2 or bottom.n < 2:
        return Estimate.missing(n)
    value = top.mean - bottom.mean
    half = Z95 * math.sqrt(top.variance / top.n + bottom.variance / bottom.n)
    return Estimate(value, value - half, value + half, n)


def bootstrap_mean(values: np.ndarray) -> Estimate:
    """The mean with a 95% percentile bootstrap interval (RESAMPLES resamples, fixed seed: the same data
    always give the same interval); the t interval above BOOTSTRAP_MAX values or where all are equal."""
    n = len(values)
    sums = Sums(float(values.sum()), float((values**2).sum()), n)
    if n > BOOTSTRAP_MAX or n < 2 or not sums.variance:
        return mean_estimate(sums)
    rng = np.random.default_rng(SEED)
    means = np.concatenate([values[rng.integers(0, n, (CHUNK, n))].mean(axis=1) for _ in range(RESAMPLES // CHUNK)])
    low, high = np.percentile(means, [2.5, 97.5])
    return Estimate(sums.mean, float(low), float(high), n)
