"""The embedded sample: deterministic, true to the contracts, and carrying the links it claims."""

from __future__ import annotations

import re
from datetime import date

import polars as pl
import pytest
import yaml

from cxdash.figures.registry import KPI_BY_NAME
from cxdash.ingest.contracts import POLARS_TYPES, SCORE_RANGES, TABLES
from cxdash.ingest.datadir import DatasetMeta
from cxdash.ingest.sample import SampleData, generate_sample, write_sample
from cxdash.ingest.sample.calendar import END, START
from cxdash.ingest.sample.comments import PAIN_PHRASES
from tests.independent import kpis_from_tables


def kpi(tables: dict[str, pl.DataFrame], metric: str, first: date, last: date, segment: str | None = None) -> float:
    """A KPI computed independently of the package (tests/independent.py)."""
    values = kpis_from_tables(tables, first, last, segment)
    if metric == "retention_rate":
        return 1 - values["churn_rate"]
    return values[metric]


N = 5_000
GOAL_KEYS = {"id", "name", "metric", "target", "direction", "start", "deadline", "owner", "objective"}


@pytest.fixture(scope="module")
def sample() -> SampleData:
    return generate_sample(N, seed=7)


def _life(sample: SampleData, table: str, column: str) -> pl.DataFrame:
    """Rows of `table` with their customer's sign-up and last possible day."""
    customers = sample.tables["customers"].select(
        "customer_id", "signup_date", last=pl.col("churn_date").fill_null(END)
    )
    rows = sample.tables[table].filter(pl.col("customer_id").is_not_null())
    return rows.join(customers, on="customer_id").with_columns(day=pl.col(column).dt.date())


def _customer_groups(sample: SampleData) -> pl.DataFrame:
    """Customers by their mean NPS answer, with their spend and whether they churned."""
    responses = sample.tables["survey_responses"]
    nps = responses.filter(pl.col("metric") == "nps", pl.col("customer_id").is_not_null())
    spend = sample.tables["orders"].group_by("customer_id").agg(spend=pl.col("amount").sum())
    return (
        nps.group_by("customer_id")
        .agg(mean=pl.col("score").mean())
        .with_columns(
            group=pl.when(pl.col("mean") >= 9)
            .then(pl.lit("promoter"))
            .when(pl.col("mean") <= 6)
            .then(pl.lit("detractor"))
            .otherwise(pl.lit("passive"))
        )
        .join(sample.tables["customers"], on="customer_id")
        .join(spend, on="customer_id", how="left")
        .group_by("group")
        .agg(spend=pl.col("spend").fill_null(0).mean(), churned=pl.col("churn_date").is_not_null().mean())
    )


def test_same_seed_gives_identical_data_and_another_seed_differs(sample: SampleData) -> None:
    again = generate_sample(N, seed=7)
    other = generate_sample(N, seed=8)
    for name, frame in sample.tables.items():
        assert frame.equals(again.tables[name]), name
        assert not frame.equals(other.tables[name]), name
    assert sample.goals == again.goals
    assert sample.meta == again.meta


def test_tables_follow_the_contracts(sample: SampleData) -> None:
    assert set(sample.tables) == set(TABLES)
    for name, contract in TABLES.items():
        frame = sample.tables[name]
        assert frame.columns[: len(contract.columns)] == contract.column_names, name
        for column in contract.columns:
            assert frame.schema[column.name] == POLARS_TYPES[column.kind], (name, column.name)
            if not column.nullable:
                assert frame[column.name].null_count() == 0, (name, column.name)
        extras = frame.columns[len(contract.columns) :]
        assert all(frame.schema[c] == pl.String for c in extras), name
    assert sample.tables["customers"].columns[6:] == ["plan", "age_band"]


