"""Vectorised random draws shared by the generators: categories, labels and ids.

Every draw takes the one seeded `numpy.random.Generator`, so the order of calls fixes the data.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import polars as pl


def choice(rng: np.random.Generator, weights: Sequence[float], n: int) -> np.ndarray:
    """`n` category indices drawn with the given (unnormalised) weights."""
    cum = np.cumsum(np.asarray(weights, dtype=np.float64))
    return np.searchsorted(cum / cum[-1], rng.random(n), side="right").astype(np.int8)


def choice_by_row(rng: np.random.Generator, weights: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """One category index per element of `rows`, drawn with the weights of `weights[rows]`.

    `weights` is a (groups x categories) table, e.g. order channel by segment. The loop runs over
    categories, never over rows, so memory stays at a few arrays of len(rows).
    """
    table = np.asarray(weights, dtype=np.float64)
    cum = np.cumsum(table, axis=1) / table.sum(axis=1, keepdims=True)
    u = rng.random(len(rows))
    out = np.zeros(len(rows), dtype=np.int8)
    for j in range(table.shape[1] - 1):
        out += u >= cum[rows, j]
    return out


def labels(values: Sequence[str], index: np.ndarray, name: str) -> pl.Series:
    """Category indices as a String column of their labels."""
    return pl.Series(name, list(values), dtype=pl.String).gather(pl.Series(index, dtype=pl.UInt32))


def ids(prefix: str, n: int, width: int) -> pl.Series:
    """Sequential ids like C000001: the prefix and a zero-padded number, wider when `n` needs it."""
    digits = max(width, len(str(n)))
    numbers = pl.int_range(1, n + 1, eager=True, dtype=pl.Int64).cast(pl.String)
    return (prefix + numbers.str.zfill(digits)).alias("id")
