"""Orders: how often each customer buys, when, through which channel, what and for how much.

Order days follow an inhomogeneous Poisson process per customer between sign-up and churn: a
customer rate (segment, plan, experience, gamma heterogeneity) times a daily rhythm (Q4 peak,
weekdays, Black Friday). Days are drawn by inverting the cumulative daily weight, so no row is ever
rejected and no loop runs per customer.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from cxdash.ingest.sample.calendar import (
    N_DAYS,
    cumulative,
    days_by_weight,
    order_weights,
    seconds_of_day,
    to_timestamps,
)
from cxdash.ingest.sample.changes import experience_shift
from cxdash.ingest.sample.customers import SEGMENTS, Population
from cxdash.ingest.sample.draw import choice_by_row, ids, labels

# Orders a day at experience 0, by segment, then by plan; heterogeneity is gamma with this shape.
RATE_BY_SEGMENT = np.array([0.021, 0.032, 0.05])
RATE_BY_PLAN = np.array([0.85, 1.0, 1.25])
RATE_SHAPE = 1.5
FIRST_ORDER_SHARE = 0.7  # share who order on the day they sign up
# Experience effects on frequency and basket: together best vs worst spend ~2.4x (Kriss, HBR 2014).
RATE_EXPERIENCE = 0.3
AMOUNT_EXPERIENCE = 0.12
MEDIAN_AMOUNT_BY_SEGMENT = np.array([46.0, 120.0, 420.0])
AMOUNT_SIGMA = 0.7
REFUND_SHARE = 0.02

CHANNELS = ("Web", "App", "Store", "Phone")
CHANNEL_BY_SEGMENT = np.array([[0.42, 0.33, 0.2, 0.05], [0.55, 0.15, 0.12, 0.18], [0.5, 0.05, 0.05, 0.4]])
CATEGORIES = ("Electronics", "Home", "Fashion", "Beauty", "Sports")
CATEGORY_BY_SEGMENT = np.array(
    [[0.18, 0.22, 0.28, 0.18, 0.14], [0.32, 0.3, 0.14, 0.1, 0.14], [0.45, 0.3, 0.08, 0.07, 0.1]]
)
CATEGORY_AMOUNT = np.array([1.9, 1.2, 0.85, 0.55, 1.0])
CATEGORY_REFUND = np.array([1.1, 0.7, 1.7, 0.6, 0.9])
# Hour of day by channel: web and app peak in the evening, stores in opening hours, phone in office
# hours.
_EVENING = np.array([2, 1, 1, 1, 1, 2, 4, 6, 8, 9, 10, 11, 12, 12, 11, 10, 10, 11, 13, 15, 15, 12, 8, 4])
_STORE = np.array([0, 0, 0, 0, 0, 0, 0, 0, 2, 6, 9, 11, 13, 13, 12, 11, 11, 12, 12, 9, 5, 0, 0, 0])
_OFFICE = np.array([0, 0, 0, 0, 0, 0, 0, 1, 6, 11, 12, 12, 9, 10, 12, 11, 10, 7, 3, 1, 0, 0, 0, 0])
HOURS_BY_CHANNEL = np.array([_EVENING, _EVENING, _STORE, _OFFICE], dtype=np.float64)


@dataclass
class OrderEvents:
    """The orders as numpy arrays (responses sample post-purchase surveys from them) and the frame."""

    customer: np.ndarray  # row index into the population
    day: np.ndarray
    seconds: np.ndarray
    channel: np.ndarray
    refund: np.ndarray
    frame: pl.DataFrame


def _daily_weights() -> np.ndarray:
    """(segment x day) relative order rate: the calendar's rhythm times the dated experience changes."""
    days = np.arange(N_DAYS)
    shifts = np.stack([experience_shift(days, s) for s in range(len(SEGMENTS))])
    return order_weights() * np.exp(RATE_EXPERIENCE * shifts)


def _order_counts(rng: np.random.Generator, people: Population, cum: np.ndarray) -> np.ndarray:
    rate = (
        RATE_BY_SEGMENT[people.segment]
        * RATE_BY_PLAN[people.plan]
        * np.exp(RATE_EXPERIENCE * people.experience)
        * rng.gamma(RATE_SHAPE, 1 / RATE_SHAPE, people.size)
    )
    exposure = cum[people.segment, people.stop] - cum[people.segment, people.signup]
    return rng.poisson(rate * exposure)


def _amounts(
    rng: np.random.Generator, segment: np.ndarray, category: np.ndarray, experience: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Lognormal basket value; refunds (negative) are likelier for poor experiences and fashion."""
    n = len(segment)
    median = MEDIAN_AMOUNT_BY_SEGMENT[segment] * CATEGORY_AMOUNT[category]
    amount = median * np.exp(AMOUNT_EXPERIENCE * experience + AMOUNT_SIGMA * rng.standard_normal(n))
    refund_odds = CATEGORY_REFUND[category] * np.exp(-0.4 * experience)
    refund = rng.random(n) < REFUND_SHARE * refund_odds / refund_odds.mean()
    return np.round(np.where(refund, -amount, amount), 2), refund


def generate_orders(rng: np.random.Generator, people: Population) -> OrderEvents:
    """All orders of all customers, ids in time order."""
    cum = cumulative(_daily_weights())
    counts = _order_counts(rng, people, cum)
    first = rng.random(people.size) < FIRST_ORDER_SHARE
    customer = np.repeat(np.arange(people.size), counts)
    day = days_by_weight(rng, cum, people.segment[customer], people.signup[customer], people.stop[customer])
    customer = np.concatenate((np.flatnonzero(first), customer))
    day = np.concatenate((people.signup[first], day))
    segment = people.segment[customer]
    channel = choice_by_row(rng, CHANNEL_BY_SEGMENT, segment)
    category = choice_by_row(rng, CATEGORY_BY_SEGMENT, segment)
    seconds = seconds_of_day(rng, HOURS_BY_CHANNEL, channel)
    amount, refund = _amounts(rng, segment, category, people.experience[customer])

    order = np.argsort(day * 86_400 + seconds, kind="stable")  # time order; ties keep their draw order
    customer, day, seconds = customer[order], day[order], seconds[order]
    channel, category, amount, refund = channel[order], category[order], amount[order], refund[order]
    frame = pl.DataFrame(
        [
            ids("O", len(day), 7).alias("order_id"),
            people.ids.gather(pl.Series(customer, dtype=pl.UInt32)).alias("customer_id"),
            to_timestamps(day, seconds, "order_date"),
            pl.Series("amount", amount, dtype=pl.Float64),
            labels(CHANNELS, channel, "channel"),
            labels(CATEGORIES, category, "category"),
        ]
    )
    return OrderEvents(customer, day, seconds, channel, refund, frame)
