"""Key drivers of an outcome: the customer x touchpoint matrix of mean ratings, a model of the outcome on
it, and each touchpoint's share of what the model explains.

Customers rate only the touchpoints they met, so ratings are missing by design. When at least half of the
customers in the model rated every touchpoint, the model uses those complete cases; otherwise each
correlation is taken on the customers who rated both sides (pairwise), a touchpoint rated by fewer than
MIN_PAIR customers alongside another is dropped, and n is reported per touchpoint and for the weakest pair.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import polars as pl

from cxdash.drivers.importance import (
    MAX_SHAPLEY_PREDICTORS,
    nearest_correlation,
    r_squared,
    relative_weights,
    shapley_r2,
)
from cxdash.drivers.outcomes import Outcome, outcome_values
from cxdash.engine.engine import Engine
from cxdash.figures.counts import Filters

MIN_CUSTOMERS = 30  # fewer customers with an outcome and a rating give no model
MIN_PAIR = 20  # fewer customers behind one correlation and its touchpoint is left out
COMPLETE_SHARE = 0.5  # complete cases are used when at least this share of customers rated everything
DRIVER_COLUMNS = {
    "driver": pl.String,
    "importance": pl.Float64,  # share of R-squared (relative weights), adds up to 1
    "shapley": pl.Float64,  # share of R-squared by the exact Shapley decomposition (null past 12 drivers)
    "correlation": pl.Float64,  # with the outcome
    "score": pl.Float64,  # mean rating 0-100 of the customers in the model
    "n": pl.Int64,  # customers in the model who rated it
    "low_share": pl.Float64,  # share of those customers with a low rating there
}


@dataclass(frozen=True)
class DriverModel:
    outcome: Outcome
    drivers: pl.DataFrame  # DRIVER_COLUMNS, most important first
    r_squared: float | None
    customers: int  # customers with the outcome and at least one rating used
    missing: str  # "complete cases" or "pairwise"
    min_pair_n: int
    dropped: list[str] = field(default_factory=list)  # touchpoints too thinly rated
    reason: str | None = None  # why there is no model

    def record(self) -> dict:
        """The CLI's JSON: the fit, then one record per driver."""
        return {
            "outcome": self.outcome.key,
            "outcome_label": self.outcome.label,
            "method": "Johnson's relative weights (importance), exact Shapley decomposition of R-squared (shapley)",
            "r_squared": self.r_squared,
            "n": self.customers,
            "missing": self.missing,
            "min_pair_n": self.min_pair_n,
            "dropped": self.dropped,
            "reason": self.reason,
            "drivers": self.drivers.to_dicts(),
        }


def _empty(outcome: Outcome, reason: str, customers: int = 0) -> DriverModel:
    return DriverModel(outcome, pl.DataFrame(schema=DRIVER_COLUMNS), None, customers, "none", 0, reason=reason)


def _pair_counts(mask: np.ndarray) -> np.ndarray:
    m = mask.astype(np.float64)
    return (m.T @ m).astype(np.int64)


def _correlations(values: np.ndarray) -> np.ndarray:
    """Pearson correlations of the columns, each pair on the rows where both are present."""
    k = values.shape[1]
    present = ~np.isnan(values)
    result = np.eye(k)
    for i in range(k):
        for j in range(i + 1, k):
            both = present[:, i] & present[:, j]
            a, b = values[both, i], values[both, j]
            sa, sb = a.std(), b.std()
            value = 0.0 if sa == 0 or sb == 0 else float(((a - a.mean()) * (b - b.mean())).mean() / (sa * sb))
            result[i, j] = result[j, i] = value
    return result


def _usable(values: np.ndarray, names: list[str]) -> tuple[np.ndarray, list[str], list[str]]:
    """Touchpoints that vary and are rated with every other one by MIN_PAIR customers, thinnest dropped first."""
    keep = [i for i in range(len(names)) if np.nanstd(values[:, i]) > 0]
    dropped = [names[i] for i in range(len(names)) if i not in keep]
    while keep:
        counts = _pair_counts(~np.isnan(values[:, keep]))
        if counts.min() >= MIN_PAIR:
            break
        thinnest = keep[int(np.argmin(np.diag(counts)))]
        dropped.append(names[thinnest])
        keep.remove(thinnest)
    return values[:, keep], [names[i] for i in keep], dropped


