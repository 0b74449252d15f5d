"""Survey responses: what customers answer, and what they write.

A score is an ordered cut of a latent value: the customer's experience, the touchpoint's own level,
the dated changes landed by then (see `changes`; NPS asks about the whole relationship, so it also
takes the shift in overall experience), noise, and a pain point (late delivery, long wait...) that
drags it down and that the comment then names.

Key drivers are planted too: each customer meets each touchpoint at their own quality (a draw from a
separate random stream, so customers and orders stay as they were), which moves that touchpoint's
ratings; the NPS answer, about the whole relationship, weighs those qualities by DRIVER_WEIGHTS, so
delivery and the contact center drive NPS most and the onboarding call least.
"""

from __future__ import annotations

from statistics import NormalDist

import numpy as np
import polars as pl

from cxdash.ingest.sample import calendar as cal
from cxdash.ingest.sample import surveys as sv
from cxdash.ingest.sample.changes import PAIN_CHANGES, TOUCHPOINT_SHIFTS, experience_shift, landed
from cxdash.ingest.sample.comments import theme_codes, write_comments
from cxdash.ingest.sample.customers import Population
from cxdash.ingest.sample.draw import choice_by_row, ids, labels
from cxdash.ingest.sample.orders import OrderEvents

METRICS = ("nps", "csat", "ces")
NPS, CSAT, CES = range(len(METRICS))
METRIC_BY_STAGE = np.array(
    [[0.85, 0.15, 0], [0.45, 0.35, 0.2], [0.5, 0.2, 0.3], [0.5, 0.5, 0], [0.3, 0.3, 0.4], [0.9, 0.1, 0]]
)
CHANNELS = ("Email", "In-app", "SMS", "Web")
CHANNEL_BY_TOUCHPOINT = np.array(
    [
        [0.2, 0, 0, 0.8],
        [0.15, 0.85, 0, 0],
        [0.35, 0.25, 0.05, 0.35],
        [0.55, 0.15, 0.3, 0],
        [0.7, 0.1, 0.05, 0.15],
        [0.35, 0, 0.65, 0],
        [0.9, 0, 0.1, 0],
    ]
)
ANONYMOUS_SHARE = 0.02
HOURS = np.array([[1, 0, 0, 0, 0, 1, 2, 4, 7, 9, 10, 10, 11, 11, 10, 9, 9, 10, 11, 12, 12, 9, 6, 3]])

TOUCHPOINT_EFFECT = np.array([0.15, 0.1, 0.2, -0.1, -0.2, -0.3, 0.1])
NOISE_SD = 0.85
# Planted key drivers (touchpoints in sv.TOUCHPOINTS order): a touchpoint's CSAT and CES ratings take
# QUALITY_SD x the customer's quality there, NPS takes the weighted sum of all of them; the noise shrinks
# so that each metric's latent spread, and so its answer shares, stay as before.
QUALITY_SD = 0.7
DRIVER_WEIGHTS = np.array([0.1, 0.15, 0.3, 0.5, 0.05, 0.45, 0.05])
DRIVERS_STREAM = 17  # the qualities draw from their own stream, so customers and orders stay put (journey: 13)
PAIN_PENALTY = 1.7
PAIN_EXPERIENCE = 0.35  # customers with poorer experiences hit more problems
PEAK_PAIN = 1.5  # late deliveries and phone queues in November-December
PEAK_PAINS = ("late_delivery", "long_wait")
# Pain points: touchpoint and chance per response at experience 0, before any dated change.
PAINS: dict[str, tuple[int, float]] = {
    "slow_site": (sv.WEB, 0.05),
    "search_broken": (sv.WEB, 0.04),
    "app_crash": (sv.APP, 0.07),
    "login_issue": (sv.APP, 0.04),
    "payment_failed": (sv.CHECKOUT, 0.05),
    "promo_code": (sv.CHECKOUT, 0.04),
    "late_delivery": (sv.DELIVERY, 0.17),
    "damaged_item": (sv.DELIVERY, 0.04),
    "wrong_item": (sv.DELIVERY, 0.02),
    "billing_error": (sv.BILLING, 0.09),
    "refund_delay": (sv.BILLING, 0.06),
    "long_wait": (sv.CONTACT, 0.17),
    "transferred": (sv.CONTACT, 0.06),
    "unresolved": (sv.CONTACT, 0.05),
    "onboarding_confusion": (sv.ONBOARDING, 0.1),
    "setup_problem": (sv.ONBOARDING, 0.05),
}
# Target answer shares on a reference normal (mean by metric) give the ordered cuts of the latent
# score; they are set so overall NPS lands near +30, CSAT near 78% and CES near 3.1.
SCORE_SHARES = {
    NPS: (0.035, 0.012, 0.015, 0.02, 0.023, 0.045, 0.05, 0.09, 0.2, 0.215, 0.295),
    CSAT: (0.06, 0.07, 0.1, 0.33, 0.44),
    CES: (0.04, 0.06, 0.1, 0.15, 0.21, 0.27, 0.17),  # effort 7 down to 1
}
REFERENCE_MEAN = {NPS: 0.3, CSAT: 0.05, CES: 0.1}
REFERENCE_SD = 1.45
# A comment is likelier after a problem or a strong feeling; `_mood` gives 0 low, 1 middle, 2 high.
COMMENT_SHARE_AFTER_PAIN = 0.7
COMMENT_SHARE_BY_MOOD = np.array([0.42, 0.16, 0.3])


