"""Key drivers: relative weights and the exact Shapley decomposition against independent regressions on
hand-made data; the driver matrix against a direct polars computation; the sample's planted drivers
recovered; the `drivers` command."""

import json
from itertools import combinations
from math import factorial

import numpy as np
import polars as pl
import pytest
import statsmodels.api as sm

from cxdash.cli import main
from cxdash.drivers.analysis import fit_drivers, key_drivers, with_quadrants
from cxdash.drivers.importance import nearest_correlation, r_squared, relative_weights, shapley_r2
from cxdash.drivers.outcomes import Outcome, OutcomeError, outcome_choices, parse_outcome
from cxdash.figures.counts import Filters
from cxdash.ingest.sample.responses import DRIVER_WEIGHTS
from cxdash.ingest.sample.surveys import TOUCHPOINTS


def _ols_r2(x: np.ndarray, y: np.ndarray) -> float:
    if x.shape[1] == 0:
        return 0.0
    return float(sm.OLS(y, sm.add_constant(x)).fit().rsquared)


def _hand_made(n: int = 400, seed: int = 3) -> tuple[np.ndarray, np.ndarray]:
    """Four correlated ratings (a shared factor) and an outcome that leans on the first two."""
    rng = np.random.default_rng(seed)
    common = rng.standard_normal(n)
    x = np.column_stack([common + rng.standard_normal(n) * s for s in (0.8, 1.0, 1.2, 0.6)])
    y = 0.9 * x[:, 0] + 0.5 * x[:, 1] + 0.1 * x[:, 3] + rng.standard_normal(n)
    return x, y


