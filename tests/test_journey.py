"""The journey map: figures per stage, touchpoint and survey channel against polars on hand-made answers,
the stage order, the worst moments, the channel test against scipy and `significance`, and the airline
data's 14 touchpoints against the raw CSV."""

from datetime import date, datetime

import numpy as np
import polars as pl
import pytest
from scipy.stats import chi2, chi2_contingency

from cxdash.engine.engine import engine_for_tables
from cxdash.figures import metrics, significance
from cxdash.figures.counts import Filters
from cxdash.figures.periods import Period
from cxdash.journey import scores, views
from cxdash.journey.channels import channel_consistency
from cxdash.journey.consistency import spread_test
from tests.conftest import REAL

MARCH = Period(date(2024, 3, 1), date(2024, 3, 31))
STAGES = ["Delivery", "Onboarding", "Purchase"]


def _answers() -> dict[str, pl.DataFrame]:
    """40 customers; each answers NPS once or twice a day over March, at one of three stages and touchpoints,
    by email or SMS; the Delivery stage and the SMS channel score lower by construction."""
    rng = np.random.default_rng(5)
    customers = pl.DataFrame(
        {
            "customer_id": [f"c{i:02d}" for i in range(40)],
            "signup_date": [date(2024, 1, 1) + (date(2024, 2, 1) - date(2024, 1, 1)) * (i % 2) for i in range(40)],
            "churn_date": [None] * 40,
            "segment": ["SMB" if i % 3 else "Enterprise" for i in range(40)],
            "region": [None] * 40,
            "acquisition_channel": [None] * 40,
        },
        schema_overrides={"churn_date": pl.Date, "region": pl.String, "acquisition_channel": pl.String},
    )
    rows = []
    for k in range(1200):
        customer = int(rng.integers(0, 40))
        day = int(rng.integers(1, 32))
        stage = STAGES[int(rng.integers(0, 3))]
        channel = "SMS" if rng.random() < 0.4 else "Email"
        low = (stage == "Delivery") + (channel == "SMS")
        score = int(np.clip(rng.normal(8.3 - 1.6 * low, 2.0), 0, 10).round())
        rows.append(
            {
                "response_id": f"r{k:04d}",
                "customer_id": None if k % 50 == 0 else f"c{customer:02d}",
                "responded_at": datetime(2024, 3, day, int(rng.integers(8, 20))),
                "metric": "nps",
                "score": score,
                "journey_stage": stage,
                "touchpoint": {"Delivery": "Courier", "Onboarding": "Welcome call", "Purchase": "Website"}[stage],
                "channel": channel,
                "comment": None,
            }
        )
    responses = pl.DataFrame(rows, schema_overrides={"customer_id": pl.String, "comment": pl.String})
    return {"customers": customers, "survey_responses": responses}


@pytest.fixture(scope="module")
def hand_made():
    tables = _answers()
    return engine_for_tables(tables, "Hand-made answers"), tables


def _independent(responses: pl.DataFrame, keys: list[str]) -> pl.DataFrame:
    """NPS counts and cluster sums per group in polars: a cluster is a customer's (else the response's)
    answers in the group on one day."""
    y = (pl.col("score") >= 9).cast(pl.Int64) - (pl.col("score") <= 6).cast(pl.Int64)
    clusters = (
        responses.with_columns(
            y=y,
            day=pl.col("responded_at").dt.date(),
            cluster=pl.coalesce("customer_id", pl.lit("anon ") + pl.col("response_id")),
        )
        .group_by(*keys, "day", "cluster")
        .agg(n=pl.len(), promoters=(pl.col("score") >= 9).sum(), detractors=(pl.col("score") <= 6).sum(), y=pl.sum("y"))
    )
    return (
        clusters.group_by(keys)
        .agg(
            n=pl.sum("n"),
            promoters=pl.sum("promoters"),
            detractors=pl.sum("detractors"),
            clusters=pl.len(),
            cluster_n_sq=(pl.col("n") ** 2).sum(),
            cluster_y_sq=(pl.col("y") ** 2).sum(),
            cluster_y_n=(pl.col("y") * pl.col("n")).sum(),
        )
        .sort(keys)
    )


def _run(engine, by: str, choices=()) -> pl.DataFrame:
    return engine.run_for("journey_scores", MARCH, Filters(), choices=list(choices), by=by)


