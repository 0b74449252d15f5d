"""The filter states the benchmark puts to the Overview: varied as a user would vary them, same every run.

`filter_states` walks every period preset with both comparisons and none, one or two dimensions with one
or two values. `wide_states` choose values in every dimension at once, from one value to all but one:
the hardest filter for the slices (the rollups hold every low-cardinality dimension, so no filter falls
back to raw rows; this is the filter that comes closest).
"""

from __future__ import annotations

import random
from datetime import date

from cxdash.bench.analyst import State
from cxdash.figures.counts import Filters
from cxdash.figures.periods import PRESETS, comparison_period, preset_period

COMPARED = ("Previous period", "Same period last year")


def _presets() -> list[str]:
    return [p for p in PRESETS if p != "Custom"]


def _state(i: int, end: date, first: date | None, chosen: dict[str, tuple[str, ...]]) -> State:
    presets = _presets()
    preset = presets[i % len(presets)]
    period = preset_period(preset, end, first)
    comparison = comparison_period(period, COMPARED[(i // len(presets)) % 2], preset)
    return State(preset, period, comparison, Filters(chosen))


def filter_states(
    dimensions: dict[str, list[str]], end: date, first: date | None, seed: int, count: int
) -> list[State]:
    """Every period preset, both comparisons; every sixth state unfiltered, else one or two dimensions."""
    rng = random.Random(seed)
    states = []
    for i in range(count):
        chosen: dict[str, tuple[str, ...]] = {}
        if i % 6 and dimensions:
            for dim in rng.sample(sorted(dimensions), k=min(len(dimensions), rng.choice((1, 1, 2)))):
                values = dimensions[dim]
                chosen[dim] = tuple(sorted(rng.sample(values, k=min(len(values), rng.choice((1, 1, 2))))))
        states.append(_state(i, end, first, chosen))
    return states


def wide_states(dimensions: dict[str, list[str]], end: date, first: date | None, seed: int, count: int) -> list[State]:
    """Every dimension filtered at once, each to between one value and all but one of its values."""
    rng = random.Random(seed + 1)
    states = []
    for i in range(count):
        chosen = {
            dim: tuple(sorted(rng.sample(values, k=rng.randint(1, max(1, len(values) - 1)))))
            for dim, values in sorted(dimensions.items())
        }
        states.append(_state(i, end, first, chosen))
    return states
