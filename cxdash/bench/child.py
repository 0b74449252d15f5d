"""One measurement in a fresh Python process, so its imports, caches and memory are its own.

`run.py` starts `python -m cxdash.bench.child MODE DATA_DIR OUT [STATES]`; the child writes one JSON object
to OUT. Modes: `start` (open the dashboard's engine and draw the first Overview: a cold start when the
cache is empty), `serve` (a warm start, then the filter changes), `pandas` and `polars` (the yardsticks on
the states in STATES, each timed beside the engine and checked against it). Heavy modules are imported
inside each mode, so a start is timed from a bare interpreter, imports included.
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time
from pathlib import Path

WARMUP_CALLS = 3
FILTER_STATES = 60
WIDE_STATES = 20


def peak_rss_mb() -> float:
    """This process's peak resident memory. VmHWM belongs to this process alone; ru_maxrss (the fallback)
    can carry the parent's peak across the fork that started it."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KB on Linux


def _start(directory: Path) -> tuple[object, dict]:
    """What a dashboard process does first: import, open the engine, compute the default Overview."""
    began = time.perf_counter()
    from cxdash.engine.engine import open_engine
    from cxdash.figures.counts import Filters

    imported = time.perf_counter()
    engine = open_engine(directory)
    opened = time.perf_counter()
    if engine.runner is None:
        raise SystemExit(f"the data in {directory} does not validate")
    _, period, comparison, _ = engine.default_view()
    engine.overview(period, comparison, Filters())
    drawn = time.perf_counter()
    times = {
        "import_s": imported - began,
        "open_s": opened - imported,
        "first_overview_s": drawn - opened,
        "total_s": drawn - began,
    }
    return engine, times


def _timed(call, states: list) -> list[float]:
    spent = []
    for state in states:
        started = time.perf_counter()
        call(state)
        spent.append(time.perf_counter() - started)
    return spent


def _query_ms(engine, states: list) -> dict[str, float]:
    """Mean milliseconds per filter change spent in each query, and in the Python around them."""
    runner, spent = engine.runner, {}
    original = runner.run

    def timed_run(name: str, **params: object) -> object:
        started = time.perf_counter()
        try:
            return original(name, **params)
        finally:
            spent[name] = spent.get(name, 0.0) + time.perf_counter() - started

    runner.run = timed_run
    started = time.perf_counter()
    try:
        for state in states:
            engine.overview(state.period, state.comparison, state.filters)
    finally:
        del runner.run  # back to the class's method
    outside = time.perf_counter() - started - sum(spent.values())
    return {name: 1000 * s / len(states) for name, s in spent.items()} | {
        "outside queries": 1000 * outside / len(states)
    }


def _profile(engine, states: list, top: int = 12) -> list[dict]:
    """cProfile of one pass over the states: the functions with the most own time, per filter change."""
    import cProfile
    import pstats

    profiler = cProfile.Profile()
    profiler.enable()
    for state in states:
        engine.overview(state.period, state.comparison, state.filters)
    profiler.disable()
    stats = pstats.Stats(profiler).stats  # (file, line, name) -> (calls, primitive calls, own s, cumulative s, _)
    ranked = sorted(stats.items(), key=lambda item: -item[1][2])[:top]
    return [
        {
            "function": f"{Path(file).name}:{line}({name})",
            "calls_per_change": calls / len(states),
            "own_ms_per_change": 1000 * own / len(states),
            "cumulative_ms_per_change": 1000 * cumulative / len(states),
        }
        for (file, line, name), (_, calls, own, cumulative, _) in ranked
    ]


def start(directory: Path) -> dict:
    _, times = _start(directory)
    return times | {"peak_rss_mb": peak_rss_mb()}


def serve(directory: Path, seed: int) -> dict:
    """A warm start, then the filter changes a user makes and the widest filters, all through `overview`."""
    engine, times = _start(directory)
    from cxdash.bench.states import filter_states, wide_states
    from cxdash.figures.counts import Filters

    dims, end, first = engine.dimensions, engine.report_end, engine.data.first_date
    states = filter_states(dims, end, first, seed, FILTER_STATES)
    wide = wide_states(dims, end, first, seed, WIDE_STATES)
    change = lambda s: engine.overview(s.period, s.comparison, s.filters)  # noqa: E731
    _timed(change, states[:WARMUP_CALLS])
    return times | {
        "states": [s.to_json() for s in states],
        "overview_s": _timed(change, states),
        "kpis_s": _timed(lambda s: engine.kpis(s.period, s.filters), states),
        "wide_s": _timed(change, wide),
        "wide_slices": [len(engine.slices(s.filters)) for s in wide],
        "all_slices": len(engine.slices(Filters())),
        "query_ms": _query_ms(engine, states),
        "profile": _profile(engine, states),
        "peak_rss_mb": peak_rss_mb(),
    }


def analyst(kind: str, directory: Path, states_file: Path) -> dict:
    """Load the raw tables, then per state time the engine's Overview and the analyst's back to back (so
    both meet the same load from other work) and compare their figures."""
    from cxdash.bench.agreement import agreement
    from cxdash.bench.analyst import State
    from cxdash.engine.engine import open_engine

    if kind == "pandas":
        from cxdash.bench.pandas_overview import load_frames
        from cxdash.bench.pandas_overview import pandas_overview as overview
    else:
        from cxdash.bench.polars_overview import load_frames
        from cxdash.bench.polars_overview import polars_overview as overview
    states = [State.from_json(raw) for raw in json.loads(states_file.read_text())]
    started = time.perf_counter()
    frames = load_frames(directory)
    load_s = time.perf_counter() - started
    engine = open_engine(directory)
    change = lambda s: engine.overview(s.period, s.comparison, s.filters)  # noqa: E731
    _timed(change, states[:WARMUP_CALLS])
    engine_s, seconds, compared, hidden, differences = [], [], 0, 0, []
    for state in states:
        engine_s += _timed(change, [state])
        started = time.perf_counter()
        result = overview(frames, state)
        seconds.append(time.perf_counter() - started)
        found = agreement(engine, state, result)
        compared, hidden = compared + found.compared, hidden + found.hidden
        differences += [f"{state.period} {state.filters.active()}: {d}" for d in found.differences[:3]]
    return {
        "load_s": load_s,
        "seconds": seconds,
        "engine_s": engine_s,
        "compared": compared,
        "hidden": hidden,
        "differences": differences,
    }


def main(argv: list[str]) -> None:
    mode, directory, out = argv[0], Path(argv[1]), Path(argv[2])
    load_before = os.getloadavg()
    if mode == "start":
        result = start(directory)
    elif mode == "serve":
        result = serve(directory, int(argv[3]))
    else:
        result = analyst(mode, directory, Path(argv[3]))
    result["load_average"] = {"before": load_before, "after": os.getloadavg()}  # other work skews timings
    out.write_text(json.dumps(result, default=str))


if __name__ == "__main__":
    main(sys.argv[1:])