@pytest.mark.parametrize(("by", "keys"), [("journey_stage", ["journey_stage"]), ("channel", ["touchpoint", "channel"])])
def test_scores_per_group_match_polars(hand_made, by, keys):
    engine, tables = hand_made
    want = _independent(tables["survey_responses"], keys)
    got = _run(engine, by)
    table = scores.score_table(got, "nps", keys)
    assert table.height == want.height == (3 if by == "journey_stage" else 6)
    for expected, row in zip(want.iter_rows(named=True), table.iter_rows(named=True), strict=True):
        sums = {name: float(expected[name]) for name in expected if name not in keys}
        sums |= {"satisfied": 0.0, "score_sum": 0.0, "score_sq_sum": 0.0}
        assert [row[k] for k in keys] == [expected[k] for k in keys]
        assert row["n"] == expected["n"]
        assert row["value"] == pytest.approx(100 * (expected["promoters"] - expected["detractors"]) / expected["n"])
        assert (row["low"], row["high"]) == pytest.approx(metrics.survey_interval("nps", sums))
    assert (table["high"] - table["low"] > 0).all()


def test_clustering_widens_the_interval(hand_made):
    """Customers answer several times a day: the intervals are wider than the unclustered ones."""
    engine, _ = hand_made
    got = _run(engine, "journey_stage").row(0, named=True)
    plain = metrics.nps_interval(got["promoters"], got["detractors"], got["n"])
    clustered = metrics.survey_interval("nps", got)
    assert got["clusters"] < got["n"]
    assert clustered[1] - clustered[0] > plain[1] - plain[0]


def test_journey_filters_narrow_the_answers(hand_made):
    engine, tables = hand_made
    responses = tables["survey_responses"]
    got = _run(engine, "touchpoint", ["survey_channel=SMS", "stage=Delivery", "stage=Purchase"])
    want = responses.filter(pl.col("channel") == "SMS", pl.col("journey_stage").is_in(["Delivery", "Purchase"]))
    counts = want.group_by("touchpoint").len().sort("touchpoint")
    assert got["touchpoint"].to_list() == counts["touchpoint"].to_list() == ["Courier", "Website"]
    assert got["n"].to_list() == counts["len"].to_list()
    smb = engine.slices(Filters({"segment": ("SMB",)}))
    filtered = engine.run_for("journey_scores", MARCH, Filters({"segment": ("SMB",)}), choices=[], by="journey_stage")
    members = tables["customers"].filter(pl.col("segment") == "SMB")["customer_id"]
    assert 0 not in smb, "anonymous answers drop out of a customer filter"
    assert filtered["n"].sum() == responses.filter(pl.col("customer_id").is_in(members.implode())).height


def test_the_worst_stage_is_the_one_planted(hand_made):
    engine, _ = hand_made
    rows = _run(engine, "journey_stage")
    table = scores.score_table(rows, "nps", ["journey_stage"])
    worst = scores.worst_moments(table, "nps")
    assert worst["journey_stage"].to_list() == ["Delivery"]
    overall = scores.overall(rows, "nps")
    delivery = table.filter(pl.col("journey_stage") == "Delivery").row(0, named=True)
    assert delivery["high"] < overall


def test_a_group_too_small_shows_no_figure_and_is_never_worst():
    rows = pl.DataFrame(
        {
            "journey_stage": ["A", "B"],
            "metric": ["nps", "nps"],
            "n": [29, 400],
            "promoters": [0, 300],
            "detractors": [29, 0],
            "satisfied": [0, 0],
            "score_sum": [0.0, 3800.0],
            "score_sq_sum": [0.0, 36200.0],
            "clusters": [29, 400],
            "cluster_n_sq": [29, 400],
            "cluster_y_sq": [29.0, 300.0],
            "cluster_y_n": [-29.0, 300.0],
        }
    )
    table = scores.score_table(rows, "nps", ["journey_stage"])
    small = table.row(0, named=True)
    assert (small["n"], small["value"], small["worst"]) == (29, None, False)


def test_stage_order_declared_then_by_tenure():
    table = pl.DataFrame(
        {
            "journey_stage": ["Renewal", "Onboarding", "Support", "Zeta", scores.NOT_GIVEN, "Anonymous"],
            "tenure_days": [400.0, 12.0, 200.0, 200.0, 5.0, None],
        }
    )
    assert scores.stage_order(table, []) == ["Onboarding", "Support", "Zeta", "Renewal", "Anonymous", "(not given)"]
    assert scores.stage_order(table, ["Renewal", "Support", "Missing"]) == [
        "Renewal",
        "Support",
        "Onboarding",
        "Zeta",
        "Anonymous",
        "(not given)",
    ]


def test_share_spread_is_pearsons_chi_square_times_n_minus_one_over_n():
    table = np.array([[30, 70], [55, 45], [40, 60]])  # satisfied, not, per channel
    pearson = chi2_contingency(table, correction=False)
    total = table.sum()
    found = spread_test([(float(s), float(s), int(s + f), 1.0) for s, f in table])
    assert found.statistic == pytest.approx(pearson.statistic * (total - 1) / total)
    assert found.df == 2 and found.p_value == pytest.approx(chi2.sf(found.statistic, 2))
    assert found.differ