def _pains(rng: np.random.Generator, touchpoint: np.ndarray, day: np.ndarray, experience: np.ndarray) -> np.ndarray:
    """The pain point each response hit (index into PAINS), or -1."""
    peak = np.where(cal.MONTH[day] >= 10, PEAK_PAIN, 1.0)
    odds = np.exp(-PAIN_EXPERIENCE * experience)
    u = rng.random(len(day))
    upto = np.zeros(len(day))
    pain = np.full(len(day), -1, dtype=np.int16)
    for k, (name, (tp, chance)) in enumerate(PAINS.items()):
        p = np.where(touchpoint == tp, chance * odds, 0.0)
        if name in PEAK_PAINS:
            p *= peak
        if name in PAIN_CHANGES:
            change, factor = PAIN_CHANGES[name]
            p *= 1 + factor * landed(change, day)
        pain[(pain < 0) & (u >= upto) & (u < upto + p)] = k
        upto += p
    return pain


def _scores(metric: np.ndarray, latent: np.ndarray) -> np.ndarray:
    score = np.zeros(len(metric), dtype=np.int64)
    for code, shares in SCORE_SHARES.items():
        reference = NormalDist(REFERENCE_MEAN[code], REFERENCE_SD)
        cuts = [reference.inv_cdf(c) for c in np.cumsum(shares)[:-1]]
        level = np.searchsorted(cuts, latent[metric == code])
        score[metric == code] = {NPS: level, CSAT: 1 + level, CES: 7 - level}[code]
    return score


def _mood(metric: np.ndarray, score: np.ndarray) -> np.ndarray:
    """0 for detractor-like scores, 1 for passive-like, 2 for promoter-like."""
    low = np.select([metric == NPS, metric == CSAT], [score <= 6, score <= 2], score >= 5)
    high = np.select([metric == NPS, metric == CSAT], [score >= 9, score >= 4], score <= 2)
    return np.where(low, 0, np.where(high, 2, 1)).astype(np.int8)


def _themes(rng: np.random.Generator, pain: np.ndarray, touchpoint: np.ndarray, mood: np.ndarray) -> np.ndarray:
    """Which theme each comment takes (-1: no comment)."""
    n = len(pain)
    pain_codes = theme_codes(list(PAINS))
    praise_codes = theme_codes([f"praise:{tp}" for tp in sv.TOUCHPOINTS])
    general = theme_codes(["complaint", "neutral", "praise"])
    theme = general[mood]
    specific_praise = (mood == 2) & (rng.random(n) < 0.6)
    theme = np.where(specific_praise, praise_codes[touchpoint], theme)
    theme = np.where(pain >= 0, pain_codes[np.maximum(pain, 0)], theme)
    share = np.where(pain >= 0, COMMENT_SHARE_AFTER_PAIN, COMMENT_SHARE_BY_MOOD[mood])
    return np.where(rng.random(n) < share, theme, -1).astype(np.int16)


