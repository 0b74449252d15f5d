"""The sample's fixed calendar: a three-year window and its daily rhythms.

Nothing reads today's date, so a seed always gives the same data. Days are counted as integers from
`START` (day 0) to `END` (day `N_DAYS - 1`); arrays of such day numbers are what the generators pass
around, and they only become polars dates or timestamps at the very end.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import polars as pl

from cxdash.ingest.sample.draw import choice_by_row

START = date(2023, 11, 1)
END = date(2026, 10, 31)
N_DAYS = (END - START).days + 1

_EPOCH = date(1970, 1, 1)
_START_EPOCH_DAY = (START - _EPOCH).days
_SECONDS_PER_DAY = 86_400

# Index 0 is January. Orders peak in Q4 (Black Friday, holidays), dip in late winter and summer.
ORDER_MONTH = np.array([0.86, 0.84, 0.93, 0.95, 0.98, 0.9, 0.88, 0.92, 0.97, 1.03, 1.3, 1.45])
# Sign-ups follow the promotions: strongest in Nov-Dec, weakest in summer.
SIGNUP_MONTH = np.array([1.05, 0.95, 1.0, 0.95, 0.9, 0.78, 0.72, 0.78, 0.95, 1.02, 1.35, 1.4])
# Index 0 is Monday. Shopping leans to Friday-Saturday; sign-ups to the start of the week.
ORDER_WEEKDAY = np.array([0.97, 0.95, 0.97, 1.0, 1.06, 1.12, 0.93])
SIGNUP_WEEKDAY = np.array([1.12, 1.08, 1.04, 1.0, 0.96, 0.9, 0.9])
SIGNUP_GROWTH_PER_YEAR = 0.35

_DAYS = np.datetime64(START, "D") + np.arange(N_DAYS)
MONTH = _DAYS.astype("datetime64[M]").astype(np.int64) % 12  # of each day number, 0 is January
WEEKDAY = (_DAYS.astype(np.int64) + 3) % 7  # of each day number, 0 is Monday (1970-01-01: Thursday)


def day_of(d: date) -> int:
    """The day number of a calendar date in the sample window."""
    return (d - START).days


def _black_friday_weekends() -> np.ndarray:
    """Day numbers of Black Friday to Cyber Monday in each year of the window."""
    out = []
    for year in range(START.year, END.year + 1):
        nov1 = date(year, 11, 1)
        thanksgiving = 1 + (3 - nov1.weekday()) % 7 + 21
        friday = day_of(date(year, 11, thanksgiving + 1))
        out.extend(d for d in range(friday, friday + 4) if 0 <= d < N_DAYS)
    return np.array(out, dtype=np.int64)


def signup_weights() -> np.ndarray:
    """Relative sign-ups per day: steady growth times month and weekday seasonality."""
    growth = (1 + SIGNUP_GROWTH_PER_YEAR) ** (np.arange(N_DAYS) / 365.25)
    return growth * SIGNUP_MONTH[MONTH] * SIGNUP_WEEKDAY[WEEKDAY]


def order_weights() -> np.ndarray:
    """Relative order rate per day for one customer, mean 1: Q4 peak, weekdays, Black Friday."""
    weights = ORDER_MONTH[MONTH] * ORDER_WEEKDAY[WEEKDAY]
    weights[_black_friday_weekends()] *= 1.8
    return weights / weights.mean()


def cumulative(weights: np.ndarray) -> np.ndarray:
    """Cumulative weights along the last axis with a leading zero: days [a, b) weigh `c[..., b] - c[..., a]`."""
    zeros = np.zeros((*weights.shape[:-1], 1))
    return np.concatenate((zeros, np.cumsum(weights, axis=-1)), axis=-1)


def days_by_weight(
    rng: np.random.Generator, cum: np.ndarray, rows: np.ndarray, first: np.ndarray, stop: np.ndarray
) -> np.ndarray:
    """One day per element in [first, stop), drawn in proportion to the daily weights of `cum[rows]`.

    `cum` is (groups x days + 1) from `cumulative`. The groups are laid end to end with a gap, so a
    single sorted search over all of them inverts every row's own cumulative weight.
    """
    rows, width = rows.astype(np.int64), cum.shape[1]
    offsets = np.arange(cum.shape[0]) * (cum[:, -1].max() + 1.0)
    low, high = cum[rows, first], cum[rows, stop]
    u = offsets[rows] + low + rng.random(len(rows)) * (high - low)
    day = np.searchsorted((cum + offsets[:, None]).ravel(), u, side="right") - 1 - rows * width
    return np.clip(day, first, stop - 1)


def seconds_of_day(rng: np.random.Generator, hour_weights: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """Seconds after midnight, the hour drawn from `hour_weights[rows]` (one 24-hour profile a row)."""
    hours = choice_by_row(rng, hour_weights, rows)
    return hours.astype(np.int64) * 3600 + rng.integers(0, 3600, len(rows))


def to_dates(days: np.ndarray, name: str) -> pl.Series:
    """Day numbers as a polars Date column."""
    return pl.Series(name, (np.asarray(days) + _START_EPOCH_DAY).astype(np.int32)).cast(pl.Date)


def to_timestamps(days: np.ndarray, seconds: np.ndarray, name: str) -> pl.Series:
    """Day numbers plus seconds after midnight as a polars Datetime("us") column."""
    total = (np.asarray(days, dtype=np.int64) + _START_EPOCH_DAY) * _SECONDS_PER_DAY + seconds
    return pl.Series(name, total * 1_000_000).cast(pl.Datetime("us"))
