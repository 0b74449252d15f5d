"""Kaplan-Meier survival from lifetimes aggregated in SQL, and the log-rank test between groups.

The queries return a few thousand rows (group, entry, duration, churned, customers) however many
customers there are; lifelines fits them with `weights` (the same estimate as one row per customer) and
`entry` (left truncation: a customer counts at risk only from the day churn was observed, or from their
survey answer). Time is in months of 365.25 / 12 days. The log-rank test is computed here from the same
risk sets, because lifelines' tests take no `entry`; without entry it equals lifelines'
`multivariate_logrank_test` (tests/test_survival.py).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import polars as pl
from lifelines import KaplanMeierFitter
from scipy.stats import chi2

from cxdash.cohorts.months import DAYS_PER_MONTH

MARKS = (6, 12)  # months at which the share still a customer is reported
MIN_CUSTOMERS = 30  # below this a group's curve is not drawn: too few to say anything


@dataclass(frozen=True)
class Share:
    value: float
    low: float
    high: float


@dataclass(frozen=True)
class Curve:
    """One group's survival: the step points (months, share left, 95% band, customers still at risk)."""

    group: str
    customers: int
    churned: int
    points: pl.DataFrame  # months, survival, low, high, at_risk
    median: float | None  # months until half are gone; None while more than half remain
    median_low: float | None
    median_high: float | None
    shares: dict[int, Share | None]  # MARKS -> share left then; None beyond the longest lifetime seen
    fitter: KaplanMeierFitter


@dataclass(frozen=True)
class LogRank:
    statistic: float
    dof: int
    p_value: float


def _arrays(rows: pl.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Durations and entries in months, events, weights."""
    return (
        rows["days"].to_numpy().astype(float) / DAYS_PER_MONTH,
        rows["entry_days"].to_numpy().astype(float) / DAYS_PER_MONTH,
        rows["churned"].to_numpy().astype(bool),
        rows["customers"].to_numpy().astype(float),
    )


def _finite(value: float) -> float | None:
    return float(value) if value is not None and math.isfinite(value) else None


def fit_curve(rows: pl.DataFrame, group: str) -> Curve:
    """The Kaplan-Meier fit of one group's aggregated rows (columns days, entry_days, churned, customers)."""
    durations, entries, events, weights = _arrays(rows)
    fitter = KaplanMeierFitter(label=group)
    has_entry = bool((entries > 0).any())
    fitter.fit(durations, events, entry=entries if has_entry else None, weights=weights)
    survival = fitter.survival_function_.iloc[:, 0]
    band = fitter.confidence_interval_survival_function_
    points = pl.DataFrame(
        {
            "months": survival.index.to_numpy(),
            "survival": survival.to_numpy(),
            "low": band.iloc[:, 0].to_numpy(),
            "high": band.iloc[:, 1].to_numpy(),
            "at_risk": fitter.event_table["at_risk"].reindex(survival.index).to_numpy(),
        }
    )
    median_band = _median_band(fitter)
    longest = float(durations.max()) if len(durations) else 0.0
    shares = {m: _share(points, m) if m <= longest else None for m in MARKS}
    return Curve(
        group=group,
        customers=round(float(weights.sum())),
        churned=round(float(weights[events].sum())),
        points=points,
        median=_finite(fitter.median_survival_time_),
        median_low=median_band[0],
        median_high=median_band[1],
        shares=shares,
        fitter=fitter,
    )


def _median_band(fitter: KaplanMeierFitter) -> tuple[float | None, float | None]:
    """The 95% interval of the median lifetime: where the band's edges cross one half."""
    from lifelines.utils import median_survival_times

    found = median_survival_times(fitter.confidence_interval_)
    return _finite(found.iloc[0, 0]), _finite(found.iloc[0, 1])


def _share(points: pl.DataFrame, months: float) -> Share:
    """The step function's value (and band) at `months`: the last step at or before it."""
    row = points.filter(pl.col("months") <= months).tail(1).row(0, named=True)
    return Share(row["survival"], row["low"], row["high"])


def fit_curves(rows: pl.DataFrame, min_customers: int = MIN_CUSTOMERS) -> list[Curve]:
    """One curve per group (column group_name) with at least `min_customers`, in the rows' group order
    (rank for experience groups, name for dimensions)."""
    curves = []
    for (group,), part in rows.group_by("group_name", maintain_order=True):
        if part["customers"].sum() >= min_customers:
            curves.append(fit_curve(part, str(group)))
    return curves


def logrank(rows: pl.DataFrame, groups: list[str] | None = None) -> LogRank | None:
    """The log-rank test that every group has the same hazard (chi-squared on groups - 1 degrees of
    freedom), with weights and delayed entry: at each churn time a group's customers at risk are those who
    entered at or before it and had not left before it. None with fewer than two groups or no churn."""
    if groups is not None:
        rows = rows.filter(pl.col("group_name").is_in(groups))
    names = rows["group_name"].unique(maintain_order=True).to_list()
    durations, entries, events, weights = _arrays(rows)
    if len(names) < 2 or not events.any():
        return None
    which = np.array([names.index(g) for g in rows["group_name"].to_list()])
    times = np.unique(durations[events])
    at_risk = np.zeros((len(times), len(names)))
    deaths = np.zeros((len(times), len(names)))
    for g in range(len(names)):
        mine = which == g
        d, e, w, ev = durations[mine], entries[mine], weights[mine], events[mine]
        order_e, order_d = np.argsort(e), np.argsort(d)
        entered = np.concatenate([[0.0], np.cumsum(w[order_e])])[np.searchsorted(e[order_e], times, side="right")]
        left = np.concatenate([[0.0], np.cumsum(w[order_d])])[np.searchsorted(d[order_d], times, side="left")]
        at_risk[:, g] = entered - left
        dead = ev & np.isin(d, times)
        deaths[:, g] = np.bincount(np.searchsorted(times, d[dead]), weights=w[dead], minlength=len(times))
    n, d_all = at_risk.sum(axis=1), deaths.sum(axis=1)
    keep = n > 0
    at_risk, deaths, n, d_all = at_risk[keep], deaths[keep], n[keep], d_all[keep]
    expected = at_risk * (d_all / n)[:, None]
    observed_minus_expected = (deaths - expected).sum(axis=0)
    factor = np.where(n > 1, d_all * (n - d_all) / np.maximum(n - 1, 1) / n**2, 0.0)
    variance = np.einsum("t,tg,th->gh", factor, at_risk, -at_risk)
    variance[np.diag_indices_from(variance)] += (factor * n * at_risk.T).sum(axis=1)
    z, v = observed_minus_expected[:-1], variance[:-1, :-1]
    statistic = float(z @ np.linalg.pinv(v) @ z)
    dof = len(names) - 1
    return LogRank(statistic, dof, float(chi2.sf(statistic, dof)))