def _corr(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    both = np.corrcoef(np.column_stack([x, y]), rowvar=False)
    return both[:-1, :-1], both[:-1, -1]


def test_uncorrelated_ratings_each_get_their_squared_correlation():
    rxx = np.eye(3)
    rxy = np.array([0.5, 0.3, -0.2])
    assert relative_weights(rxx, rxy) == pytest.approx([0.25, 0.09, 0.04])
    assert shapley_r2(rxx, rxy) == pytest.approx([0.25, 0.09, 0.04])


def test_weights_add_up_to_the_r_squared_of_an_ordinary_regression():
    x, y = _hand_made()
    rxx, rxy = _corr(x, y)
    expected = _ols_r2(x, y)
    assert r_squared(rxx, rxy) == pytest.approx(expected, rel=1e-9)
    assert relative_weights(rxx, rxy).sum() == pytest.approx(expected, rel=1e-9)
    assert shapley_r2(rxx, rxy).sum() == pytest.approx(expected, rel=1e-9)


def test_shapley_equals_the_average_gain_over_every_order_of_regressions():
    """Brute force, independently: statsmodels fits on the raw rows of every subset of predictors."""
    x, y = _hand_made(n=300, seed=5)
    p = x.shape[1]
    fit = {s: _ols_r2(x[:, list(s)], y) for k in range(p + 1) for s in combinations(range(p), k)}
    expected = np.zeros(p)
    for j in range(p):
        for subset, value in fit.items():
            if j not in subset:
                weight = factorial(len(subset)) * factorial(p - len(subset) - 1) / factorial(p)
                expected[j] += weight * (fit[tuple(sorted((*subset, j)))] - value)
    assert shapley_r2(*_corr(x, y)) == pytest.approx(expected, abs=1e-9)


def test_relative_weights_agree_with_shapley_on_correlated_ratings():
    x, y = _hand_made()
    rxx, rxy = _corr(x, y)
    weights, shapley = relative_weights(rxx, rxy), shapley_r2(rxx, rxy)
    assert weights == pytest.approx(shapley, abs=0.01)
    assert list(np.argsort(-weights)) == list(np.argsort(-shapley))
    assert np.argmax(weights) == 0


def test_a_pairwise_matrix_that_is_not_positive_definite_is_repaired():
    broken = np.array([[1, 0.9, -0.9], [0.9, 1, 0.9], [-0.9, 0.9, 1]])
    fixed = nearest_correlation(broken)
    assert np.linalg.eigvalsh(fixed).min() > -1e-12
    assert np.diag(fixed) == pytest.approx([1, 1, 1])


def test_pairwise_correlations_use_the_customers_who_rated_both():
    """Too few complete rows: each correlation on its own customers, as polars computes it directly."""
    rng = np.random.default_rng(1)
    n = 300
    a, b, c = (rng.normal(50, 10, n) for _ in range(3))
    y = 0.05 * a + 0.02 * b + rng.normal(0, 1, n)
    frame = pl.DataFrame({"customer_id": [f"c{i}" for i in range(n)], "A": a, "B": b, "C": c, "y": y})
    gaps = {"A": np.arange(n) % 3 == 0, "B": np.arange(n) % 3 == 1, "C": np.arange(n) % 3 == 2}
    frame = frame.with_columns(pl.when(pl.Series(gaps[k])).then(None).otherwise(pl.col(k)).alias(k) for k in gaps)
    model = fit_drivers(frame, Outcome("nps"))
    assert model.missing == "pairwise" and model.customers == n
    for row in model.drivers.iter_rows(named=True):
        rated = frame.drop_nulls(row["driver"])
        assert row["n"] == rated.height == 200
        assert row["correlation"] == pytest.approx(rated.select(pl.corr(row["driver"], "y")).item(), rel=1e-9)
        assert row["score"] == pytest.approx(rated[row["driver"]].mean())
    assert model.min_pair_n == 100  # a customer misses one touchpoint in three: each pair shares a third


def test_complete_cases_when_most_customers_rated_everything():
    x, y = _hand_made(n=200)
    frame = pl.DataFrame({"customer_id": [str(i) for i in range(200)], "y": y} | {f"t{j}": x[:, j] for j in range(4)})
    frame = frame.with_columns(pl.when(pl.int_range(200) < 10).then(None).otherwise(pl.col("t3")).alias("t3"))
    model = fit_drivers(frame, Outcome("nps"))
    assert model.missing == "complete cases" and model.customers == 190
    complete = frame.drop_nulls()
    assert model.r_squared == pytest.approx(
        _ols_r2(complete.select("t0", "t1", "t2", "t3").to_numpy(), complete["y"].to_numpy())
    )
    assert model.drivers["importance"].sum() == pytest.approx(1.0)


def test_no_model_when_the_outcome_does_not_vary():
    frame = pl.DataFrame({"customer_id": [str(i) for i in range(50)], "y": [1.0] * 50, "t": list(range(50))})
    model = fit_drivers(frame.cast({"t": pl.Float64}).with_columns(u=-pl.col("t")), Outcome("nps"))
    assert model.reason == "the outcome is the same for every customer" and model.drivers.is_empty()


def test_no_model_for_a_single_touchpoint():
    frame = pl.DataFrame({"customer_id": [str(i) for i in range(50)], "y": [float(i % 3) for i in range(50)]})
    model = fit_drivers(frame.with_columns(Delivery=pl.col("y") * 2), Outcome("nps"))
    assert model.reason == "only one touchpoint is rated (Delivery), so there is nothing to rank it against"


def test_quadrants_split_at_the_means():
    drivers = pl.DataFrame(
        {"driver": list("abcd"), "importance": [0.4, 0.3, 0.2, 0.1], "score": [50.0, 90.0, 40.0, 80.0]}
    )
    assert with_quadrants(drivers)["quadrant"].to_list() == ["Fix first", "Keep it up", "Watch", "Maintain"]


def _direct_matrix(sample_dir) -> pl.DataFrame:
    """The customer x touchpoint matrix straight from the sample's files: CSAT and CES ratings on 0-100,
    the outcome each customer's mean NPS answer."""
    r = pl.read_parquet(sample_dir / "survey_responses.parquet").drop_nulls("customer_id")
    scaled = (
        pl.when(pl.col("metric") == "csat").then((pl.col("score") - 1) * 25).otherwise((7 - pl.col("score")) * 100 / 6)
    )
    x = r.filter(pl.col("metric") != "nps").group_by("customer_id", "touchpoint").agg(rating=scaled.mean())
    y = r.filter(pl.col("metric") == "nps").group_by("customer_id").agg(y=pl.col("score").cast(pl.Float64).mean())
    return x.join(y, on="customer_id")


def test_the_sample_matrix_matches_a_direct_computation(sample, sample_dir):
    model = key_drivers(sample, Outcome("nps"), Filters())
    direct = _direct_matrix(sample_dir)
    assert model.customers == direct["customer_id"].n_unique()
    for row in model.drivers.iter_rows(named=True):
        rated = direct.filter(pl.col("touchpoint") == row["driver"])
        assert row["n"] == rated.height
        assert row["score"] == pytest.approx(rated["rating"].mean(), rel=1e-9)
        assert row["correlation"] == pytest.approx(rated.select(pl.corr("rating", "y")).item(), rel=1e-9)


@pytest.fixture(scope="module")
def sample_20k(tmp_path_factory):
    """Planted drivers need customers: at 3,000 the thinnest pairs of touchpoints hold about 20 customers."""
    from cxdash.engine.engine import open_engine
    from cxdash.ingest.sample import write_sample

    return open_engine(write_sample(tmp_path_factory.mktemp("sample20k"), customers=20_000, seed=7))


def test_the_planted_drivers_of_nps_are_recovered(sample_20k):
    model = key_drivers(sample_20k, Outcome("nps"), Filters())
    planted = [TOUCHPOINTS[i] for i in np.argsort(-DRIVER_WEIGHTS)]
    found = model.drivers["driver"].to_list()
    assert set(found[:2]) == set(planted[:2]) == {"Delivery", "Contact center"}
    assert set(found[:3]) == set(planted[:3])
    assert model.drivers["importance"].to_numpy() == pytest.approx(model.drivers["shapley"].to_numpy(), abs=0.02)
    assert 0.3 < model.r_squared < 0.9
    assert model.missing == "pairwise"


def test_outcomes_offered_and_parsed(sample):
    assert [o.key for o in outcome_choices(sample)] == ["nps", "csat", "retention", "spend"]
    assert parse_outcome("retention", sample) == Outcome("retention")
    assert parse_outcome("segment=SMB", sample) == Outcome("segment", "SMB")
    with pytest.raises(OutcomeError, match="segment holds text"):
        parse_outcome("segment", sample)
    with pytest.raises(OutcomeError, match="no segment 'Small'"):
        parse_outcome("segment=Small", sample)
    with pytest.raises(OutcomeError, match="neither an outcome nor a customer column"):
        parse_outcome("loyalty", sample)


@pytest.fixture
def run(capsys):
    def call(*args) -> tuple[int, str, str]:
        code = main([str(a) for a in args])
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return call


def test_drivers_command_prints_the_model_and_its_fit(sample, sample_dir, run):
    code, out, _ = run("drivers", sample_dir, "--outcome", "nps", "--format", "json")
    assert code == 0
    shown = json.loads(out)
    model = key_drivers(sample, Outcome("nps"), Filters())
    assert shown["r_squared"] == pytest.approx(model.r_squared) and shown["n"] == model.customers
    assert shown["missing"] == "pairwise"
    assert [d["driver"] for d in shown["drivers"]] == model.drivers["driver"].to_list()
    assert {"driver", "importance", "score", "n"} <= set(shown["drivers"][0])
    assert sum(d["importance"] for d in shown["drivers"]) == pytest.approx(1.0)
    code, out, _ = run("drivers", sample_dir, "--filter", "segment=SMB")
    assert code == 0 and "R-squared" in out and "Delivery" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--outcome", "loyalty"], "argument --outcome: 'loyalty' is neither"),
        (["--outcome", "segment"], "argument --outcome: segment holds text"),
        (["--filter", "segment=Nope"], "argument --filter: no segment 'Nope'"),
    ],
)
def test_drivers_command_mistakes_exit_2(sample_dir, run, args, message):
    code, _, err = run("drivers", sample_dir, *args)
    assert code == 2 and message in err and err.count("\n") == 1
