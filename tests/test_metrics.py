"""Each metric and interval against values worked out by hand, scipy, or a simulation as a second method."""

import math

import numpy as np
import pytest
from scipy import stats

from cxdash.figures import metrics


def test_nps_by_hand():
    # 2 promoters, 2 detractors, 1 passive of 5: (2 - 2) / 5 = 0; 3 promoters of 4 with none detracting: 75.
    assert metrics.nps(2, 2, 5) == 0
    assert metrics.nps(3, 0, 4) == 75
    assert metrics.nps(0, 1, 1) == -100


def test_nps_margin_of_error_by_hand():
    # p = d = 0.4, n = 5: 1.96 * 100 * sqrt((0.8 - 0) / 5) = 1.96 * 100 * 0.4 = 78.4
    assert metrics.nps_margin_of_error(2, 2, 5) == pytest.approx(78.4, abs=0.01)
    # all promoters: the Wald margin collapses, which is why screens use nps_interval
    assert metrics.nps_margin_of_error(4, 0, 4) == 0


def test_empty_inputs_are_none_not_zero():
    assert metrics.nps(0, 0, 0) is None
    assert metrics.nps_margin_of_error(0, 0, 0) is None
    assert metrics.nps_interval(0, 0, 0) is None
    assert metrics.nps_half_width(0, 0, 0) is None
    assert metrics.csat(0, 0) is None
    assert metrics.ratio(5, 0) is None
    assert metrics.proportion_interval(0, 0) is None
    assert metrics.mean_and_variance(0, 0, 0) is None
    assert metrics.mean_interval(0, 0, 0) is None


def test_csat_and_mean_by_hand():
    assert metrics.csat(2, 3) == pytest.approx(66.6667, abs=1e-3)
    mean, variance = metrics.mean_and_variance(2 + 4, 4 + 16, 2)
    assert (mean, variance) == (3, 2)  # scores 2 and 4: mean 3, sample variance ((1 + 1) / 1) = 2
    assert metrics.mean_and_variance(5, 25, 1) == (5, 0)


def test_nps_interval_by_hand():
    # One promoter: 1 + 3/4 promoters, 3/4 detractors of 1 + 3 answers: p = 0.4375, d = 0.1875, p - d = 0.25,
    # variance (0.625 - 0.0625) / 4 = 0.140625, sd 0.375, half 1.96 * 0.375 = 0.735: (-48.5, 98.5).
    # (At n = 1 the interval leaves out the observed 100: the pseudo-answers pull it to the middle.)
    assert metrics.nps_interval(1, 0, 1) == (pytest.approx(-48.5), pytest.approx(98.5))
    assert metrics.nps_half_width(1, 0, 1) == pytest.approx(73.5)
    # 2 of each of 5: p = d = 2.75 / 8, variance 0.6875 / 8, half 1.96 * sqrt(0.0859375) = 0.574576.
    assert metrics.nps_interval(2, 2, 5) == (pytest.approx(-57.4576, abs=1e-4), pytest.approx(57.4576, abs=1e-4))
    # A design effect of 2 halves every count: 2 promoters of 2 answers count as 1 of 1.
    assert metrics.nps_interval(2, 0, 2, design_effect=2) == pytest.approx(metrics.nps_interval(1, 0, 1))


def test_nps_interval_never_collapses_and_stays_on_the_scale():
    for n in range(1, 41):
        for promoters in range(n + 1):
            for detractors in range(n + 1 - promoters):
                low, high = metrics.nps_interval(promoters, detractors, n)
                assert -100 <= low < high <= 100
                if n > 1:
                    assert low <= metrics.nps(promoters, detractors, n) <= high
    # All promoters at n = 30: upper bound clipped at 100, lower bound well below it.
    low, high = metrics.nps_interval(30, 0, 30)
    assert high == 100 and 70 < low < 90


def _coverage(interval, n, promoters, detractors, rng, reps=20_000):
    """Share of simulated samples whose interval holds the true NPS; each distinct outcome evaluated once."""
    draws = rng.multinomial(n, [promoters, detractors, 1 - promoters - detractors], size=reps)
    counts = np.bincount(draws[:, 0] * (n + 1) + draws[:, 1])
    truth = 100 * (promoters - detractors)
    held = 0
    for code in np.flatnonzero(counts):
        low, high = interval(*divmod(int(code), n + 1), n)
        held += counts[code] * (low <= truth <= high)
    return held / reps


def _wald(promoters, detractors, n):
    value, margin = metrics.nps(promoters, detractors, n), metrics.nps_margin_of_error(promoters, detractors, n)
    return value - margin, value + margin


MIXES = [(0.9, 0.05), (0.95, 0.02), (0.6, 0.1), (0.5, 0.2), (0.3, 0.3), (0.2, 0.6), (0.05, 0.9)]