def fit_drivers(wide: pl.DataFrame, outcome: Outcome, low: pl.DataFrame | None = None) -> DriverModel:
    """The model on a frame of one row per customer: `y`, then one column of 0-100 ratings per touchpoint
    (null where not rated). `low` (touchpoint, low_share) adds each touchpoint's share of low ratings."""
    names = [c for c in wide.columns if c not in ("customer_id", "y")]
    wide = wide.filter(pl.col("y").is_not_null() & pl.any_horizontal(pl.col(names).is_not_null()))
    if wide.height < MIN_CUSTOMERS or not names:
        return _empty(
            outcome, f"too few customers with both the outcome and a touchpoint rating ({wide.height:,})", wide.height
        )
    if len(names) < 2:
        return _empty(outcome, f"only one touchpoint is rated ({names[0]}), so there is nothing to rank it against")
    if wide["y"].std() == 0:
        return _empty(outcome, "the outcome is the same for every customer", wide.height)
    x = wide.select(names).to_numpy().astype(np.float64)
    y = wide["y"].to_numpy().astype(np.float64)
    complete = ~np.isnan(x).any(axis=1)
    if complete.sum() >= max(MIN_CUSTOMERS, COMPLETE_SHARE * len(y)) and x[complete].std(axis=0).min() > 0:
        missing, x, y, dropped = "complete cases", x[complete], y[complete], []
    else:
        missing = "pairwise"
        x, names, dropped = _usable(x, names)
        if not names:
            return _empty(outcome, f"no touchpoint is rated alongside the others by {MIN_PAIR} customers", len(y))
        used = ~np.isnan(x).all(axis=1)
        x, y = x[used], y[used]
    both = np.column_stack([x, y])
    corr = _correlations(both)
    rxx, rxy = nearest_correlation(corr[:-1, :-1]), corr[:-1, -1]
    fit = r_squared(rxx, rxy)
    weights = relative_weights(rxx, rxy)
    shapley = shapley_r2(rxx, rxy) / fit if len(names) <= MAX_SHAPLEY_PREDICTORS and fit > 0 else None
    rated = ~np.isnan(x)
    drivers = pl.DataFrame(
        {
            "driver": names,
            "importance": weights / fit if fit > 0 else np.zeros(len(names)),
            "shapley": shapley if shapley is not None else [None] * len(names),
            "correlation": rxy,
            "score": [float(np.nanmean(x[:, j])) for j in range(len(names))],
            "n": rated.sum(axis=0).astype(np.int64),
        },
        schema={k: v for k, v in DRIVER_COLUMNS.items() if k != "low_share"},
    )
    low = low if low is not None else pl.DataFrame(schema={"driver": pl.String, "low_share": pl.Float64})
    drivers = drivers.join(low, on="driver", how="left").sort("importance", "driver", descending=[True, False])
    pairs = _pair_counts(rated)
    return DriverModel(outcome, drivers.select(list(DRIVER_COLUMNS)), fit, len(y), missing, int(pairs.min()), dropped)


def key_drivers(engine: Engine, outcome: Outcome, filters: Filters) -> DriverModel:
    """The key drivers of `outcome` for the customers of `filters`, over all the data's answers."""
    ratings = engine.run("driver_ratings", slices=engine.slices(filters), exclude_metric=outcome.exclude_metric)
    if ratings.is_empty():
        return _empty(outcome, "no touchpoint ratings besides the outcome's own answers")
    y = outcome_values(engine, outcome, filters)
    model_customers = ratings.join(y, on="customer_id", how="semi")
    wide = model_customers.pivot(on="touchpoint", index="customer_id", values="rating", sort_columns=True)
    low = model_customers.group_by("touchpoint").agg(
        driver=pl.col("touchpoint").first(), low_share=(pl.col("low") > 0).mean()
    )
    return fit_drivers(wide.join(y, on="customer_id"), outcome, low.select("driver", "low_share"))


QUADRANTS = ("Fix first", "Keep it up", "Watch", "Maintain")


def with_quadrants(drivers: pl.DataFrame) -> pl.DataFrame:
    """Each driver's place on the impact x performance grid, split at the mean importance and mean score:
    high impact and low score is "Fix first"; high and high "Keep it up"; low and low "Watch"; else "Maintain"."""
    if drivers.is_empty():
        return drivers.with_columns(quadrant=pl.lit(None, dtype=pl.String))
    high = pl.col("importance") >= pl.col("importance").mean()
    low_score = pl.col("score") < pl.col("score").mean()
    return drivers.with_columns(
        quadrant=pl.when(high & low_score)
        .then(pl.lit(QUADRANTS[0]))
        .when(high)
        .then(pl.lit(QUADRANTS[1]))
        .when(low_score)
        .then(pl.lit(QUADRANTS[2]))
        .otherwise(pl.lit(QUADRANTS[3]))
    )
