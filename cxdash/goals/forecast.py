"""The forecast at the deadline: a straight-line trend through the recent monthly readings, by statsmodels.

What it assumes (shown as the help text wherever a forecast is): the trend of the last FIT_DAYS goes on
in a straight line until the deadline, and readings scatter around it as they have. Readings a month apart
over windows longer than a month share data, so their errors are correlated: the interval uses
Newey-West (HAC) standard errors for the trend, with as many lags as windows overlap. The probability of
reaching the target is the share of the 95% prediction's t distribution on the target's side. A change of
course (a programme landing, a release backfiring) is not foreseen; it shows as the actuals leave the cone.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

import numpy as np
import statsmodels.api as sm
from scipy.stats import t as student_t

ASSUMES = (
    "Forecast: a straight-line trend fitted by least squares (statsmodels) to the readings of the last "
    "12 months, one a month, extended to the deadline; the cone is its 95% prediction interval, widened "
    "for readings that share data (Newey-West). It assumes the recent trend goes on in a straight line "
    "and the scatter around it stays as it was; a change of course is not foreseen."
)
FIT_DAYS = 365
MIN_POINTS = 4  # fewer readings give no forecast: a line through three points says little
ALPHA = 0.05


@dataclass(frozen=True)
class Forecast:
    at: date
    value: float
    low: float  # 95% prediction interval
    high: float
    se: float  # standard error of the prediction (trend and scatter)
    df: float
    points: int  # readings fitted

    def probability(self, target: float, increase: bool) -> float:
        """Chance that the value at `at` ends on the target's side (at or beyond it)."""
        if self.se == 0:
            return float((self.value >= target) if increase else (self.value <= target))
        z = (target - self.value) / self.se
        return float(student_t.sf(z, self.df) if increase else student_t.cdf(z, self.df))

    def cone(self, start: date, value: float, steps: int = 12) -> list[tuple[date, float, float, float]]:
        """(day, value, low, high) from the last reading to `at`, the interval growing with the square root
        of the distance (for the chart: the end points are exact, those between drawn smoothly)."""
        days = (self.at - start).days
        found = []
        for i in range(steps + 1):
            share = i / steps
            centre = value + (self.value - value) * share
            half = (self.high - self.value) * math.sqrt(share)
            found.append(
                (date.fromordinal(start.toordinal() + round(days * share)), centre, centre - half, centre + half)
            )
        return found


def overlap_lags(window_days: int, step_days: int) -> int:
    """How many readings before each one share some of its days."""
    return max(math.ceil(window_days / step_days) - 1, 0)


def fit(days: list[date], values: list[float], window_days: int, step_days: int):
    """The OLS trend (value on years since the first reading) with HAC covariance, or None if too few."""
    if len(values) < MIN_POINTS:
        return None
    x = sm.add_constant(np.array([(d - days[0]).days / 365.25 for d in days]))
    lags = min(overlap_lags(window_days, step_days), len(values) - 3)
    model = sm.OLS(np.array(values, dtype=float), x)
    if lags <= 0:
        return model.fit()
    return model.fit(cov_type="HAC", cov_kwds={"maxlags": lags, "use_correction": True}, use_t=True)


def forecast(days: list[date], values: list[float], at: date, window_days: int, step_days: int) -> Forecast | None:
    """The trend's prediction for `at` from readings (day, value) of the last FIT_DAYS, or None."""
    recent = [(d, v) for d, v in zip(days, values, strict=True) if (days[-1] - d).days <= FIT_DAYS] if days else []
    result = fit([d for d, _ in recent], [v for _, v in recent], window_days, step_days)
    if result is None:
        return None
    x = np.array([[1.0, (at - recent[0][0]).days / 365.25]])
    prediction = result.get_prediction(x)
    (low, high), mean = prediction.conf_int(obs=True, alpha=ALPHA)[0], float(prediction.predicted_mean[0])
    return Forecast(at, mean, float(low), float(high), float(prediction.se_obs[0]), float(result.df_resid), len(recent))
