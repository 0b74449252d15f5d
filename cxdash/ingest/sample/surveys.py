"""Survey moments: who is asked, when, at which journey stage and touchpoint.

Surveys come from three moments: after an order (checkout or delivery survey), after sign-up
(onboarding) and along the relationship (support contacts, renewals, browsing). Only customers are
asked, and only while they are customers: a moment that would fall after churn (or after the data
end) is dropped.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from cxdash.ingest.sample.customers import Population
from cxdash.ingest.sample.draw import choice, choice_by_row
from cxdash.ingest.sample.orders import OrderEvents

STAGES = ("Awareness", "Onboarding", "Purchase", "Delivery", "Support", "Renewal")
AWARENESS, ONBOARDING_STAGE, PURCHASE, DELIVERY_STAGE, SUPPORT, RENEWAL = range(len(STAGES))
TOUCHPOINTS = (
    "Website", "Mobile app", "Checkout", "Delivery", "Billing", "Contact center", "Onboarding call"
)  # fmt: skip
WEB, APP, CHECKOUT, DELIVERY, BILLING, CONTACT, ONBOARDING = range(len(TOUCHPOINTS))
STORE_CHANNEL = 2  # orders.CHANNELS: store purchases have no delivery

POST_ORDER_SHARE = 0.12  # orders followed by a survey
DELIVERY_SURVEY_SHARE = 0.65  # of those, about the delivery rather than the checkout
ONBOARDING_SHARE = np.array([0.3, 0.55, 0.7])  # by segment
ONBOARDING_TOUCHPOINT = np.array([[0.45, 0.4, 0.15], [0.25, 0.1, 0.65], [0.1, 0.0, 0.9]])
ONGOING_PER_YEAR = np.array([1.3, 2.2, 3.5])  # by segment, mean over customers
ONGOING_SHAPE = 0.6  # gamma heterogeneity: many customers never answer, a few answer often
ONGOING_STAGE_WEIGHTS = (0.1, 0.0, 0.14, 0.0, 0.4, 0.36)
TOUCHPOINT_BY_STAGE = np.array(
    [
        [0.6, 0.4, 0, 0, 0, 0, 0],
        [0.15, 0.15, 0, 0, 0, 0, 0.7],
        [0.45, 0.4, 0.15, 0, 0, 0, 0],
        [0, 0, 0, 1, 0, 0, 0],
        [0.12, 0, 0, 0, 0.28, 0.6, 0],
        [0.2, 0.2, 0, 0, 0.5, 0.1, 0],
    ]
)


@dataclass
class SurveyMoments:
    """One row per survey answered: customer row, day, stage and touchpoint codes."""

    customer: np.ndarray
    day: np.ndarray
    stage: np.ndarray
    touchpoint: np.ndarray


def _after_orders(rng: np.random.Generator, orders: OrderEvents) -> SurveyMoments:
    picked = np.flatnonzero(~orders.refund & (rng.random(len(orders.day)) < POST_ORDER_SHARE))
    shipped = orders.channel[picked] != STORE_CHANNEL
    delivery = shipped & (rng.random(len(picked)) < DELIVERY_SURVEY_SHARE)
    lag = np.where(delivery, rng.integers(2, 9, len(picked)), rng.integers(0, 2, len(picked)))
    return SurveyMoments(
        orders.customer[picked],
        orders.day[picked] + lag,
        np.where(delivery, DELIVERY_STAGE, PURCHASE).astype(np.int8),
        np.where(delivery, DELIVERY, CHECKOUT).astype(np.int8),
    )


def _after_signup(rng: np.random.Generator, people: Population) -> SurveyMoments:
    asked = np.flatnonzero(rng.random(people.size) < ONBOARDING_SHARE[people.segment])
    pick = choice_by_row(rng, ONBOARDING_TOUCHPOINT, people.segment[asked])
    return SurveyMoments(
        asked,
        people.signup[asked] + rng.integers(3, 31, len(asked)),
        np.full(len(asked), ONBOARDING_STAGE, dtype=np.int8),
        np.array([WEB, APP, ONBOARDING], dtype=np.int8)[pick],
    )


def _along_relationship(rng: np.random.Generator, people: Population) -> SurveyMoments:
    years = (people.stop - people.signup) / 365.25
    rate = ONGOING_PER_YEAR[people.segment] * rng.gamma(ONGOING_SHAPE, 1 / ONGOING_SHAPE, people.size)
    customer = np.repeat(np.arange(people.size), rng.poisson(rate * years))
    life = people.stop[customer] - people.signup[customer]
    day = people.signup[customer] + (rng.random(len(customer)) * life).astype(np.int64)
    stage = choice(rng, ONGOING_STAGE_WEIGHTS, len(customer))
    return SurveyMoments(customer, day, stage, choice_by_row(rng, TOUCHPOINT_BY_STAGE, stage))


def survey_moments(rng: np.random.Generator, people: Population, orders: OrderEvents) -> SurveyMoments:
    """All survey moments of all customers that fall within the customer's life."""
    parts = [_after_orders(rng, orders), _after_signup(rng, people), _along_relationship(rng, people)]
    customer, day, stage, touchpoint = (
        np.concatenate([getattr(p, name) for p in parts]) for name in ("customer", "day", "stage", "touchpoint")
    )
    alive = day < people.stop[customer]
    return SurveyMoments(customer[alive], day[alive], stage[alive], touchpoint[alive])
