"""The metric definitions of DESIGN.md, computed from counts, with their 95% intervals.

Every function takes the sums a query returns, so rollups, the CLI and tests share one definition.
A figure with nothing to measure (n = 0) is None, never 0.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

Z95 = 1.96  # DESIGN.md's definition; the exact normal quantile 1.959964 differs by 2e-5 relative
MIN_SURVEY_N = 30  # below this a survey figure is too noisy to show
MIN_BASE = 30  # below this many customers at the period start a churn rate is not shown


def ratio(numerator: float, denominator: float) -> float | None:
    return numerator / denominator if denominator else None


def nps(promoters: int, detractors: int, n: int) -> float | None:
    return 100 * (promoters - detractors) / n if n else None


def nps_margin_of_error(promoters: int, detractors: int, n: int) -> float | None:
    """1.96 * 100 * sqrt((p + d - (p - d)^2) / n), DESIGN.md's definition."""
    if not n:
        return None
    p, d = promoters / n, detractors / n
    return Z95 * 100 * math.sqrt(max(p + d - (p - d) ** 2, 0.0) / n)


def csat(satisfied: int, n: int) -> float | None:
    return 100 * satisfied / n if n else None


def wilson_interval(successes: int, n: int) -> tuple[float, float] | None:
    """95% Wilson score interval of a proportion: sound near 0 and 1, unlike the normal one."""
    if not n:
        return None
    p = successes / n
    centre = (p + Z95**2 / (2 * n)) / (1 + Z95**2 / n)
    half = Z95 * math.sqrt(p * (1 - p) / n + Z95**2 / (4 * n**2)) / (1 + Z95**2 / n)
    return centre - half, centre + half


def mean_and_variance(total: float, total_sq: float, n: int) -> tuple[float, float] | None:
    """Mean and sample variance from sums, the form rollups can add up."""
    if not n:
        return None
    mean = total / n
    variance = max(total_sq - n * mean**2, 0.0) / (n - 1) if n > 1 else 0.0
    return mean, variance


def mean_margin_of_error(total: float, total_sq: float, n: int) -> float | None:
    stats = mean_and_variance(total, total_sq, n)
    if stats is None or n < 2:
        return None
    return Z95 * math.sqrt(stats[1] / n)


def survey_value(metric: str, sums: Mapping[str, float]) -> float | None:
    """NPS, CSAT (%) or CES from the summed counts a query returns for one period or bucket."""
    n = int(sums["n"])
    if metric == "nps":
        return nps(int(sums["promoters"]), int(sums["detractors"]), n)
    if metric == "csat":
        return csat(int(sums["satisfied"]), n)
    stats = mean_and_variance(sums["score_sum"], sums["score_sq_sum"], n)
    return None if stats is None else stats[0]


def survey_interval(metric: str, sums: Mapping[str, float]) -> tuple[float, float] | None:
    """The 95% interval of `survey_value`: NPS ± its margin, Wilson for CSAT, normal for the CES mean."""
    n = int(sums["n"])
    if metric == "csat":
        found = wilson_interval(int(sums["satisfied"]), n)
        return None if found is None else (100 * found[0], 100 * found[1])
    value = survey_value(metric, sums)
    if metric == "nps":
        moe = nps_margin_of_error(int(sums["promoters"]), int(sums["detractors"]), n)
    else:
        moe = mean_margin_of_error(sums["score_sum"], sums["score_sq_sum"], n)
    return None if value is None or moe is None else (value - moe, value + moe)
