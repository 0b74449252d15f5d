"""Typed configuration: dataset.yaml and goals read into checked models, mistakes told in plain words."""

from datetime import date, datetime

import polars as pl
import pytest
import yaml

from cxdash.ingest.config import (
    ConfigError,
    DatasetMeta,
    ObservedSpan,
    parse_iso_date,
    read_dataset_meta,
)
from cxdash.ingest.datadir import write_datadir
from cxdash.ingest.goals import parse_goals

GOAL = {
    "id": "nps-up",
    "name": "Lift NPS",
    "metric": "nps",
    "target": 40,
    "direction": "increase",
    "start": date(2026, 1, 1),
    "deadline": date(2026, 12, 31),
    "owner": "CX lead",
    "objective": "More referrals",
}


def test_meta_from_keywords_with_iso_strings_as_the_importers_write_it(tmp_path):
    meta = DatasetMeta(
        name="Telco",
        as_of="2024-01-31",
        currency="usd",
        observed={"churn": {"start": "2024-01-01", "end": "2024-01-31"}},
    )
    assert meta.as_of == date(2024, 1, 31) and meta.currency == "USD"
    assert meta.observed["churn"] == ObservedSpan(start=date(2024, 1, 1), end=date(2024, 1, 31))
    write_datadir(tmp_path, {"customers": pl.DataFrame({"customer_id": ["a"]})}, meta)
    written = yaml.safe_load((tmp_path / "dataset.yaml").read_text(encoding="utf-8"))
    assert written["as_of"] == "2024-01-31" and written["observed"] == {
        "churn": {"start": "2024-01-01", "end": "2024-01-31"}
    }
    assert DatasetMeta.read(tmp_path) == meta


def test_assignments_are_checked_too():
    meta = DatasetMeta(name="x")
    meta.as_of = "2024-02-29"
    assert meta.as_of == date(2024, 2, 29)
    with pytest.raises(ValueError, match="not a real date"):
        meta.as_of = "2023-02-29"


def test_no_dataset_yaml_means_the_folder_name(tmp_path):
    meta, problems = read_dataset_meta(tmp_path)
    assert meta.name == tmp_path.name and meta.as_of is None and meta.currency == "USD" and problems == []


def test_empty_keys_take_their_defaults(tmp_path):
    (tmp_path / "dataset.yaml").write_text("name: Acme\ndescription:\nassumptions:\n", encoding="utf-8")
    meta, problems = read_dataset_meta(tmp_path)
    assert (meta.name, meta.description, meta.assumptions, problems) == ("Acme", "", [], [])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("as_of: 86400\n", "key 'as_of': 86400 is not a date in the form YYYY-MM-DD"),  # not a Unix time
        ("as_of: 2024-02-30\n", "key 'as_of': '2024-02-30' is not a real date (day is out of range for month)"),
        ("currency: XYZ\n", "key 'currency': 'XYZ' is not an ISO 4217 currency code"),
        ("observed:\n  refunds: {start: 2024-01-01, end: 2024-02-01}\n", "key 'observed.refunds': must be 'orders'"),
        ("observed:\n  churn: {start: 2024-01-01}\n", "missing key 'observed.churn.end'"),
        ("assumptions: one sentence\n", "key 'assumptions': must be a list, got 'one sentence'"),
    ],
)
def test_dataset_mistakes_in_plain_words(tmp_path, text, expected):
    (tmp_path / "dataset.yaml").write_text(text, encoding="utf-8")
    meta, problems = read_dataset_meta(tmp_path)
    assert [p.severity for p in problems] == ["error"] and expected in str(problems[0])
    assert "Input should" not in str(problems[0]) and "pydantic" not in str(problems[0])
    assert meta.name == tmp_path.name  # the fallback: nothing of a wrong file is used
    with pytest.raises(ConfigError, match=r"dataset\.yaml"):
        DatasetMeta.read(tmp_path)


def test_dataset_yaml_in_another_encoding(tmp_path):
    (tmp_path / "dataset.yaml").write_bytes("name: Café\n".encode("latin-1"))
    assert str(read_dataset_meta(tmp_path)[1][0]) == "ERROR dataset.yaml: not UTF-8 text; save it as UTF-8"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-01-31", date(2026, 1, 31)),
        ("2026-13-01", "'2026-13-01' is not a real date (month must be in 1..12)"),
        ("01/02/2026", "'01/02/2026' is not a date in the form YYYY-MM-DD"),
        ("20260102", "'20260102' is not a date in the form YYYY-MM-DD"),  # Python alone would take it
    ],
)
def test_iso_dates(text, expected):
    if isinstance(expected, date):
        assert parse_iso_date(text) == expected
    else:
        with pytest.raises(ValueError, match=expected.replace("(", r"\(").replace(")", r"\)")):
            parse_iso_date(text)


def test_goal_fields_typed():
    (goal,), problems = parse_goals(
        [
            GOAL
            | {
                "id": 7,
                "start": datetime(2026, 1, 1, 10, 0),
                "deadline": "2026-12-31 18:00:00",
                "filters": {"region": "North", "plan": ["Basic", "Plus"]},
                "segment": "SMB",
                "baseline": 31.5,
            }
        ]
    )
    assert problems == []
    assert goal.id == "7" and goal.start == date(2026, 1, 1) and goal.deadline == date(2026, 12, 31)
    assert goal.filters == {"region": ("North",), "plan": ("Basic", "Plus")}
    assert (goal.segment, goal.baseline, goal.window_days, goal.target) == ("SMB", 31.5, 90, 40.0)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"target": True}, "goal 1 'nps-up', key 'target': must be a number, got True"),
        ({"target": float("nan")}, "key 'target': must be a finite number"),
        ({"window_days": 30.5}, "key 'window_days': must be a whole number, got 30.5"),
        ({"owner": "  "}, "goal 1 'nps-up', key 'owner': is empty"),
        ({"filters": {"region": []}}, "key 'filters.region': must be a value or a list of values, got []"),
        ({"filters": "North"}, "key 'filters': must be keys with values, got 'North'"),
        ({"windows_days": 30}, "goal 1 'nps-up': unknown key 'windows_days'"),
        ({"id": None}, "goal 1: missing key 'id'"),
    ],
)
def test_goal_mistakes_name_the_goal_and_the_key(change, expected):
    goals, problems = parse_goals([{k: v for k, v in (GOAL | change).items() if v is not None}])
    assert goals == [] and len(problems) == 1
    assert str(problems[0]) == f"WARNING goals.yaml: {expected}" or expected in str(problems[0])


def test_a_goal_that_is_not_a_mapping():
    goals, problems = parse_goals([GOAL, "lift nps"])
    assert len(goals) == 1 and str(problems[0]) == "WARNING goals.yaml: goal 2 is not keys with values"
