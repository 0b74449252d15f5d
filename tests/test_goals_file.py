"""goals.yaml: each kind of bad field gives a clear warning naming the file, the goal and the key; the
scope is checked against the data's own dimension values; `check` reports the same."""

from datetime import date

import pytest
import yaml

from cxdash.cli import main
from cxdash.ingest.goals import parse_goals
from tests.test_goals_pace import goal

DIMENSIONS = {"segment": ["Consumer", "SMB"], "region": ["North", "South"]}
GOOD = {
    "id": "nps-up",
    "name": "Lift NPS",
    "metric": "nps",
    "target": 40,
    "direction": "increase",
    "start": "2026-01-01",
    "deadline": "2026-12-31",
    "owner": "CX lead",
    "objective": "More referrals",
}


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"metric": "joy"}, "goal 1 'nps-up', key 'metric': unknown metric 'joy'"),
        ({"target": "high"}, "goal 1 'nps-up', key 'target': must be a number, got 'high'"),
        ({"direction": "up"}, "goal 1 'nps-up', key 'direction': must be 'increase' or 'decrease', got 'up'"),
        ({"start": "soon"}, "goal 1 'nps-up', key 'start': 'soon' is not a date in the form YYYY-MM-DD"),
        ({"deadline": "2026-02-30"}, "goal 1 'nps-up', key 'deadline': '2026-02-30' is not a real date"),
        ({"deadline": "2025-12-31"}, "goal 1 'nps-up': deadline 2025-12-31 is not after start 2026-01-01"),
        ({"window_days": 0}, "goal 1 'nps-up', key 'window_days': must be greater than 0, got 0"),
        ({"window_days": 1.5}, "goal 1 'nps-up', key 'window_days': must be a whole number, got 1.5"),
        ({"tolerance": -1}, "goal 1 'nps-up', key 'tolerance': must be greater than 0, got -1"),
        ({"baseline": "x"}, "goal 1 'nps-up', key 'baseline': must be a number, got 'x'"),
        ({"name": " "}, "goal 1 'nps-up', key 'name': is empty"),
        ({"owner": 7}, None),  # a number is taken as text
        ({"milestones": [{"date": "2027-02-01", "target": 30}]}, "milestone dates must lie between start"),
        ({"milestones": [{"date": "2026-06-01"}]}, "goal 1 'nps-up': missing key 'milestones.0.target'"),
        ({"milestones": [{"date": "2026-06-01", "target": 30}], "deadline": None}, "milestones need a deadline"),
        (
            {"filters": {"region": "Nort"}},
            "goal 1 'nps-up', key 'filters.region': no region 'Nort' in this data; "
            "did you mean North? (known: North, South)",
        ),
        ({"filters": {"regio": "North"}}, "key 'filters.regio': 'regio' is not a customer dimension of this data"),
        ({"segment": "Enterprise"}, "goal 1 'nps-up', key 'segment': no segment 'Enterprise' in this data"),
        ({"segment": "SMB", "filters": {"segment": "SMB"}}, "give the segment once"),
        ({"filters": {"region": [True]}}, "key 'filters.region': must be a value or a list of values"),
        ({"colour": "red"}, "goal 1 'nps-up': unknown key 'colour'"),
        ({"id": None}, "goal 1: missing key 'id'"),
    ],
)
def test_each_bad_field_names_file_goal_and_key(change, expected):
    entry = {k: v for k, v in (GOOD | change).items() if v is not None}
    goals, problems = parse_goals([entry], dimensions=DIMENSIONS)
    if expected is None:
        assert problems == [] and len(goals) == 1
        return
    assert goals == [] and len(problems) == 1
    text = str(problems[0])
    assert text.startswith("WARNING goals.yaml: goal 1") and expected in text, text


def test_a_valid_scope_and_optional_fields():
    entry = GOOD | {"filters": {"region": ["North", "South"]}, "segment": "SMB", "tolerance": 2, "owner": None}
    (found,), problems = parse_goals([{k: v for k, v in entry.items() if v is not None}], dimensions=DIMENSIONS)
    assert problems == [] and found.owner is None and found.tolerance == 2.0
    assert found.scope() == {"segment": ("SMB",), "region": ("North", "South")}
    assert found.scope_text() == "segment SMB, region North or South"
    assert goal().deadline == date(2026, 12, 31) and goal().window_days == 90


def test_check_names_an_unknown_filter_value_in_the_sample(sample_dir, tmp_path, capsys):
    import shutil

    copy = tmp_path / "copy"
    shutil.copytree(sample_dir, copy)
    entries = yaml.safe_load((copy / "goals.yaml").read_text())
    entries[0]["filters"] = {"region": ["Nort"]}
    (copy / "goals.yaml").write_text(yaml.safe_dump(entries))
    assert main(["check", str(copy)]) == 0
    out = capsys.readouterr().out
    assert f"WARNING goals.yaml: goal 1 '{entries[0]['id']}', key 'filters.region': no region 'Nort'" in out
    assert out.strip().endswith("ok")
