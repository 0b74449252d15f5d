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

from cxdash.ingest.sample.calendar import N_DAYS, signup_weights, to_dates
from cxdash.ingest.sample.changes import experience_steps
from cxdash.ingest.sample.draw import choice, choice_by_row, ids, labels

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
# At experience 0 a Plus-plan Consumer keeps ~57% after a year. CHURN_EXPERIENCE is tuned so that
# customers classed by their first NPS answers keep ~79% (promoters) and ~46% (detractors) a year
# after sign-up, near Kriss (HBR 2014): 74% for the best past experiences, 43% for the worst.
WEIBULL_SHAPE = 0.75
WEIBULL_SCALE_DAYS = 800.0
CHURN_BY_SEGMENT = np.array([1.0, 0.72, 0.38])
CHURN_BY_PLAN = np.array([1.12, 1.0, 0.85])
CHURN_EXPERIENCE = 0.8


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


def _churn_days(rng: np.random.Generator, signup: np.ndarray, segment: np.ndarray, hazard: np.ndarray) -> np.ndarray:
    """Day of churn (N_DAYS if none by the data end) by inverting the cumulative hazard.

    The hazard is `hazard * f * d/dt (t / scale) ** shape` in tenure t, where f steps each time a
    dated change shifts the experience (see `changes`), so within each step it inverts in closed form.
    """
    remaining = rng.exponential(size=len(signup))
    base = np.full(len(signup), np.nan)  # (tenure / scale) ** shape at churn
    start, factor = np.zeros(len(signup)), np.ones(len(signup))
    for day, shift in experience_steps():
        end = (np.clip(day - signup, 0, None) / WEIBULL_SCALE_DAYS) ** WEIBULL_SHAPE
        step = hazard * factor * (end - start)
        base = np.where(np.isnan(base) & (remaining < step), start + remaining / (hazard * factor), base)
        remaining = remaining - step
        start, factor = end, np.exp(-CHURN_EXPERIENCE * shift[segment])
    base = np.where(np.isnan(base), start + remaining / (hazard * factor), base)
    tenure = np.ceil(np.minimum(WEIBULL_SCALE_DAYS * base ** (1 / WEIBULL_SHAPE), 10 * N_DAYS))
    churn = signup + np.maximum(1, tenure).astype(np.int64)
    return np.where(churn < N_DAYS, churn, N_DAYS)


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
    hazard = CHURN_BY_SEGMENT[segment] * CHURN_BY_PLAN[plan] * np.exp(-CHURN_EXPERIENCE * experience)
    stop = _churn_days(rng, signup, segment, hazard)
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