def touchpoint_quality(customers: int, seed: int) -> np.ndarray:
    """Each customer's quality at each touchpoint (customers x touchpoints, standard normal)."""
    return np.random.default_rng((seed, DRIVERS_STREAM)).standard_normal((customers, len(sv.TOUCHPOINTS)))


def _quality_terms(quality: np.ndarray, customer: np.ndarray, touchpoint: np.ndarray, metric: np.ndarray) -> tuple:
    """Each response's share of the planted touchpoint qualities, and its noise scale keeping the spread."""
    nps = metric == NPS
    own = QUALITY_SD * quality[customer, touchpoint]
    term = np.where(nps, quality[customer] @ DRIVER_WEIGHTS, own)
    added = np.where(nps, DRIVER_WEIGHTS @ DRIVER_WEIGHTS, QUALITY_SD**2)
    return term, np.sqrt(NOISE_SD**2 - added)


def generate_responses(
    rng: np.random.Generator, people: Population, orders: OrderEvents, quality: np.ndarray
) -> pl.DataFrame:
    """All survey responses, ids in time order; `quality` is (customers x touchpoints) standard normal."""
    moments = sv.survey_moments(rng, people, orders)
    customer, day, touchpoint = moments.customer, moments.day, moments.touchpoint
    n = len(day)
    metric = choice_by_row(rng, METRIC_BY_STAGE, moments.stage)
    experience = people.experience[customer]
    pain = _pains(rng, touchpoint, day, experience)
    planted, noise_sd = _quality_terms(quality, customer, touchpoint, metric)
    latent = (
        experience
        + TOUCHPOINT_EFFECT[touchpoint]
        + np.where(metric == NPS, experience_shift(day, people.segment[customer]), 0.0)
        - np.where(pain >= 0, PAIN_PENALTY, 0.0)
        + planted
        + noise_sd * rng.standard_normal(n)
    )
    for name, (change, shift) in TOUCHPOINT_SHIFTS.items():
        latent += np.where(touchpoint == sv.TOUCHPOINTS.index(name), shift * landed(change, day), 0.0)
    score = _scores(metric, latent)
    mood = _mood(metric, score)
    theme = _themes(rng, pain, touchpoint, mood)
    comment_mood = np.where(pain >= 0, np.minimum(mood, 1), mood)
    comments = write_comments(rng, theme, comment_mood)
    channel = choice_by_row(rng, CHANNEL_BY_TOUCHPOINT, touchpoint)
    seconds = cal.seconds_of_day(rng, HOURS, np.zeros(n, dtype=np.int64))
    anonymous = rng.random(n) < ANONYMOUS_SHARE

    order = np.argsort(day * 86_400 + seconds, kind="stable")  # time order; ties keep their draw order
    customer_ids = people.ids.gather(pl.Series(customer[order], dtype=pl.UInt32))
    return pl.DataFrame(
        [
            ids("R", n, 8).alias("response_id"),
            customer_ids.set(pl.Series(anonymous[order]), None).alias("customer_id"),
            cal.to_timestamps(day[order], seconds[order], "responded_at"),
            labels(METRICS, metric[order], "metric"),
            pl.Series("score", score[order], dtype=pl.Int64),
            labels(sv.STAGES, moments.stage[order], "journey_stage"),
            labels(sv.TOUCHPOINTS, touchpoint[order], "touchpoint"),
            labels(CHANNELS, channel[order], "channel"),
            comments.gather(pl.Series(order, dtype=pl.UInt32)),
        ]
    )
