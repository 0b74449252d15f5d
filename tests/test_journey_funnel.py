"""The funnel: the optional journey_events table validated and loaded, steps, channels and what followed a
first visit against polars on hand-made events, the sample's planted abandonment link, and the page on
data with and without the table."""

from datetime import date, datetime, timedelta

import polars as pl
import pytest
from streamlit.testing.v1 import AppTest

from cxdash.engine.engine import engine_for_tables, open_engine
from cxdash.figures import metrics
from cxdash.figures.counts import Filters
from cxdash.figures.periods import Period
from cxdash.ingest.contracts import TABLES
from cxdash.ingest.loading import load_dataset
from cxdash.ingest.problems import errors
from cxdash.journey import funnel, views
from tests.test_pages import HARNESS, assert_clean
from tests.test_validation import write_dir

SPRING = Period(date(2024, 3, 1), date(2024, 3, 31))
STEPS = ("Browse", "Cart", "Checkout", "Payment")
GOOD_EVENTS = (
    "customer_id,timestamp,stage,step,outcome,channel\n"
    "c1,2024-03-01 10:00:00,Purchase,Browse,completed,Web\n"
    "c1,2024-03-01 10:02:00,Purchase,Cart,abandoned,Web\n"
)


def _visit(customer: str, when: datetime, last: int, abandoned: bool, channel: str) -> list[dict]:
    """One visit's events: steps up to `last`, the last abandoned or completed."""
    return [
        {
            "customer_id": customer,
            "timestamp": when + timedelta(minutes=step),
            "stage": "Purchase",
            "step": STEPS[step],
            "outcome": "abandoned" if abandoned and step == last else "completed",
            "channel": channel,
        }
        for step in range(last + 1)
    ]


def _tables() -> dict[str, pl.DataFrame]:
    """12 customers: the first six abandon their first March visit (at Cart or Checkout), the rest complete
    it; then later visits, churn and NPS answers in the 90 days after (and some outside them). The data
    runs to 1 August 2024 (c07's churn), so every March visit has its 90 days."""
    ids = [f"c{i:02d}" for i in range(12)]
    events, answers = [], []
    for i, customer in enumerate(ids):
        first = datetime(2024, 3, 1 + i, 12)
        channel = "App" if i % 2 else "Web"
        events += _visit(customer, first, 1 + i % 2 if i < 6 else 3, i < 6, channel)
        events += _visit(customer, first + timedelta(days=3), 3, False, channel)
        events += _visit(customer, first + timedelta(days=5), i % 4, True, "Web")
        for k, score in enumerate((2, 5, 9) if i < 6 else (9, 10, 7)):
            answers.append((customer, first + timedelta(days=10 * k + 1), score))
        answers.append((customer, first, 0))  # on the visit's day: left out
        answers.append((customer, first + timedelta(days=95), 0))  # after the 90 days: left out
    churn = [date(2024, 4, 20) if i in (0, 1, 2, 6) else date(2024, 8, 1) if i == 7 else None for i in range(12)]
    customers = pl.DataFrame(
        {
            "customer_id": ids,
            "signup_date": [date(2024, 1, 1)] * 12,
            "churn_date": churn,
            "segment": ["SMB" if i % 3 else "Enterprise" for i in range(12)],
            "region": [None] * 12,
            "acquisition_channel": [None] * 12,
        },
        schema_overrides={"churn_date": pl.Date, "region": pl.String, "acquisition_channel": pl.String},
    )
    responses = pl.DataFrame(
        {
            "response_id": [f"r{k:03d}" for k in range(len(answers))],
            "customer_id": [a[0] for a in answers],
            "responded_at": [a[1] for a in answers],
            "metric": ["nps"] * len(answers),
            "score": [a[2] for a in answers],
        }
    ).with_columns(pl.lit(None, pl.String).alias(c) for c in ("journey_stage", "touchpoint", "channel", "comment"))
    journey = pl.DataFrame(events).with_columns(event_id=pl.format("e{}", pl.int_range(pl.len())))
    journey = journey.select(TABLES["journey_events"].column_names).cast({"timestamp": pl.Datetime("us")})
    return {"customers": customers, "survey_responses": responses, "journey_events": journey}


@pytest.fixture(scope="module")
def hand_made():
    tables = _tables()
    return engine_for_tables(tables, "Hand-made visits"), tables


