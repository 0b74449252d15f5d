"""The estimators on synthetic customers with a known planted effect: the adjusted GLM recovers the effect
within its interval where spend is confounded by segment and prior spend, and finds none where none was
planted; the raw ratio's delta-method interval agrees with a bootstrap; the what-if arithmetic by hand."""

from __future__ import annotations

import math

import numpy as np
import polars as pl
import pytest

from cxdash.uplift.adjusted import adjusted_uplift
from cxdash.uplift.estimates import Sums, bootstrap_mean, difference_of_means, mean_estimate, ratio_of_means
from cxdash.uplift.groups import GroupFigures, group_figures
from cxdash.uplift.whatif import move_share, revenue_at_risk, shift_score

GROUPS = ("promoter", "passive", "detractor")


def _customers(spend_effect: float, keep_effect: float, n: int = 6000, seed: int = 5) -> pl.DataFrame:
    """Enterprise customers are likelier promoters and spend 3x: a raw gap that is partly segment. Spend is
    gamma with mean base x segment x (prior spend)^0.3 x spend_effect for promoters (against detractors)."""
    rng = np.random.default_rng(seed)
    enterprise = rng.random(n) < 0.3
    p_promoter = np.where(enterprise, 0.6, 0.3)
    u = rng.random(n)
    group = np.where(u < p_promoter, 0, np.where(u < p_promoter + 0.3, 1, 2))
    prior = rng.gamma(2.0, 150.0, n) * np.where(enterprise, 3, 1)
    effect = np.array([spend_effect, math.sqrt(spend_effect), 1.0])[group]
    mean = 50 * np.where(enterprise, 3.0, 1.0) * (1 + prior) ** 0.3 * effect
    spend = rng.gamma(1.5, mean / 1.5) * (rng.random(n) > 0.2)  # a fifth buy nothing
    keep = 0.5 * np.where(enterprise, 1.2, 1.0) * np.array([keep_effect, 1.0, 1.0])[group]
    return pl.DataFrame(
        {
            "experience": np.array(GROUPS)[group],
            "rank": group + 1,
            "score": np.array([9, 7, 3])[group],
            "eligible": np.ones(n, dtype=bool),
            "active": rng.random(n) < 0.7,
            "spend_before": prior,
            "spend_after": spend / 0.8,  # mean stays `mean` with the zeros
            "orders_after": rng.poisson(3, n),
            "retained_12m": rng.random(n) < keep,
            "tenure_days": rng.integers(30, 2000, n),
            "segment": np.where(enterprise, "Enterprise", "SMB"),
            "region": np.array(["North", "South"])[rng.integers(0, 2, n)],
        }
    )


SEEDS = range(10)


@pytest.mark.parametrize(("spend_effect", "keep_effect"), [(1.6, 1.3), (1.0, 1.0)])
def test_the_adjusted_model_recovers_a_planted_effect(spend_effect, keep_effect):
    """Over ten synthetic bases the estimates centre on the planted ratio and most intervals hold it.
    Measured on 100 more bases of this design, the HC1 interval held the planted spend ratio 91 times (its
    standard error about a tenth below the spread of the estimates, with heavy-tailed spend): 7 of 10 asked."""
    fits = [
        adjusted_uplift(_customers(spend_effect, keep_effect, seed=seed), "promoter", "detractor") for seed in SEEDS
    ]
    for name, truth in (("revenue_ratio", spend_effect), ("retention_ratio", keep_effect)):
        found = [getattr(fit, name) for fit in fits]
        centre = math.exp(np.mean([math.log(f.value) for f in found]))
        assert centre == pytest.approx(truth, rel=0.03), (name, centre)
        assert sum(f.low < truth < f.high for f in found) >= 7, (name, found)
    rows = _customers(spend_effect, keep_effect)
    raw = group_figures(rows)
    raw_ratio = ratio_of_means(raw[0].revenue, raw[-1].revenue)
    assert raw_ratio.value > spend_effect * 1.3, "the raw gap is inflated by segment: the case adjustment is for"


def test_no_adjustment_column_is_made_up():
    rows = _customers(1.0, 1.0).drop("segment", "region")
    adjusted = adjusted_uplift(rows, "promoter", "detractor")
    assert adjusted.adjusted_for == ("tenure", "prior spend")
    assert adjusted.revenue_ratio.value is not None