def test_keys_are_unique_and_references_exist(sample: SampleData) -> None:
    customers = sample.tables["customers"]
    for name, contract in TABLES.items():
        assert sample.tables[name][contract.key].is_unique().all(), name
    known = customers["customer_id"]
    assert sample.tables["orders"]["customer_id"].is_in(known.implode()).all()
    answered = sample.tables["survey_responses"]["customer_id"].drop_nulls()
    assert answered.is_in(known.implode()).all()
    assert customers["customer_id"][0] == "C000001"
    assert sample.tables["orders"]["order_id"][0] == "O0000001"
    assert sample.tables["survey_responses"]["response_id"][0] == "R00000001"


def test_churn_dates_fall_between_signup_and_data_end(sample: SampleData) -> None:
    customers = sample.tables["customers"]
    assert customers["signup_date"].min() >= START
    assert customers["signup_date"].max() <= END
    churned = customers.filter(pl.col("churn_date").is_not_null())
    assert (churned["churn_date"] >= churned["signup_date"]).all()
    assert churned["churn_date"].max() <= END
    assert 0.2 < churned.height / customers.height < 0.6


@pytest.mark.parametrize(("table", "column"), [("orders", "order_date"), ("survey_responses", "responded_at")])
def test_orders_and_responses_fall_within_the_customers_life(sample: SampleData, table: str, column: str) -> None:
    rows = _life(sample, table, column)
    assert rows.height > 0
    assert (rows["day"] >= rows["signup_date"]).all()
    assert (rows["day"] <= rows["last"]).all()
    assert sample.tables[table][column].dt.date().is_between(START, END).all()


def test_scores_are_in_range_and_nps_is_the_main_survey(sample: SampleData) -> None:
    responses = sample.tables["survey_responses"]
    assert set(responses["metric"].unique()) == set(SCORE_RANGES)
    for metric, (low, high) in SCORE_RANGES.items():
        scores = responses.filter(pl.col("metric") == metric)["score"]
        assert scores.min() >= low and scores.max() <= high, metric
    assert (responses["metric"] == "nps").mean() > 0.5


def test_headline_figures_are_realistic(sample: SampleData) -> None:
    tables = sample.tables
    assert 15 <= kpi(tables, "nps", START, END) <= 40
    assert 72 <= kpi(tables, "csat", START, END) <= 86
    assert 2.7 <= kpi(tables, "ces", START, END) <= 3.5
    orders, responses = tables["orders"], tables["survey_responses"]
    assert 7 < orders.height / N < 13
    assert 2 < responses.height / N < 4
    assert 0.01 < (orders["amount"] < 0).mean() < 0.03
    assert 0.25 < responses["comment"].is_not_null().mean() < 0.45
    assert 0.01 < responses["customer_id"].is_null().mean() < 0.03


def test_promoters_spend_far_more_and_churn_less_than_detractors(sample: SampleData) -> None:
    groups = {row["group"]: row for row in _customer_groups(sample).to_dicts()}
    promoters, detractors = groups["promoter"], groups["detractor"]
    assert promoters["spend"] > 2 * detractors["spend"]
    assert promoters["churned"] < detractors["churned"] - 0.15


def test_delivery_improves_from_june_2025(sample: SampleData) -> None:
    delivery = sample.tables["survey_responses"].filter(pl.col("touchpoint") == "Delivery")
    day = pl.col("responded_at").dt.date()
    before = delivery.filter(day < date(2025, 6, 1))
    after = delivery.filter(day >= date(2025, 8, 1))
    for metric in ("nps", "csat"):
        scores = [part.filter(pl.col("metric") == metric)["score"].mean() for part in (before, after)]
        assert scores[1] > scores[0] + 0.2, metric

    def late_share(part: pl.DataFrame) -> float:
        return part["comment"].str.contains("late").fill_null(False).mean()

    assert late_share(after) < 0.6 * late_share(before)


