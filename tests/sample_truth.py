"""The sample generator's true spend gap between experience groups, from its own latent values.

Replays the first steps of `generate_sample` to keep what the frames do not show: each customer's latent
experience and order-rate draw. A customer's expected spend over the 12 months after their first answer is
then exact, with no Poisson or basket noise: rate x the daily order weights over the days they were still
a customer, x the expected signed basket (lognormal mean, category mix, refund chance at their experience).
Averaged over the customers of each group (their first answer as the data records it), it gives the
spend ratio the page's estimate should recover.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import polars as pl

from cxdash.ingest.sample import generate_sample
from cxdash.ingest.sample import orders as od
from cxdash.ingest.sample.calendar import START, cumulative
from cxdash.ingest.sample.customers import generate_customers
from cxdash.ingest.sample.orders import generate_orders

YEAR = 365
NPS_GROUPS = {**dict.fromkeys(range(7), "detractor"), 7: "passive", 8: "passive", 9: "promoter", 10: "promoter"}


def _replay(customers: int, seed: int):
    """generate_sample's first two steps (customers, then orders), keeping the order-rate draw; the survey
    answers are taken from generate_sample itself, whose orders must equal the replayed ones."""
    rng = np.random.default_rng(seed)
    people = generate_customers(rng, customers)
    state = rng.bit_generator.state
    rate_draw = rng.gamma(od.RATE_SHAPE, 1 / od.RATE_SHAPE, people.size)  # _order_counts' first draw
    rng.bit_generator.state = state
    orders = generate_orders(rng, people)
    tables = generate_sample(customers, seed).tables
    assert orders.frame.equals(tables["orders"]), "the replay must draw what generate_sample draws"
    return people, rate_draw, orders, tables["survey_responses"]


def expected_spend_after(customers: int, seed: int, as_of: date) -> pl.DataFrame:
    """Per customer with an NPS answer at least 365 days before `as_of`: group and expected 12-month spend."""
    people, rate_draw, orders, responses = _replay(customers, seed)
    segment, plan, experience = people.segment, people.plan, people.experience
    rate = od.RATE_BY_SEGMENT[segment] * od.RATE_BY_PLAN[plan] * np.exp(od.RATE_EXPERIENCE * experience) * rate_draw

    category = pl.Series(orders.frame["category"]).replace_strict(list(od.CATEGORIES), range(len(od.CATEGORIES)))
    odds = od.CATEGORY_REFUND[category.to_numpy()] * np.exp(-0.4 * experience[orders.customer])
    mean_odds = odds.mean()  # the generator's normaliser of refund chances, over every order drawn
    basket = np.zeros(people.size)
    for c in range(len(od.CATEGORIES)):
        refund = od.REFUND_SHARE * od.CATEGORY_REFUND[c] * np.exp(-0.4 * experience) / mean_odds
        basket += od.CATEGORY_BY_SEGMENT[segment, c] * od.CATEGORY_AMOUNT[c] * (1 - 2 * refund)
    basket *= od.MEDIAN_AMOUNT_BY_SEGMENT[segment] * np.exp(od.AMOUNT_EXPERIENCE * experience + od.AMOUNT_SIGMA**2 / 2)

    first = (
        responses.filter((pl.col("metric") == "nps") & pl.col("customer_id").is_not_null())
        .sort("responded_at", "response_id")
        .group_by("customer_id", maintain_order=True)
        .first()
    )
    index = pl.DataFrame({"customer_id": people.ids, "row": np.arange(people.size)})
    first = first.join(index, on="customer_id").with_columns(
        day=(pl.col("responded_at").dt.date() - pl.lit(START)).dt.total_days()
    )
    first = first.filter(pl.col("day") + YEAR <= (as_of - START).days)
    row, day = first["row"].to_numpy(), first["day"].to_numpy()
    cum = cumulative(od._daily_weights())
    low = np.clip(day + 1, people.signup[row], people.stop[row])
    high = np.clip(day + 1 + YEAR, people.signup[row], people.stop[row])
    expected_orders = rate[row] * (cum[segment[row], high] - cum[segment[row], low])
    return pl.DataFrame(
        {
            "customer_id": first["customer_id"],
            "group": first["score"].replace_strict(NPS_GROUPS),
            "expected_spend": expected_orders * basket[row],
        }
    )


def true_ratio(expected: pl.DataFrame, best: str = "promoter", worst: str = "detractor") -> float:
    means = dict(expected.group_by("group").agg(pl.col("expected_spend").mean()).iter_rows())
    return means[best] / means[worst]
