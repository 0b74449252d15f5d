"""The benchmark still runs end to end at a small size, and its pandas cross-check agrees with the engine.
Its timings are printed, never asserted: speed is measured by `python -m cxdash bench`, not by tests."""

from cxdash.bench.run import run_benchmark


def test_benchmark_runs_and_its_pandas_figures_agree(tmp_path, capsys):
    figures = run_benchmark(customers=1_500, seed=5, workdir=tmp_path)
    printed = capsys.readouterr().out
    assert "figures agree" in printed  # run_benchmark raises when pandas and the engine differ
    assert figures["customers"] == 1_500 and figures["orders"] > 0
    assert {"tiles_p95_ms", "kpis_median_ms", "peak_rss_mb", "pandas_ratio"} <= set(figures)