def test_the_may_2026_app_release_brings_crashes_and_lower_app_scores(sample: SampleData) -> None:
    app = sample.tables["survey_responses"].filter(pl.col("touchpoint") == "Mobile app")
    day = pl.col("responded_at").dt.date()
    before = app.filter(day.is_between(date(2025, 11, 1), date(2026, 4, 30)))
    after = app.filter(day >= date(2026, 6, 1))

    def crash_share(part: pl.DataFrame) -> float:
        return part["comment"].str.contains("crash|froze").fill_null(False).mean()

    assert crash_share(after) > 2 * crash_share(before)
    nps = [part.filter(pl.col("metric") == "nps")["score"].mean() for part in (before, after)]
    assert nps[1] < nps[0] - 0.3


def test_comments_name_pain_points_on_low_scores(sample: SampleData) -> None:
    commented = sample.tables["survey_responses"].filter(pl.col("comment").is_not_null())
    phrases = [phrase for phrases in PAIN_PHRASES.values() for phrase in phrases]
    pattern = "^(?:" + "|".join(re.sub(r"\{\w+\}", r"\\d+", p.replace(".", r"\.")) for p in phrases) + ")"
    mentions = commented.with_columns(pain=pl.col("comment").str.contains(pattern))
    nps = mentions.filter(pl.col("metric") == "nps")
    low = nps.filter(pl.col("score") <= 6)["pain"].mean()
    high = nps.filter(pl.col("score") >= 9)["pain"].mean()
    assert low > 3 * high
    delivery = mentions.filter(pl.col("touchpoint") == "Delivery", pl.col("pain"))
    assert delivery["comment"].str.contains("(?i)late|damaged|wrong|broken|scratched").all()


def _pace(goal: dict, tables: dict[str, pl.DataFrame]) -> tuple[float, float]:
    """(progress made so far, progress due by the data's end) on a straight line to the target."""
    start, deadline = date.fromisoformat(goal["start"]), date.fromisoformat(goal["deadline"])
    window = goal.get("window_days", 90)
    actual = kpi(tables, goal["metric"], date.fromordinal(END.toordinal() - window + 1), END, goal.get("segment"))
    made = (actual - goal["baseline"]) / (goal["target"] - goal["baseline"])
    return made, (END - start).days / (deadline - start).days


def test_goals_are_complete_and_show_every_status() -> None:
    sample = generate_sample(20_000, seed=7)  # the default sample: goal statuses need its precision
    goals = {goal["id"]: goal for goal in sample.goals}
    assert 5 <= len(goals) <= 8
    for goal in goals.values():
        assert set(goal) >= GOAL_KEYS, goal["id"]
        assert goal["metric"] in KPI_BY_NAME
        assert goal["direction"] == ("increase" if KPI_BY_NAME[goal["metric"]].higher_is_better else "decrease")
        assert date(2025, 1, 1) <= date.fromisoformat(goal["start"]) < date.fromisoformat(goal["deadline"])
    tables = sample.tables
    assert kpi(tables, "csat", date(2026, 8, 3), END) >= goals["csat-2026"]["target"]
    made, due = _pace(goals["revenue-ttm"], tables)
    assert due < made < 1
    made, due = _pace(goals["new-customers-ttm"], tables)
    assert 0.5 * due < made < due
    made, due = _pace(goals["consumer-nps"], tables)
    assert made < 0.4 * due
    made, due = _pace(goals["contact-center-effort"], tables)
    assert due < made < 1
    assert goals["enterprise-zero-churn"]["target"] == 0.0
    final = kpi(tables, "nps", date(2025, 10, 3), date(2025, 12, 31))
    assert goals["nps-2025"]["baseline"] < final < goals["nps-2025"]["target"]  # moved, but missed


def test_write_sample_writes_a_data_dir(tmp_path) -> None:
    out = write_sample(tmp_path / "sample", customers=500, seed=3)
    expected = generate_sample(500, seed=3)
    for name, frame in expected.tables.items():
        assert pl.read_parquet(out / f"{name}.parquet").equals(frame), name
    assert yaml.safe_load((out / "goals.yaml").read_text()) == expected.goals
    meta = DatasetMeta.read(out)
    assert meta.name == "Embedded sample"
    assert meta.source == "generated by cxdash.ingest.sample (seed 3)"
    assert meta.assumptions