def test_the_ratio_interval_agrees_with_a_bootstrap():
    rng = np.random.default_rng(1)
    top, bottom = rng.lognormal(5.0, 1.0, 800), rng.lognormal(4.6, 1.0, 600)
    found = ratio_of_means(Sums(top.sum(), (top**2).sum(), 800), Sums(bottom.sum(), (bottom**2).sum(), 600))
    assert found.value == pytest.approx(top.mean() / bottom.mean())
    boot = [rng.choice(top, 800).mean() / rng.choice(bottom, 600).mean() for _ in range(4000)]
    low, high = np.percentile(boot, [2.5, 97.5])
    assert found.low == pytest.approx(low, rel=0.03) and found.high == pytest.approx(high, rel=0.03)


def test_a_mostly_zero_spend_keeps_its_interval_above_zero():
    """Olist-like: almost no one buys again. The t interval of such a mean reaches below zero; the bootstrap
    percentile interval the groups use cannot."""
    values = np.array([0.0] * 620 + [40.0, 90.0, 150.0, 310.0])
    t_interval = mean_estimate(Sums(values.sum(), (values**2).sum(), len(values)))
    found = bootstrap_mean(values)
    assert t_interval.low < 0 <= found.low < found.value < found.high
    assert found.value == pytest.approx(values.mean())


def _group(name: str, rank: int, spend: list[float], kept: list[int], active: int) -> GroupFigures:
    from cxdash.uplift.estimates import mean_estimate, share_estimate

    revenue = Sums(sum(spend), sum(v * v for v in spend), len(spend))
    retained = Sums(sum(kept), sum(kept), len(kept))
    empty = mean_estimate(Sums(0, 0, 0))
    return GroupFigures(
        name, rank, len(spend), active, mean_estimate(revenue), empty, empty,
        share_estimate(sum(kept), len(kept)), revenue, retained,
    )  # fmt: skip


def test_move_a_share_of_detractors_by_hand():
    detractor = _group("detractor", 3, [100, 200, 300], [1, 0, 0], active=50)  # mean 200, var 10,000
    passive = _group("passive", 2, [300, 500], [1, 1], active=20)  # mean 400, var 20,000
    found = move_share(detractor, passive, 0.10, "EUR")
    assert found.customers == pytest.approx(5)  # 10% of 50
    assert found.revenue.value == pytest.approx(5 * (400 - 200))  # 1,000
    half = 1.96 * 5 * math.sqrt(20_000 / 2 + 10_000 / 3)
    assert (found.revenue.low, found.revenue.high) == pytest.approx((1000 - half, 1000 + half))
    assert found.retained.value == pytest.approx(5 * (1 - 1 / 3))
    assert "10% of 50 active detractor customers = 5 customers moved." in found.steps[0]
    assert "€400.00 − detractor €200.00 = €200.00 each; × 5 = €1,000.00" in found.steps[1]
    assert difference_of_means(passive.revenue, detractor.revenue).value == 200


def test_revenue_at_risk_by_hand():
    detractor = _group("detractor", 3, [100, 200, 300], [1, 0, 0], active=50)
    risk = revenue_at_risk(detractor, "USD")
    assert risk.revenue.value == pytest.approx(50 * (2 / 3) * 200)  # 6,666.67
    assert risk.retained.value == pytest.approx(50 * 2 / 3)
    assert "$6,666.67" in risk.steps[1]


def test_shift_the_mean_score_by_hand():
    rows = pl.DataFrame(
        {
            "score": [1, 2, 3, 4, 5, 5],
            "eligible": [True] * 6,
            "active": [True, True, False, True, True, False],
            "spend_after": [10.0, 30.0, 20.0, 50.0, 60.0, 70.0],
            "retained_12m": [False, False, True, True, True, True],
        }
    )
    slope = np.polyfit(rows["score"].to_numpy(), rows["spend_after"].to_numpy(), 1)[0]
    found = shift_score(rows, 0.2, "CSAT", "USD")
    assert found.customers == 4
    assert found.revenue.value == pytest.approx(4 * 0.2 * slope)
    assert found.revenue.low < found.revenue.value < found.revenue.high