def test_nps_interval_covers_95_percent_at_n_30_where_wald_does_not():
    rng = np.random.default_rng(2016)
    new = {mix: _coverage(metrics.nps_interval, 30, *mix, rng) for mix in MIXES}
    old = {mix: _coverage(_wald, 30, *mix, rng) for mix in MIXES}
    assert all(0.93 <= c <= 0.98 for c in new.values()), new
    assert old[(0.9, 0.05)] < 0.90 and old[(0.95, 0.02)] < 0.85, old  # exact: 0.883 and 0.784


def test_proportion_interval_matches_scipy_wilson():
    for successes, n in [(0, 10), (7, 10), (55, 80), (999, 1000), (1, 1)]:
        low, high = metrics.proportion_interval(successes, n)
        expected = stats.binomtest(successes, n).proportion_ci(confidence_level=0.95, method="wilson")
        assert low == pytest.approx(expected.low, abs=1e-5)  # z = 1.96 as DESIGN.md fixes it
        assert high == pytest.approx(expected.high, abs=1e-5)
        assert high > low
    # design effect 2: 14 of 20 clustered answers are worth 7 of 10 independent ones
    expected = stats.binomtest(7, 10).proportion_ci(confidence_level=0.95, method="wilson")
    assert metrics.proportion_interval(14, 20, design_effect=2) == (
        pytest.approx(expected.low, abs=1e-5),
        pytest.approx(expected.high, abs=1e-5),
    )


def test_mean_interval_matches_scipy_t():
    scores = np.array([1, 2, 2, 3, 3, 3, 4, 5, 7, 2, 1, 4])
    low, high = metrics.mean_interval(scores.sum(), (scores**2).sum(), len(scores))
    expected = stats.t.interval(0.95, len(scores) - 1, loc=scores.mean(), scale=stats.sem(scores))
    assert (low, high) == (pytest.approx(expected[0]), pytest.approx(expected[1]))
    # scores 2 and 4: mean 3, variance 2, t(0.975, 1 df) = 12.7062: 3 ± 12.7062
    low, high = metrics.mean_interval(6, 20, 2)
    assert (low, high) == (pytest.approx(3 - 12.7062, abs=1e-4), pytest.approx(3 + 12.7062, abs=1e-4))
    # design effect 2 on 12 scores: 6 effective, t on 5 df, standard error sqrt(2 * s^2 / 12)
    low, high = metrics.mean_interval(scores.sum(), (scores**2).sum(), len(scores), design_effect=2)
    half = stats.t.ppf(0.975, 5) * math.sqrt(2 * scores.var(ddof=1) / 12)
    assert (low, high) == (pytest.approx(scores.mean() - half), pytest.approx(scores.mean() + half))


def test_mean_interval_is_none_when_the_data_give_no_noise_estimate():
    assert metrics.mean_interval(5, 25, 1) is None  # one score
    assert metrics.mean_interval(12, 48, 3) is None  # 4, 4, 4
    assert metrics.mean_interval(6, 20, 2, design_effect=2) is None  # one effective answer


def _cluster_sums(clusters: list[list[float]]) -> dict[str, float]:
    totals = [sum(c) for c in clusters]
    return {
        "n": sum(len(c) for c in clusters),
        "y_sum": sum(totals),
        "y_sq_sum": sum(y * y for c in clusters for y in c),
        "clusters": len(clusters),
        "cluster_n_sq": sum(len(c) ** 2 for c in clusters),
        "cluster_y_sq": sum(t * t for t in totals),
        "cluster_y_n": sum(t * len(c) for t, c in zip(totals, clusters, strict=True)),
    }


def _design_effect(sums: dict[str, float]) -> float:
    return metrics.design_effect(*(sums[k] for k in ("n", "y_sum", "y_sq_sum", *metrics.CLUSTER_FIELDS)))


def _direct_design_effect(clusters: list[list[float]]) -> float:
    """Residuals per response, summed per cluster: the sandwich variance of the mean, from the raw data."""
    y = np.concatenate([np.asarray(c, float) for c in clusters])
    residual_totals = np.array([np.sum(np.asarray(c, float) - y.mean()) for c in clusters])
    m = len(clusters)
    robust = m / (m - 1) * np.sum(residual_totals**2) / len(y) ** 2
    return robust / (y.var(ddof=1) / len(y))


def test_design_effect_matches_a_direct_computation():
    # NPS answers (+1 promoter, -1 detractor, 0 passive) of five customers on their days; one anonymous.
    clusters = [[1, 1, 1], [-1, -1], [0, 1], [1], [-1, 0, -1, -1], [0]]
    expected = _direct_design_effect(clusters)
    assert expected > 1
    assert _design_effect(_cluster_sums(clusters)) == pytest.approx(expected, rel=1e-12)