def test_two_groups_agree_with_the_pooled_test_of_significance():
    current, previous = (40, 12, 90), (25, 30, 80)  # promoters, detractors, n
    pooled = significance.nps_difference(current, previous, design_effects=(1.4, 1.1))
    found = spread_test([(p - d, p + d, n, deff) for (p, d, n), deff in ((current, 1.4), (previous, 1.1))])
    assert found.p_value == pytest.approx(pooled.p_value)
    assert found.statistic == pytest.approx(pooled.z**2)


def test_mean_spread_by_hand():
    groups = [np.array([1, 2, 2, 3] * 10), np.array([4, 5, 3, 4] * 10), np.array([2, 3, 3, 2] * 10)]
    every = np.concatenate(groups)
    between = sum(len(g) * (g.mean() - every.mean()) ** 2 for g in groups)
    want = between / every.var(ddof=1)
    found = spread_test([(float(g.sum()), float((g**2).sum()), len(g), 1.0) for g in groups])
    assert found.statistic == pytest.approx(want)
    assert spread_test([(float(groups[0].sum()), float((groups[0] ** 2).sum()), 40, 1.0), (3.0, 9.0, 29, 1.0)]) is None


def test_channel_consistency_finds_the_planted_gap(hand_made):
    engine, _ = hand_made
    found = channel_consistency(_run(engine, "channel"), "nps")
    assert found["touchpoint"].to_list() == ["Courier", "Website", "Welcome call"]
    assert found["channels"].to_list() == [2, 2, 2]
    assert found["differ"].all(), found
    assert (found["gap"] > 10).all()


def test_item_trend_fills_every_bucket(hand_made):
    engine, _ = hand_made
    rows = views.journey_trend(engine, MARCH, Filters(), [], "journey_stage", "week")
    trend = scores.item_trend(rows, "Delivery", "nps")
    assert trend["bucket_start"].to_list() == sorted(set(rows["bucket_start"]))
    weekly = rows.filter(pl.col("item") == "Delivery")
    assert trend["nps_n"].sum() == weekly["n"].sum()
    assert (
        trend.filter(pl.col("nps_n") < metrics.MIN_SURVEY_N)["nps"].null_count()
        == trend.filter(pl.col("nps_n") < metrics.MIN_SURVEY_N).height
    )


def test_data_without_journey_columns_maps_nothing():
    tables = _answers()
    tables["survey_responses"] = tables["survey_responses"].with_columns(
        pl.lit(None, pl.String).alias(c) for c in ("journey_stage", "touchpoint", "channel")
    )
    engine = engine_for_tables(tables, "No journey columns")
    assert engine.data.journey == {"journey_stage": [], "touchpoint": [], "channel": []}
    rows = views.journey_rows(engine, MARCH, Filters(), [])
    journey = views.journey_map(rows, "nps", [])
    assert journey.stages["journey_stage"].to_list() == [scores.NOT_GIVEN]
    assert journey.consistency.height == 0


@pytest.mark.real_data
def test_airline_touchpoints_match_the_raw_csv(imported):
    """The 14 touchpoints of the airline survey with their CSAT; Inflight wifi's figures from the CSV itself."""
    from cxdash.engine.engine import open_engine

    out, _ = imported("airline", REAL / "airline_satisfaction")
    engine = open_engine(out)
    day = engine.data.as_of
    rows = views.journey_rows(engine, Period(day, day), Filters(), [])
    journey = views.journey_map(rows, "csat", engine.meta.journey_stages)
    assert journey.touchpoints.height == 14
    assert journey.stage_order == ["Booking", "Check-in & boarding", "In-flight", "Arrival"]
    raw = pl.read_csv(REAL / "airline_satisfaction" / "airline_passenger_satisfaction_test.csv")
    wifi = raw["Inflight_wifi_service"].filter(raw["Inflight_wifi_service"].is_between(1, 5))
    shown = journey.touchpoints.filter(pl.col("touchpoint") == "Inflight wifi").row(0, named=True)
    assert shown["n"] == wifi.len()
    assert shown["value"] == pytest.approx(100 * (wifi >= 4).mean())
    sums = rows["touchpoint"].filter(pl.col("touchpoint") == "Inflight wifi", pl.col("metric") == "csat")
    assert sums["score_sum"][0] / sums["n"][0] == pytest.approx(wifi.mean())
    assert scores.worst_moments(journey.touchpoints, "csat")["touchpoint"][0] == "Inflight wifi"
