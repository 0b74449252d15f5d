"""The forecast against statsmodels run directly, and against a line worked out by hand."""

from datetime import date, timedelta

import numpy as np
import pytest
import statsmodels.api as sm
from scipy.stats import t as student_t

from cxdash.goals.forecast import forecast

DAYS = [date(2025, 1, 1) + timedelta(days=30 * i) for i in range(13)]
NOISE = [0.4, -0.3, 0.1, -0.5, 0.2, 0.6, -0.2, -0.4, 0.3, 0.0, -0.1, 0.5, -0.6]
VALUES = [20 + 0.5 * i + e for i, e in enumerate(NOISE)]  # +0.5 a month, with scatter
DEADLINE = date(2026, 6, 30)


def years(day: date) -> float:
    return (day - DAYS[0]).days / 365.25


def test_matches_statsmodels_with_newey_west_errors():
    found = forecast(DAYS, VALUES, DEADLINE, window_days=90, step_days=30)
    x = sm.add_constant(np.array([years(d) for d in DAYS]))
    hac = {"maxlags": 2, "use_correction": True}  # 90-day windows a month apart: two readings overlap each
    result = sm.OLS(np.array(VALUES), x).fit(cov_type="HAC", cov_kwds=hac, use_t=True)
    frame = result.get_prediction(np.array([[1.0, years(DEADLINE)]])).summary_frame(alpha=0.05)
    assert found.value == pytest.approx(frame["mean"].iloc[0])
    assert (found.low, found.high) == pytest.approx((frame["obs_ci_lower"].iloc[0], frame["obs_ci_upper"].iloc[0]))
    assert found.points == 13 and found.df == 11


def test_without_overlap_it_is_plain_least_squares():
    found = forecast(DAYS, VALUES, DEADLINE, window_days=30, step_days=30)
    slope, intercept = np.polyfit([years(d) for d in DAYS], VALUES, 1)  # a second method
    assert found.value == pytest.approx(intercept + slope * years(DEADLINE))
    residuals = np.array(VALUES) - (intercept + slope * np.array([years(d) for d in DAYS]))
    xs = np.array([years(d) for d in DAYS])
    scale = residuals @ residuals / 11
    se_obs = np.sqrt(scale * (1 + 1 / 13 + (years(DEADLINE) - xs.mean()) ** 2 / ((xs - xs.mean()) ** 2).sum()))
    assert found.se == pytest.approx(se_obs)
    assert found.high - found.value == pytest.approx(student_t.ppf(0.975, 11) * se_obs)


def test_probability_is_the_share_of_the_prediction_beyond_the_target():
    found = forecast(DAYS, VALUES, DEADLINE, window_days=30, step_days=30)
    assert found.probability(found.value, increase=True) == pytest.approx(0.5)
    assert found.probability(found.high, increase=True) == pytest.approx(0.025)
    assert found.probability(found.low, increase=False) == pytest.approx(0.025)


def test_too_few_readings_give_no_forecast_and_only_the_last_year_counts():
    assert forecast(DAYS[:3], VALUES[:3], DEADLINE, 90, 30) is None
    old = [date(2023, 1, 1), *DAYS]
    assert forecast(old, [500.0, *VALUES], DEADLINE, 90, 30).points == 13  # the 2023 outlier is left out
