"""`python -m cxdash bench`: how fast the Overview answers at scale, its memory, and a pandas cross-check.

Generates (or reuses) the sample at a size, times the cold start and the filter changes the Overview makes
(`Engine.tiles`), then recomputes the KPIs of some filter states with pandas: a yardstick for speed and an
independent check of the figures. Speed lives here, never in timed tests.
"""

from __future__ import annotations

import os
import random
import resource
import statistics
import time
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from multiprocessing import get_context
from pathlib import Path

from cxdash.bench.pandas_overview import CHECKED_KEYS, pandas_check
from cxdash.engine.engine import Engine, engine_for_dataset
from cxdash.figures.counts import Filters
from cxdash.figures.periods import PRESETS, Period, comparison_period, preset_period
from cxdash.ingest.loading import load_dataset

TARGET_P95_MS = 200.0
FILTER_STATES = 60
WARMUP_CALLS = 3
PANDAS_STATES = 10
FILTER_DIMS = ("segment", "region", "acquisition_channel")
COMPARED = ("Previous period", "Same period last year")


@dataclass(frozen=True)
class State:
    """One filter state of the Overview: a period preset, its comparison and the chosen dimensions."""

    preset: str
    period: Period
    comparison: Period | None
    filters: Filters


def _ms(seconds: list[float]) -> tuple[float, float]:
    """Median and p95 of durations, in milliseconds."""
    ms = sorted(1000 * s for s in seconds)
    p95 = statistics.quantiles(ms, n=20, method="inclusive")[18] if len(ms) > 1 else ms[0]
    return statistics.median(ms), p95


