"""Journey events: the purchase funnel of web and app visits, tracked since March 2026.

Only customers who accepted analytics cookies are tracked (two in five). Each of their web or app orders
(refunds aside) is a visit that completed Browse, Cart, Checkout and Payment. In the two weeks up to the
order the customer also left visits unfinished: each abandons at one step, having completed the steps
before it. A customer leaves more such visits the poorer their latent experience, so abandoners score
lower and churn more later (through the experience, the one cause behind every link in the sample);
after the May 2026 app release the app loses far more visits at checkout and payment. Drawn from a
generator of its own, so the other tables never move.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import polars as pl

from cxdash.ingest.contracts import OUTCOMES
from cxdash.ingest.sample.calendar import day_of, to_timestamps
from cxdash.ingest.sample.changes import landed
from cxdash.ingest.sample.customers import Population
from cxdash.ingest.sample.draw import ids, labels
from cxdash.ingest.sample.orders import CHANNELS, OrderEvents

STREAM = 13  # the journey's own random stream: np.random.default_rng((seed, STREAM))
TRACKING_START = date(2026, 3, 1)
CONSENT_SHARE = 0.4  # customers who accept analytics cookies: only their visits are tracked
STAGE = "Purchase"
STEPS = ("Browse", "Cart", "Checkout", "Payment")
ONLINE = (CHANNELS.index("Web"), CHANNELS.index("App"))
# Unfinished visits per completed one, by the step they stop at, at experience 0.
ABANDONED_PER_ORDER = np.array([0.6, 0.5, 0.2, 0.1])
ABANDON_EXPERIENCE = 0.4  # each unit of experience less: exp(0.4) = 1.5x the unfinished visits
APP_RELEASE_FACTOR = 2.5  # app visits lost at checkout and payment, once the release has landed
DAYS_BEFORE_ORDER = 15  # unfinished visits fall on one of the 15 days up to the order
STEP_GAP_SECONDS = (30, 900)  # between two steps of one visit


def _visits(rng: np.random.Generator, people: Population, orders: OrderEvents) -> tuple[np.ndarray, ...]:
    """(customer, day, second of day, channel, last step reached, abandoned) per visit."""
    consent = rng.random(people.size) < CONSENT_SHARE
    online = np.isin(orders.channel, ONLINE) & ~orders.refund & (orders.day >= day_of(TRACKING_START))
    online &= consent[orders.customer]
    picked = np.flatnonzero(online)
    customer, day, channel = orders.customer[picked], orders.day[picked], orders.channel[picked]
    odds = np.exp(-ABANDON_EXPERIENCE * people.experience[customer])
    app_late = (channel == CHANNELS.index("App")) * landed("app", day) * (APP_RELEASE_FACTOR - 1)
    counts = [rng.poisson(rate * odds * (1 + app_late * (step >= 2))) for step, rate in enumerate(ABANDONED_PER_ORDER)]
    quit_step = np.concatenate([np.full(c.sum(), step) for step, c in enumerate(counts)])
    source = np.concatenate([np.repeat(np.arange(len(picked)), c) for c in counts])
    first = np.maximum(people.signup[customer[source]], day_of(TRACKING_START))
    left = np.maximum(day[source] - rng.integers(0, DAYS_BEFORE_ORDER, len(source)), first)
    seconds = np.concatenate([orders.seconds[picked], rng.integers(7 * 3600, 23 * 3600, len(source))])
    return (
        np.concatenate([customer, customer[source]]),
        np.concatenate([day, left]),
        seconds,
        np.concatenate([channel, channel[source]]),
        np.concatenate([np.full(len(picked), len(STEPS) - 1), quit_step]),
        np.concatenate([np.zeros(len(picked), dtype=bool), np.ones(len(source), dtype=bool)]),
    )


def generate_journey(rng: np.random.Generator, people: Population, orders: OrderEvents) -> pl.DataFrame:
    """One row per step reached in each visit, ids in time order; a visit's last row is its payment or
    the step it was abandoned at."""
    customer, day, seconds, channel, last, abandoned = _visits(rng, people, orders)
    reached = last + 1
    visit = np.repeat(np.arange(len(day)), reached)
    step = np.arange(reached.sum()) - np.repeat(np.cumsum(reached) - reached, reached)
    gaps = rng.integers(*STEP_GAP_SECONDS, (len(day), len(STEPS)))
    gaps[:, 0] = 0
    elapsed = np.cumsum(gaps, axis=1)  # seconds from a visit's first step to each step
    offset = elapsed[visit, last[visit]] - elapsed[visit, step]  # seconds from a step to the visit's last
    offset = np.minimum(offset, seconds[visit])  # a visit starts on its own day
    outcome = (abandoned[visit] & (step == last[visit])).astype(np.int8)
    time = day[visit] * 86_400 + seconds[visit] - offset
    order = np.lexsort((step, visit, time))
    return pl.DataFrame(
        [
            ids("E", len(order), 8).alias("event_id"),
            people.ids.gather(pl.Series(customer[visit][order], dtype=pl.UInt32)).alias("customer_id"),
            to_timestamps(day[visit][order], (seconds[visit] - offset)[order], "timestamp"),
            pl.Series("stage", [STAGE] * len(order), dtype=pl.String),
            labels(STEPS, step[order].astype(np.int8), "step"),
            labels(OUTCOMES, outcome[order], "outcome"),
            labels(CHANNELS, channel[visit][order].astype(np.int8), "channel"),
        ]
    )
