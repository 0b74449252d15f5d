"""Customers: who signs up when, what they are, how good their experience is, and when they leave.

Each customer carries a latent `experience` (standard-normal-ish, higher is better). It is the one true
cause behind the sample's links: it drives churn here, order frequency and basket size in `orders`, and
survey scores in `responses`. Acquisition channel, plan and region shift it a little, so those
dimensions show real differences too.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from cxdash.sample.calendar import DELIVERY_FIX, DELIVERY_RAMP_DAYS, N_DAYS, day_of, signup_weights, to_dates
from cxdash.sample.draw import choice, choice_by_row, ids, labels

SEGMENTS = ("Consumer", "SMB", "Enterprise")
SEGMENT_WEIGHTS = (0.72, 0.22, 0.06)
REGIONS = ("North", "South", "East", "West", "International")
REGION_WEIGHTS = (0.23, 0.2, 0.22, 0.27, 0.08)
REGION_EXPERIENCE = np.array([0.05, -0.05, 0.0, 0.05, -0.25])
ACQUISITION = ("Organic search", "Paid social", "Referral", "Partner", "Direct")
ACQUISITION_BY_SEGMENT = np.array(
    [[0.34, 0.3, 0.14, 0.06, 0.16], [0.3, 0.14, 0.16, 0.2, 0.2], [0.12, 0.02, 0.2, 0.36, 0.3]]
)
ACQUISITION_EXPERIENCE = np.array([0.0, -0.2, 0.3, 0.05, 0.05])
PLANS = ("Basic", "Plus", "Premium")
PLAN_BY_SEGMENT = np.array([[0.55, 0.32, 0.13], [0.3, 0.45, 0.25], [0.05, 0.35, 0.6]])
PLAN_EXPERIENCE = np.array([-0.1, 0.0, 0.15])
AGE_BANDS = ("18-24", "25-34", "35-44", "45-54", "55-64", "65+")
AGE_WEIGHTS = (0.12, 0.27, 0.24, 0.18, 0.12, 0.07)

# Churn: a Weibull hazard in tenure (shape < 1: highest in the first months), scaled per customer.
# At experience 0 a Consumer keeps ~60% after a year; Kriss (HBR 2014) reports 43% for the worst
# experiences and 74% for the best, which CHURN_EXPERIENCE is tuned to reproduce through the scores.
WEIBULL_SHAPE = 0.75
WEIBULL_SCALE_DAYS = 880.0
CHURN_BY_SEGMENT = np.array([1.0, 0.72, 0.38])
CHURN_BY_PLAN = np.array([1.12, 1.0, 0.85])
CHURN_EXPERIENCE = 0.6
# Once the delivery fix lands everyone's experience is this much better (see responses.py).
DELIVERY_EXPERIENCE_LIFT = 0.12


@dataclass
class Population:
    """Customers as numpy arrays (for the other generators) plus their contract frame."""

    signup: np.ndarray  # day number of sign-up
    stop: np.ndarray  # first day no longer a customer: churn day, or N_DAYS while active
    segment: np.ndarray
    plan: np.ndarray
    experience: np.ndarray
    ids: pl.Series
    frame: pl.DataFrame

    @property
    def size(self) -> int:
        return len(self.signup)


def _signup_days(rng: np.random.Generator, n: int) -> np.ndarray:
    weights = signup_weights()
    days = rng.choice(N_DAYS, size=n, p=weights / weights.sum())
    return np.sort(days).astype(np.int64)


def _churn_days(rng: np.random.Generator, signup: np.ndarray, multiplier: np.ndarray) -> np.ndarray:
    """Invert the cumulative hazard, which drops by a factor once the delivery fix lands.

    The hazard is `m * d/dt (t / scale) ** shape` before the fix and `m * r` times that after it,
    so the tenure at churn has a closed form on either side of the change.
    """
    r = np.exp(-CHURN_EXPERIENCE * DELIVERY_EXPERIENCE_LIFT)
    change = day_of(DELIVERY_FIX) + DELIVERY_RAMP_DAYS // 2 - signup  # tenure at the change
    base_at_change = (np.clip(change, 0, None) / WEIBULL_SCALE_DAYS) ** WEIBULL_SHAPE
    draw = rng.exponential(size=len(signup))
    before = draw < multiplier * base_at_change
    base = np.where(
        before,
        draw / multiplier,
        base_at_change + (draw - multiplier * base_at_change) / (multiplier * r),
    )
    tenure = WEIBULL_SCALE_DAYS * base ** (1 / WEIBULL_SHAPE)
    tenure = np.maximum(1, np.ceil(np.minimum(tenure, 10 * N_DAYS))).astype(np.int64)
    return np.where(signup + tenure < N_DAYS, signup + tenure, N_DAYS)


def generate_customers(rng: np.random.Generator, n: int) -> Population:
    """Draw `n` customers, ids in sign-up order."""
    signup = _signup_days(rng, n)
    segment = choice(rng, SEGMENT_WEIGHTS, n)
    region = choice(rng, REGION_WEIGHTS, n)
    acquisition = choice_by_row(rng, ACQUISITION_BY_SEGMENT, segment)
    plan = choice_by_row(rng, PLAN_BY_SEGMENT, segment)
    age = choice(rng, AGE_WEIGHTS, n)
    experience = (
        rng.standard_normal(n) + REGION_EXPERIENCE[region] + ACQUISITION_EXPERIENCE[acquisition] + PLAN_EXPERIENCE[plan]
    )
    multiplier = CHURN_BY_SEGMENT[segment] * CHURN_BY_PLAN[plan] * np.exp(-CHURN_EXPERIENCE * experience)
    stop = _churn_days(rng, signup, multiplier)
    customer_ids = ids("C", n, 6).alias("customer_id")
    frame = pl.DataFrame(
        [
            customer_ids,
            to_dates(signup, "signup_date"),
            to_dates(stop, "churn_date").set(pl.Series(stop >= N_DAYS), None),
            labels(SEGMENTS, segment, "segment"),
            labels(REGIONS, region, "region"),
            labels(ACQUISITION, acquisition, "acquisition_channel"),
            labels(PLANS, plan, "plan"),
            labels(AGE_BANDS, age, "age_band"),
        ]
    )
    return Population(signup, stop, segment, plan, experience, customer_ids, frame)