def test_steps_match_polars(hand_made):
    engine, tables = hand_made
    events = tables["journey_events"]
    rows = engine.run_for("funnel_steps", SPRING, Filters())
    table = funnel.step_table(rows, "Purchase")
    want = (
        events.group_by("step")
        .agg(reached=pl.len(), abandoned=(pl.col("outcome") == "abandoned").sum())
        .sort("reached", descending=True)
    )
    assert table["step"].to_list() == list(STEPS)
    assert table["reached"].to_list() == want["reached"].to_list()
    assert table["abandoned"].to_list() == want["abandoned"].to_list()
    first = want["reached"][0]
    for row, expected in zip(table.iter_rows(named=True), want.iter_rows(named=True), strict=True):
        assert row["drop_off"] == pytest.approx(expected["abandoned"] / expected["reached"])
        assert (row["drop_low"], row["drop_high"]) == pytest.approx(
            metrics.proportion_interval(expected["abandoned"], expected["reached"])
        )
        assert row["from_start"] == pytest.approx(expected["reached"] / first)
    # a visit's steps: every visit reaches Browse once, so Browse counts the visits
    assert table["reached"][0] == 36


def test_abandonment_by_channel_matches_polars(hand_made):
    engine, tables = hand_made
    events = tables["journey_events"]
    table, spread = funnel.channel_table(engine.run_for("funnel_steps", SPRING, Filters()), "Purchase")
    later = events.filter(pl.col("step") != "Browse")
    want = (
        later.group_by("channel")
        .agg(started=(pl.col("step") == "Cart").sum(), abandoned=(pl.col("outcome") == "abandoned").sum())
        .sort("channel")
    )
    want = want.cast({"started": pl.Int64, "abandoned": pl.Int64})
    assert table.select("channel", "started", "abandoned").equals(want)
    assert spread is None, "fewer than 30 visits a channel: no test"


def test_what_followed_the_first_visit_matches_polars(hand_made):
    engine, tables = hand_made
    rows = engine.run_for("funnel_followup", SPRING, Filters())
    events = tables["journey_events"].with_columns(day=pl.col("timestamp").dt.date())
    first = events.group_by("customer_id").agg(pl.col("day").min())
    outcome = (
        events.join(first, on=["customer_id", "day"])
        .group_by("customer_id", "day")
        .agg(abandoned=(pl.col("outcome") == "abandoned").any())
    )
    churned = outcome.join(tables["customers"], on="customer_id").with_columns(
        churned=((pl.col("churn_date") - pl.col("day")).dt.total_days().is_between(1, 90)).fill_null(False)
    )
    answers = tables["survey_responses"].with_columns(answered=pl.col("responded_at").dt.date())
    later = outcome.join(answers, on="customer_id").filter(
        (pl.col("answered") - pl.col("day")).dt.total_days().is_between(1, 90)
    )
    for group, abandoned in (("abandoned", True), ("completed", False)):
        got = rows.filter(pl.col("outcome") == group).row(0, named=True)
        members = churned.filter(pl.col("abandoned") == abandoned)
        expected = (members.height, int(members["churned"].sum()))
        assert (got["customers"], got["churned"]) == expected == (6, 3 if abandoned else 1)
        scores = later.filter(pl.col("abandoned") == abandoned)["score"]
        assert got["n"] == scores.len() == 18
        assert (got["promoters"], got["detractors"]) == (int((scores >= 9).sum()), int((scores <= 6).sum()))


def test_follow_up_figures_and_their_tests(hand_made):
    engine, _ = hand_made
    rows = engine.run_for("funnel_followup", SPRING, Filters())
    table = funnel.followup(rows)
    churn = table.filter(pl.col("measure") == "churn")
    assert churn["n"].to_list() == [6, 6] and churn["value"].null_count() == 2, "6 customers: too few for a rate"
    tests = funnel.followup_tests(rows, SPRING)
    assert tests == {"churn": None, "nps": None}, "18 answers a side: too few to test"


def test_data_without_journey_events_runs_every_funnel_query(tiny):
    assert "journey_events" not in tiny.tables
    for name in ("funnel_steps", "funnel_followup"):
        assert tiny.run_for(name, SPRING, Filters()).height == 0
    assert views.funnel_view(tiny, SPRING, Filters()) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            GOOD_EVENTS.replace("abandoned,Web", "dropped,Web"),
            "ERROR journey_events.csv, column 'outcome': unknown outcome (expected completed or abandoned) "
            "(1 row; first: row 2); e.g. 'dropped'",
        ),
        (
            GOOD_EVENTS.replace("2024-03-01 10:02:00", "yesterday"),
            "ERROR journey_events.csv, column 'timestamp': an unparsable timestamp (expected YYYY-MM-DD or "
            "YYYY-MM-DD HH:MM:SS) (1 row; first: row 2); e.g. 'yesterday'",
        ),
        (
            GOOD_EVENTS.replace(",step,", ",page,"),
            "ERROR journey_events.csv, column 'step': missing required column 'step' "
            "(found: customer_id, timestamp, stage, page, outcome, channel)",
        ),
        (
            GOOD_EVENTS.replace("c1,2024-03-01 10:02", "c9,2024-03-01 10:02"),
            "ERROR journey_events.csv, column 'customer_id': customer_id not found in customers.csv "
            "(1 row; first: row 2); e.g. 'c9'",
        ),
    ],
    ids=["outcome", "timestamp", "missing column", "unknown customer"],
)
def test_bad_journey_events_name_file_column_and_row(tmp_path, text, expected):
    found = errors(load_dataset(write_dir(tmp_path, journey_events__csv=text)).problems)
    assert [str(p) for p in found] == [expected]


