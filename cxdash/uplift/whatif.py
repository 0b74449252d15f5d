"""Value at stake over the next 12 months, with the arithmetic shown: moving a share of one group's
customers to the next group, shifting the mean score, and the revenue at risk from today's worst group.

Each takes today's active customers of the group and the gaps the data measured over 12 months after an
answer. It assumes a moved customer comes to spend and stay like the group they join: the raw gap is an
association, so these are upper bounds of what a change in experience alone would bring.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import polars as pl
import statsmodels.api as sm

from cxdash.figures.formatting import format_money
from cxdash.figures.metrics import Z95
from cxdash.uplift.estimates import Estimate, difference_of_means
from cxdash.uplift.groups import GroupFigures


@dataclass(frozen=True)
class WhatIf:
    customers: float  # customers moved, or affected
    revenue: Estimate  # revenue over 12 months
    retained: Estimate  # customers still there after 12 months (None where not measured)
    steps: list[str]  # the arithmetic, in words


def _scaled(estimate: Estimate, factor: float) -> Estimate:
    if estimate.value is None:
        return estimate
    ends = [None if v is None else v * factor for v in (estimate.low, estimate.high)]
    low, high = (min(ends), max(ends)) if None not in ends else (None, None)
    return Estimate(estimate.value * factor, low, high, estimate.n)


def _money(value: float | None, currency: str) -> str:
    return "–" if value is None else format_money(value, currency)


def _interval(estimate: Estimate, shown) -> str:
    if estimate.low is None:
        return ""
    return f" (95% interval {shown(estimate.low)} to {shown(estimate.high)})"


def move_share(source: GroupFigures, target: GroupFigures, share: float, currency: str) -> WhatIf:
    """Move `share` (0-1) of `source`'s active customers to `target`: moved x (target - source) figure."""
    moved = share * source.active_customers
    gap = difference_of_means(target.revenue, source.revenue)
    revenue = _scaled(gap, moved)
    retained = _scaled(difference_of_means(target.retained, source.retained), moved)
    money = lambda v: _money(v, currency)  # noqa: E731
    steps = [
        f"{share:.0%} of {source.active_customers:,} active {source.group} customers = {moved:,.0f} customers moved.",
        f"Revenue per customer in 12 months: {target.group} {money(target.revenue.mean)} − {source.group} "
        f"{money(source.revenue.mean)} = {money(gap.value)} "
        f"each; × {moved:,.0f} = {money(revenue.value)}{_interval(revenue, money)}.",
    ]
    if retained.value is not None:
        count = lambda v: f"{v:,.0f}"  # noqa: E731
        steps.append(
            f"Retained after 12 months: {target.group} {target.retained.mean:.1%} − {source.group} "
            f"{source.retained.mean:.1%}; × {moved:,.0f} = {retained.value:,.0f} more customers kept"
            f"{_interval(retained, count)}."
        )
    return WhatIf(moved, revenue, retained, steps)


def _slope(rows: pl.DataFrame, outcome: str) -> Estimate:
    """OLS slope of `outcome` on the score per point, HC1 robust interval (eligible, measured customers)."""
    data = rows.filter(pl.col("eligible") & pl.col(outcome).is_not_null())
    if data.height < 3 or data["score"].n_unique() < 2:
        return Estimate.missing(data.height)
    x = sm.add_constant(data["score"].cast(pl.Float64).to_numpy())
    fit = sm.OLS(data[outcome].cast(pl.Float64).to_numpy(), x).fit(cov_type="HC1")
    slope, se = float(fit.params[1]), float(fit.bse[1])
    if not np.isfinite(se):
        return Estimate(slope, None, None, data.height)
    return Estimate(slope, slope - Z95 * se, slope + Z95 * se, data.height)


def shift_score(rows: pl.DataFrame, change: float, label: str, currency: str) -> WhatIf:
    """Shift the mean score of today's active customers who answered by `change` points, valued at the
    per-point slope of 12-month revenue (and retention) on the first answer's score: a straight line
    through every score, so a rough guide where the groups' gaps are uneven."""
    active = int(rows["active"].sum())
    revenue_slope, retained_slope = _slope(rows, "spend_after"), _slope(rows, "retained_12m")
    factor = active * change
    revenue, retained = _scaled(revenue_slope, factor), _scaled(retained_slope, factor)
    money = lambda v: _money(v, currency)  # noqa: E731
    steps = [
        f"{active:,} active customers who answered × {change:+.2f} {label} points = {factor:+,.0f} customer-points.",
        f"Each point goes with {money(revenue_slope.value)} more revenue in 12 months (straight-line fit over "
        f"{revenue_slope.n:,} customers); × {factor:+,.0f} = {money(revenue.value)}{_interval(revenue, money)}.",
    ]
    if retained.value is not None:
        count = lambda v: f"{v:,.0f}"  # noqa: E731
        steps.append(
            f"Each point goes with {100 * retained_slope.value:+.2f} pp retention; × {factor:+,.0f} = "
            f"{retained.value:+,.0f} customers kept{_interval(retained, count)}."
        )
    return WhatIf(active, revenue, retained, steps)


def revenue_at_risk(worst: GroupFigures, currency: str) -> WhatIf:
    """Today's active customers of the worst group × the share of that group gone within 12 months ×
    its revenue per customer over 12 months: the spend walking out with the ones expected to leave.
    Its interval joins both figures' relative errors (delta method, independent)."""
    n, spend, kept = worst.active_customers, worst.revenue, worst.retained
    if not spend.n or not kept.n or spend.mean is None or spend.mean <= 0 or kept.mean >= 1:
        return WhatIf(n, Estimate.missing(spend.n), Estimate.missing(kept.n), [])
    leave = 1 - kept.mean
    value = n * leave * spend.mean
    rel = math.sqrt(spend.variance / (spend.n * spend.mean**2) + kept.mean / (kept.n * leave))
    revenue = Estimate(value, value * math.exp(-Z95 * rel), value * math.exp(Z95 * rel), spend.n)
    lost = Estimate(n * leave, None, None, kept.n)
    money = lambda v: _money(v, currency)  # noqa: E731
    steps = [
        f"{n:,} active {worst.group} customers × {leave:.1%} of {worst.group} customers gone within 12 months "
        f"= {n * leave:,.0f} expected to leave.",
        f"× {money(spend.mean)} revenue per {worst.group} customer in 12 months = {money(value)}"
        f"{_interval(revenue, money)}.",
    ]
    return WhatIf(n, revenue, lost, steps)
