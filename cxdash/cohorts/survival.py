"""Kaplan-Meier survival from lifetimes aggregated in SQL, and the log-rank test between groups.

The queries return a few hundred or thousand rows (group, entry, duration, churned, customers) however
many customers there are; each row weighs as many customers as it counts. Times are whole months or days
(discrete), and `entry` is the first one in which a customer's churn could be seen (left truncation), so a
customer is at risk at t when entry <= t <= duration; a snapshot that recorded churn only from some month on
(Telco) is then read as the life table it is, each tenure's churn over the customers seen at that tenure.
(lifelines' continuous time counts an entrant at risk only after its entry: the same as entry - 1/2 here.)
The product-limit estimate, its exponential Greenwood band and
the log-rank test are computed here from those risk sets, because lifelines refuses a life table whose
risk set empties between entries ("too few early truncation times") and its tests take no entry;
tests/test_survival.py checks every figure against lifelines where lifelines applies. Time is in months
(frames carry `months` and `entry_months`; `analysis.lifetimes` converts the queries' units).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl
from scipy.stats import chi2

MARKS = (6, 12)  # months at which the share still a customer is reported
MIN_CUSTOMERS = 30  # below this a group's curve is not drawn: too few to say anything
Z95 = 1.959963984540054  # lifelines' 95% band uses the exact normal quantile


@dataclass(frozen=True)
class Share:
    value: float
    low: float
    high: float


@dataclass(frozen=True)
class Curve:
    """One group's survival: the step points (months, survival, low, high, at_risk) from time 0."""

    group: str
    customers: int
    churned: int
    points: pl.DataFrame
    median: float | None  # months until half are gone; None while more than half remain
    median_low: float | None
    median_high: float | None  # None: the band's upper edge never falls to one half
    shares: dict[int, Share | None]  # MARKS -> share left then; None beyond the longest lifetime seen

    def restricted_mean(self, horizon: float) -> float | None:
        """Expected months as a customer within `horizon` (the area under the steps up to it); None when
        the curve stops before it."""
        times, survival = self.points["months"].to_numpy(), self.points["survival"].to_numpy()
        if not len(times) or times[-1] < horizon:
            return None
        edges = np.append(np.clip(times, None, horizon), horizon)
        return float(np.sum(survival * np.diff(edges)))


@dataclass(frozen=True)
class LogRank:
    statistic: float
    dof: int
    p_value: float