def _rss_mb() -> float | None:
    """Resident memory of this process now (Linux), in MB."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
    except (OSError, IndexError, ValueError):
        return None
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KB on Linux


def _show(label: str, value: str) -> None:
    print(f"  {label:<44} {value}", flush=True)


def ensure_sample(customers: int, seed: int, workdir: Path) -> tuple[Path, float | None]:
    """The sample dir for this size and seed, and the seconds spent generating it (None when reused)."""
    directory = Path(workdir) / f"sample_{customers}_{seed}"
    if all((directory / f"{t}.parquet").exists() for t in ("customers", "orders", "survey_responses")):
        return directory, None
    from cxdash.ingest.sample import write_sample

    partial = directory.with_name(directory.name + ".partial")  # an interrupted run is never reused
    started = time.perf_counter()
    # in a child process, so that the generator's memory does not count in this process's peak RSS
    with ProcessPoolExecutor(max_workers=1, mp_context=get_context("spawn")) as pool:
        pool.submit(write_sample, partial, customers, seed).result()
    partial.rename(directory)
    return directory, time.perf_counter() - started


def cold_start(directory: Path) -> tuple[Engine, float, float]:
    """What `open_engine` does, timed in two parts: load and validate, then build the database."""
    started = time.perf_counter()
    data = load_dataset(directory)
    loaded = time.perf_counter()
    if not data.ok:
        raise RuntimeError("the sample does not validate:\n" + "\n".join(map(str, data.problems)))
    engine = engine_for_dataset(data)
    return engine, loaded - started, time.perf_counter() - loaded


def filter_states(engine: Engine, seed: int, count: int = FILTER_STATES) -> list[State]:
    """Varied states: every period preset, both comparisons, none, one or two dimensions, one or two values."""
    dims = {dim: values for dim, values in engine.dimensions.items() if dim in FILTER_DIMS}
    as_of, first = engine.data.as_of, engine.data.first_date
    presets = [p for p in PRESETS if p != "Custom"]
    rng = random.Random(seed)
    states = []
    for i in range(count):
        period = preset_period(presets[i % len(presets)], as_of, first)
        chosen: dict[str, tuple[str, ...]] = {}
        if i % 6 and dims:  # every sixth state is unfiltered
            for dim in rng.sample(sorted(dims), k=min(len(dims), rng.choice((1, 1, 2)))):
                chosen[dim] = tuple(sorted(rng.sample(dims[dim], k=min(len(dims[dim]), rng.choice((1, 1, 2))))))
        comparison = comparison_period(period, COMPARED[(i // len(presets)) % 2])
        states.append(State(presets[i % len(presets)], period, comparison, Filters(chosen)))
    return states


def time_calls(engine: Engine, states: list[State]) -> tuple[list[float], list[float]]:
    """Seconds per `tiles` call (a filter change) and per `kpis` call, after a few warm-up calls."""
    for state in states[:WARMUP_CALLS]:
        engine.overview(state.period, state.comparison, state.filters)
    tiles, kpis = [], []
    for state in states:
        started = time.perf_counter()
        engine.overview(state.period, state.comparison, state.filters)
        tiles.append(time.perf_counter() - started)
    for state in states:
        started = time.perf_counter()
        engine.kpis(state.period, state.filters)
        kpis.append(time.perf_counter() - started)
    return tiles, kpis


def query_profile(engine: Engine, states: list[State]) -> dict[str, tuple[float, float]]:
    """Per query name (and "outside queries" for the Python around them): calls and ms per filter change."""
    runner, spent = engine.runner, defaultdict(list)
    original = runner.run

    def timed_run(name: str, **params: object) -> object:
        started = time.perf_counter()
        try:
            return original(name, **params)
        finally:
            spent[name].append(time.perf_counter() - started)

    runner.run = timed_run
    started = time.perf_counter()
    try:
        for state in states:
            engine.overview(state.period, state.comparison, state.filters)
    finally:
        del runner.run  # back to the class's method
    outside = time.perf_counter() - started - sum(sum(t) for t in spent.values())
    profile = {name: (len(t) / len(states), 1000 * sum(t) / len(states)) for name, t in spent.items()}
    return profile | {"outside queries": (0.0, 1000 * outside / len(states))}


def run_benchmark(customers: int, seed: int, workdir: Path) -> dict:
    """Run every measurement, print a table of figures and return them."""
    directory, generate_s = ensure_sample(customers, seed, workdir)
    engine, load_s, build_s = cold_start(directory)
    rss_cold = _rss_mb()
    tables = engine.data.tables
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    n_orders, n_responses = tables["orders"].height, tables["survey_responses"].height
    print(f"cx-dashboard benchmark: {customers:,} customers, {n_orders:,} orders, {n_responses:,} responses, ", end="")
    print(f"on {cores} cores (load average {os.getloadavg()[0]:.1f} at start: other work skews timings)")
    print(f"  data: {directory}", flush=True)
    if generate_s is not None:
        _show("generate the sample", f"{generate_s:8.1f} s")
    _show("cold start: load + validate", f"{load_s:8.1f} s")
    _show("cold start: build DuckDB + rollups", f"{build_s:8.1f} s")
    _show("cold start: total (open_engine)", f"{load_s + build_s:8.1f} s")
    _show("RSS after cold start", f"{rss_cold:8.0f} MB" if rss_cold else "n/a")

    states = filter_states(engine, seed)
    tiles_s, kpis_s = time_calls(engine, states)
    tiles_med, tiles_p95 = _ms(tiles_s)
    kpis_med, kpis_p95 = _ms(kpis_s)
    label = f"filter change, engine.tiles ({len(states)} states)"
    _show(label, f"median {tiles_med:6.1f} ms   p95 {tiles_p95:6.1f} ms")
    _show("engine.kpis alone", f"median {kpis_med:6.1f} ms   p95 {kpis_p95:6.1f} ms")
    met = tiles_p95 < TARGET_P95_MS
    print(f"  target: filter change p95 < {TARGET_P95_MS:.0f} ms: {'met' if met else 'NOT MET'}")
    profile = query_profile(engine, states)
    print("  where a filter change spends its time (mean per change):")
    for name, (calls, ms) in sorted(profile.items(), key=lambda item: -item[1][1]):
        print(f"    {name:<22} {f'{calls:.1f} calls' if calls else '':>10} {ms:8.1f} ms")
    peak_dashboard = _peak_mb()

    checked = states[:: max(1, len(states) // PANDAS_STATES)][:PANDAS_STATES]
    cases = [(state.period, state.filters) for state in checked]
    pandas_load_s, pandas_s = pandas_check(engine.kpis, directory, cases)
    pandas_med = statistics.median(1000 * s for s in pandas_s)
    engine_med = statistics.median(1000 * kpis_s[states.index(s)] for s in checked)
    _show("pandas: read_parquet + parse dates", f"{pandas_load_s:8.1f} s")
    _show(f"pandas KPIs per filter state ({len(checked)} states)", f"median {pandas_med:6.1f} ms")
    _show("pandas / engine.kpis (same states, median)", f"{pandas_med / engine_med:8.1f} x")
    _show("pandas / engine.tiles (median)", f"{pandas_med / tiles_med:8.1f} x")
    print(f"  figures agree: engine and pandas, {len(checked)} filter states x {len(CHECKED_KEYS)} KPIs, 1e-6 relative")
    peak = _peak_mb()
    _show("peak RSS, dashboard only (ru_maxrss)", f"{peak_dashboard:8.0f} MB")
    _show("peak RSS, after the pandas check too", f"{peak:8.0f} MB")
    return {
        "customers": customers,
        "orders": n_orders,
        "responses": n_responses,
        "cores": cores,
        "generate_s": generate_s,
        "load_s": load_s,
        "build_s": build_s,
        "rss_after_cold_start_mb": rss_cold,
        "tiles_median_ms": tiles_med,
        "tiles_p95_ms": tiles_p95,
        "kpis_median_ms": kpis_med,
        "kpis_p95_ms": kpis_p95,
        "target_met": met,
        "query_ms_per_change": {name: ms for name, (_, ms) in profile.items()},
        "pandas_load_s": pandas_load_s,
        "pandas_median_ms": pandas_med,
        "pandas_ratio": pandas_med / engine_med,
        "peak_rss_dashboard_mb": peak_dashboard,
        "peak_rss_mb": peak,
    }