def test_good_journey_events_load_with_optional_columns_missing(tmp_path):
    text = "customer_id,timestamp,stage,step,outcome\nc1,2024-03-01,Purchase,Browse,completed\n"
    data = load_dataset(write_dir(tmp_path, journey_events__csv=text))
    assert data.problems == []
    events = data.tables["journey_events"]
    assert events.columns == TABLES["journey_events"].column_names
    assert events["event_id"].null_count() == events["channel"].null_count() == 1


@pytest.fixture(scope="module")
def full_sample(tmp_path_factory):
    """The default-size sample: the planted links need its 20,000 customers to stand out of the noise."""
    from cxdash.ingest.sample import write_sample

    return open_engine(write_sample(tmp_path_factory.mktemp("full_sample")))


def test_the_sample_plants_the_abandonment_link(full_sample):
    """Customers whose first visit from March to July 2026 was abandoned churn more and score lower in the
    90 days after than those who completed it, beyond noise."""
    period = Period(date(2026, 3, 1), date(2026, 7, 31))
    shown = views.funnel_view(full_sample, period, Filters())
    figures = {(r["outcome"], r["measure"]): r for r in shown.followup.iter_rows(named=True)}
    assert figures["abandoned", "churn"]["low"] > figures["completed", "churn"]["high"]
    assert figures["abandoned", "nps"]["high"] < figures["completed", "nps"]["low"]
    assert shown.tests["churn"].significant and shown.tests["nps"].significant, shown.tests
    assert shown.tests["churn"].difference > 0.02 and shown.tests["nps"].difference < -10


def test_the_sample_app_loses_more_visits_after_its_release(full_sample):
    def shares(start: date, end: date) -> dict[str, float]:
        table, _ = funnel.channel_table(full_sample.run_for("funnel_steps", Period(start, end), Filters()), "Purchase")
        return dict(table.select("channel", "share").iter_rows())

    before, after = shares(date(2026, 3, 1), date(2026, 4, 30)), shares(date(2026, 6, 1), date(2026, 10, 31))
    assert after["App"] - before["App"] > 0.03
    assert after["Web"] - before["Web"] < 0.01
    assert after["App"] - after["Web"] > 0.05


def test_sample_visits_fall_within_the_customers_life_and_end_in_orders(sample_dir):
    events = pl.read_parquet(sample_dir / "journey_events.parquet")
    customers = pl.read_parquet(sample_dir / "customers.parquet")
    orders = pl.read_parquet(sample_dir / "orders.parquet")
    lives = events.join(customers, on="customer_id")
    assert lives.height == events.height > 1000
    day = pl.col("timestamp").dt.date()
    assert lives.filter((day < pl.col("signup_date")) | (day >= pl.col("churn_date"))).height == 0
    paid = events.filter((pl.col("step") == "Payment") & (pl.col("outcome") == "completed"))
    matched = paid.join(orders, left_on=["customer_id", "timestamp"], right_on=["customer_id", "order_date"])
    assert matched.height == paid.height and (matched["channel"] == matched["channel_right"]).all()
    assert set(events["outcome"]) == {"completed", "abandoned"}


def test_funnel_page_says_when_there_are_no_journey_events(tiny_dir, data_env):
    data_env(tiny_dir)
    at = AppTest.from_file(HARNESS, default_timeout=120).run()
    at.switch_page("../pages/funnel.py").run()
    assert_clean(at)
    assert any("no journey_events table" in info.value for info in at.info)


def test_funnel_page_on_the_sample(sample_dir, data_env):
    data_env(sample_dir)
    at = AppTest.from_file(HARNESS, default_timeout=120)
    at.query_params.update({"period": "Last full quarter"})
    at.run()
    at.switch_page("../pages/funnel.py").run()
    assert_clean(at)
    shown = {m.label: m.value for m in at.metric}
    assert set(shown) == {"Visits", "Completed Payment", "Abandoned visits"}, shown
    assert any(m.value.startswith("- Churn rate:") or "Churn rate:" in m.value for m in at.markdown)


def test_an_uploaded_funnel_file_is_guessed_as_journey_events():
    from cxdash.ingest.mapping.guess import guess_table, guess_table_mapping

    columns = ["user_id", "event_time", "funnel", "page", "status", "channel"]
    assert guess_table("web_funnel.csv", columns) == "journey_events"
    guessed = guess_table_mapping("web_funnel.csv", columns).columns
    assert guessed == {
        "event_id": None,
        "customer_id": "user_id",
        "timestamp": "event_time",
        "stage": "funnel",
        "step": "page",
        "outcome": "status",
        "channel": "channel",
    }
