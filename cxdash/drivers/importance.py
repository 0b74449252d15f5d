"""Relative importance of correlated predictors, from their correlations alone.

Ordinary regression weights swing when ratings are correlated (a customer who likes delivery tends to
like checkout too), so importance here is a share of the explained variance R-squared:
- Johnson's relative weights (Johnson 2000): the predictors are replaced by their closest orthogonal
  counterparts, whose shares add up to R-squared exactly. Fast for any number of predictors.
- The exact Shapley decomposition of R-squared (also called dominance or LMG): each predictor's gain in
  R-squared averaged over every order of entry. 2^p regressions, so only for few predictors; it serves as a
  second method to cross-check the first.
Both take a correlation matrix, so missing ratings can be handled pairwise (see `correlations`).
"""

from __future__ import annotations

from itertools import combinations
from math import factorial

import numpy as np

MAX_SHAPLEY_PREDICTORS = 12  # 4,096 small regressions: well under a second


def nearest_correlation(matrix: np.ndarray) -> np.ndarray:
    """The matrix with negative eigenvalues clipped to zero and unit diagonal: a pairwise correlation
    matrix (each pair on its own customers) need not be positive semi-definite."""
    values, vectors = np.linalg.eigh((matrix + matrix.T) / 2)
    if values.min() >= 0:
        return matrix
    fixed = vectors @ np.diag(np.clip(values, 1e-9, None)) @ vectors.T
    scale = np.sqrt(np.diag(fixed))
    return fixed / np.outer(scale, scale)


def r_squared(rxx: np.ndarray, rxy: np.ndarray) -> float:
    """R-squared of the regression of y on the predictors, from their correlations."""
    if len(rxy) == 0:
        return 0.0
    beta = np.linalg.lstsq(rxx, rxy, rcond=None)[0]
    return float(rxy @ beta)


def relative_weights(rxx: np.ndarray, rxy: np.ndarray) -> np.ndarray:
    """Johnson's raw relative weights: one per predictor, adding up to R-squared."""
    values, vectors = np.linalg.eigh(rxx)
    root = vectors @ np.diag(np.sqrt(np.clip(values, 0, None))) @ vectors.T  # predictors on orthogonal Z
    beta = np.linalg.lstsq(root, rxy, rcond=None)[0]  # y on Z (Z orthonormal: correlations are weights)
    return (root**2) @ (beta**2)


def shapley_r2(rxx: np.ndarray, rxy: np.ndarray) -> np.ndarray:
    """Each predictor's average gain in R-squared over all orders of entry (exact, 2^p regressions)."""
    p = len(rxy)
    if p > MAX_SHAPLEY_PREDICTORS:
        raise ValueError(f"exact Shapley takes at most {MAX_SHAPLEY_PREDICTORS} predictors, got {p}")
    fit = {(): 0.0}
    for size in range(1, p + 1):
        for subset in combinations(range(p), size):
            index = list(subset)
            fit[subset] = r_squared(rxx[np.ix_(index, index)], rxy[index])
    shares = np.zeros(p)
    for subset, value in fit.items():
        if len(subset) == p:
            continue
        weight_without = factorial(len(subset)) * factorial(p - len(subset) - 1) / factorial(p)
        for j in range(p):
            if j not in subset:
                shares[j] += weight_without * (fit[tuple(sorted((*subset, j)))] - value)
    return shares