def _arrays(rows: pl.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Durations and entries in months, events, weights."""
    return (
        rows["months"].to_numpy().astype(float),
        rows["entry_months"].to_numpy().astype(float),
        rows["churned"].to_numpy().astype(bool),
        rows["customers"].to_numpy().astype(float),
    )


def risk_table(
    durations: np.ndarray, entries: np.ndarray, events: np.ndarray, weights: np.ndarray, times: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Customers at risk (entry <= t <= duration) and churned at each of `times`, weighted."""
    order_e, order_d = np.argsort(entries), np.argsort(durations)
    entered = np.concatenate([[0.0], np.cumsum(weights[order_e])])[
        np.searchsorted(entries[order_e], times, side="right")
    ]
    left = np.concatenate([[0.0], np.cumsum(weights[order_d])])[np.searchsorted(durations[order_d], times, side="left")]
    dead = events & np.isin(durations, times)
    deaths = np.bincount(np.searchsorted(times, durations[dead]), weights=weights[dead], minlength=len(times))
    return entered - left, deaths


def _first_at_or_below(times: np.ndarray, values: np.ndarray, level: float) -> float | None:
    below = np.nonzero(values <= level)[0]
    return float(times[below[0]]) if len(below) else None


def fit_curve(rows: pl.DataFrame, group: str) -> Curve:
    """The Kaplan-Meier fit of one group's aggregated rows (months, entry_months, churned, customers)."""
    durations, entries, events, weights = _arrays(rows)
    times = np.unique(np.concatenate([[0.0], durations]))
    at_risk, deaths = risk_table(durations, entries, events, weights, times)
    with np.errstate(divide="ignore", invalid="ignore"):
        hazard = np.where(at_risk > 0, deaths / at_risk, 0.0)
        survival = np.cumprod(1 - hazard)
        greenwood = np.cumsum(np.where(at_risk > deaths, deaths / (at_risk * (at_risk - deaths)), 0.0))
        log_s = np.log(survival)
        spread = Z95 * np.sqrt(greenwood) / log_s
        low = np.exp(-np.exp(np.log(-log_s) - spread))
        high = np.exp(-np.exp(np.log(-log_s) + spread))
    low, high = np.where(np.isfinite(low), low, survival), np.where(np.isfinite(high), high, survival)
    points = pl.DataFrame(
        {"months": times, "survival": survival, "low": np.minimum(low, high), "high": np.maximum(low, high)}
    ).with_columns(at_risk=pl.Series(at_risk))
    longest = float(durations.max()) if len(durations) else 0.0
    shares = {m: _share(points, m) if m <= longest else None for m in MARKS}
    return Curve(
        group=group,
        customers=round(float(weights.sum())),
        churned=round(float(weights[events].sum())),
        points=points,
        median=_first_at_or_below(times, survival, 0.5),
        median_low=_first_at_or_below(times, points["low"].to_numpy(), 0.5),
        median_high=_first_at_or_below(times, points["high"].to_numpy(), 0.5),
        shares=shares,
    )


def _share(points: pl.DataFrame, months: float) -> Share:
    """The step function's value (and band) at `months`: the last step at or before it."""
    row = points.filter(pl.col("months") <= months).tail(1).row(0, named=True)
    return Share(row["survival"], row["low"], row["high"])


def fit_curves(rows: pl.DataFrame, min_customers: int = MIN_CUSTOMERS) -> list[Curve]:
    """One curve per group (column group_name) with at least `min_customers`, in the rows' group order
    (rank for experience groups, name for dimensions)."""
    return [
        fit_curve(part, str(group))
        for (group,), part in rows.group_by("group_name", maintain_order=True)
        if part["customers"].sum() >= min_customers
    ]


def logrank(rows: pl.DataFrame, groups: list[str] | None = None) -> LogRank | None:
    """The log-rank test that every group has the same hazard (chi-squared on groups - 1 degrees of
    freedom), on the same weighted risk sets as the curves. None with fewer than two groups or no churn."""
    if groups is not None:
        rows = rows.filter(pl.col("group_name").is_in(groups))
    names = rows["group_name"].unique(maintain_order=True).to_list()
    durations, entries, events, weights = _arrays(rows)
    if len(names) < 2 or not events.any():
        return None
    which = np.array([names.index(g) for g in rows["group_name"].to_list()])
    times = np.unique(durations[events])
    tables = [
        risk_table(durations[which == g], entries[which == g], events[which == g], weights[which == g], times)
        for g in range(len(names))
    ]
    at_risk = np.column_stack([t[0] for t in tables])
    deaths = np.column_stack([t[1] for t in tables])
    n, d_all = at_risk.sum(axis=1), deaths.sum(axis=1)
    keep = n > 0
    at_risk, deaths, n, d_all = at_risk[keep], deaths[keep], n[keep], d_all[keep]
    observed_minus_expected = (deaths - at_risk * (d_all / n)[:, None]).sum(axis=0)
    factor = np.where(n > 1, d_all * (n - d_all) / np.maximum(n - 1, 1) / n**2, 0.0)
    variance = np.einsum("t,tg,th->gh", factor, at_risk, -at_risk)
    variance[np.diag_indices_from(variance)] += (factor * n * at_risk.T).sum(axis=1)
    z, v = observed_minus_expected[:-1], variance[:-1, :-1]
    statistic = float(z @ np.linalg.pinv(v) @ z)
    dof = len(names) - 1
    return LogRank(statistic, dof, float(chi2.sf(statistic, dof)))
