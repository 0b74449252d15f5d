"""The best group's uplift over the worst, adjusted for segment, region, tenure and prior spend.

Spend: a GLM with a Tweedie distribution (variance power 1.5) and a log link, the usual fit for spend
with many zeros and a long right tail; exp(coefficient) of the best group is its spend over the worst
group's at the same segment, region, tenure and prior spend. Retention: the same log-link GLM with a
Poisson family on the 0/1 outcome ("modified Poisson", Zou 2004), whose exp(coefficient) is a ratio of
shares. Both with heteroskedasticity-robust (HC1) standard errors, so the intervals do not rest on the
distribution being right. 12-month spend below zero (refunds beyond purchases) is taken as 0 in the
model only. An association still: adjustment removes the differences the covariates measure, not the
ones they do not.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import polars as pl
import statsmodels.api as sm

from cxdash.figures.metrics import Z95
from cxdash.uplift.estimates import Estimate

COVARIATES = ("segment", "region")  # customer dimensions adjusted for, where the data has them
MAX_ROWS = 200_000  # larger bases are fitted on a fixed random subset of this many customers
SEED = 7
MIN_PER_GROUP = 10
SPEND_MODEL = "GLM Tweedie (power 1.5), log link, HC1 robust standard errors"
RETENTION_MODEL = "GLM Poisson (modified Poisson), log link, HC1 robust standard errors"


@dataclass(frozen=True)
class Adjusted:
    revenue_ratio: Estimate
    retention_ratio: Estimate
    adjusted_for: tuple[str, ...]
    note: str  # why a ratio is missing, or how the rows were thinned; empty otherwise


def _design(rows: pl.DataFrame, best: str, worst: str, covariates: list[str]) -> np.ndarray:
    """Intercept, the best group and every group between (against the worst), dummies of each
    covariate (first level left out), log(1 + tenure in years) and log(1 + prior spend)."""
    groups = [g for g in rows["experience"].unique(maintain_order=True).to_list() if g != worst]
    columns = [np.ones(rows.height)]
    columns += [(rows["experience"] == g).to_numpy().astype(float) for g in sorted(groups, key=lambda g: g != best)]
    for name in covariates:
        values = rows[name].fill_null("(none)")
        for level in sorted(values.unique().to_list())[1:]:
            columns.append((values == level).to_numpy().astype(float))
    columns.append(np.log1p(rows["tenure_days"].to_numpy() / 365))
    columns.append(np.log1p(np.clip(rows["spend_before"].to_numpy(), 0, None)))
    return np.column_stack(columns)


def _ratio(y: np.ndarray, x: np.ndarray, family: sm.families.Family) -> Estimate:
    """exp of column 1's coefficient (the best group) with its robust 95% interval."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fit = sm.GLM(y, x, family=family).fit(cov_type="HC1")
    coef, se = float(fit.params[1]), float(fit.bse[1])
    if not np.isfinite(coef) or not np.isfinite(se):
        return Estimate.missing(len(y))
    return Estimate(float(np.exp(coef)), float(np.exp(coef - Z95 * se)), float(np.exp(coef + Z95 * se)), len(y))


def _fit(rows: pl.DataFrame, outcome: str, best: str, worst: str, covariates: list[str]) -> Estimate:
    data = rows.filter(pl.col(outcome).is_not_null() & pl.col("spend_before").is_not_null())
    sizes = data.group_by("experience").len()
    count = dict(zip(sizes["experience"], sizes["len"], strict=True))
    if min(count.get(best, 0), count.get(worst, 0)) < MIN_PER_GROUP:
        return Estimate.missing(data.height)
    x = _design(data, best, worst, [c for c in covariates if data[c].n_unique() > 1])
    y = data[outcome].cast(pl.Float64).to_numpy()
    if outcome == "spend_after":
        family = sm.families.Tweedie(var_power=1.5, link=sm.families.links.Log())
        y = np.clip(y, 0, None)
    else:
        family = sm.families.Poisson(link=sm.families.links.Log())
    if np.linalg.matrix_rank(x) < x.shape[1] or not y.any():
        return Estimate.missing(data.height)
    try:
        return _ratio(y, x, family)
    except (np.linalg.LinAlgError, ValueError, FloatingPointError):
        return Estimate.missing(data.height)


def adjusted_uplift(rows: pl.DataFrame, best: str, worst: str) -> Adjusted:
    """The best group over the worst, adjusted (see the module's docstring) on eligible customers."""
    covariates = [c for c in COVARIATES if c in rows.columns]
    eligible = rows.filter(pl.col("eligible"))
    note = ""
    if eligible.height > MAX_ROWS:
        eligible = eligible.sample(MAX_ROWS, seed=SEED)
        note = f"Fitted on a random {MAX_ROWS:,} of the eligible customers."
    revenue = _fit(eligible, "spend_after", best, worst, covariates)
    retention = _fit(eligible, "retained_12m", best, worst, covariates)
    adjusted_for = (*covariates, "tenure", "prior spend")
    return Adjusted(revenue, retention, adjusted_for, note)