def test_design_effect_agrees_with_a_cluster_jackknife():
    # A second, resampling method: delete-one-cluster jackknife variance of the ratio mean.
    rng = np.random.default_rng(5)
    clusters = []
    for _ in range(300):
        base = rng.normal(3, 1)
        clusters.append(list(np.round(base + rng.normal(0, 0.7, rng.integers(1, 8)))))
    sums = _cluster_sums(clusters)
    totals = np.array([sum(c) for c in clusters])
    sizes = np.array([len(c) for c in clusters])
    leave_out = (totals.sum() - totals) / (sizes.sum() - sizes)
    m = len(clusters)
    jackknife = (m - 1) / m * np.sum((leave_out - leave_out.mean()) ** 2)
    y = np.concatenate(clusters)
    assert _design_effect(sums) == pytest.approx(jackknife / (y.var(ddof=1) / len(y)), rel=0.03)


def test_fourteen_identical_ratings_per_passenger_count_as_about_one():
    # m = 100 passengers each give one satisfied/unsatisfied verdict 14 times over. With S the sum of
    # squared deviations of the passengers' verdicts, the robust variance is S / (m (m - 1)) and the iid
    # one 14 S / ((14m - 1) 14m): their ratio is (14m - 1) / (m - 1) = 14.13.
    rng = np.random.default_rng(14)
    clusters = [[float(v)] * 14 for v in rng.integers(0, 2, 100)]
    found = _design_effect(_cluster_sums(clusters))
    assert found == pytest.approx((14 * 100 - 1) / (100 - 1), rel=1e-9)
    assert 13.5 < found < 14.5


def test_design_effect_edge_cases():
    singletons = _cluster_sums([[1], [0], [1], [1], [0]])
    assert _design_effect(singletons) == 1.0  # every cluster one response
    assert _design_effect(_cluster_sums([[1, 1], [1], [1, 1, 1]])) == 1.0  # y never varies
    assert _design_effect(_cluster_sums([[1, 0, 1, 0]])) == 4.0  # one cluster: worth one answer
    assert _design_effect(_cluster_sums([[1, 0], [1, 0], [0, 1]])) == 1.0  # floored: within-cluster spread
    assert metrics.design_effect(0, 0, 0, 0, 0, 0, 0) == 1.0


def test_survey_interval_applies_the_design_effect_of_cluster_sums():
    clusters = [[1, 1, 1], [-1, -1], [0, 1], [1], [-1, 0, -1, -1], [0]] * 6  # 36 clusters, 78 answers
    flat = [y for c in clusters for y in c]
    sums = {
        "promoters": flat.count(1),
        "detractors": flat.count(-1),
        "satisfied": 0,
        "score_sum": 0,
        "score_sq_sum": 0,
    } | _cluster_sums(clusters)
    deff = _direct_design_effect(clusters)
    assert metrics.survey_design_effect("nps", sums) == pytest.approx(deff)
    expected = metrics.nps_interval(flat.count(1), flat.count(-1), len(flat), design_effect=deff)
    assert metrics.survey_interval("nps", sums) == pytest.approx(expected)
    plain = {k: v for k, v in sums.items() if k not in metrics.CLUSTER_FIELDS}
    assert metrics.survey_interval("nps", plain) == pytest.approx(metrics.nps_interval(30, 30, 78))
    assert metrics.survey_design_effect("nps", sums | {"clusters": None}) == 1.0
    wide, narrow = metrics.survey_interval("nps", sums), metrics.survey_interval("nps", plain)
    assert wide[1] - wide[0] > narrow[1] - narrow[0]


def test_survey_value_and_interval_by_hand():
    ces = {"n": 2, "promoters": 0, "detractors": 0, "satisfied": 0, "score_sum": 6, "score_sq_sum": 20}
    assert metrics.survey_value("ces", ces) == 3
    low, high = metrics.survey_interval("ces", ces)  # mean 3, variance 2: 3 ± t(0.975, 1) * sqrt(2 / 2)
    assert (low, high) == (pytest.approx(3 - 12.7062, abs=1e-4), pytest.approx(3 + 12.7062, abs=1e-4))
    nps = {"n": 5, "promoters": 2, "detractors": 2, "satisfied": 0, "score_sum": 0, "score_sq_sum": 0}
    assert metrics.survey_value("nps", nps) == 0
    assert metrics.survey_interval("nps", nps) == (pytest.approx(-57.4576, abs=1e-4), pytest.approx(57.4576, abs=1e-4))
    csat = {"n": 10, "promoters": 0, "detractors": 0, "satisfied": 10, "score_sum": 0, "score_sq_sum": 0}
    low, high = metrics.survey_interval("csat", csat)  # Wilson at 10 of 10: (1 / (1 + 1.96^2 / 10), 1)
    assert (low, high) == (pytest.approx(100 / (1 + 1.96**2 / 10)), pytest.approx(100))
    empty = dict.fromkeys(nps, 0)
    for metric in ("nps", "csat", "ces"):
        assert metrics.survey_value(metric, empty) is None and metrics.survey_interval(metric, empty) is None


def test_design_effect_must_be_positive():
    with pytest.raises(ValueError, match="design_effect"):
        metrics.nps_interval(1, 0, 1, design_effect=0)
