"""The Goals page in AppTest, on a copy of the sample: view, add, edit, delete, and errors that block
nothing else."""

import shutil

import pytest
import yaml
from streamlit.testing.v1 import AppTest

from tests.test_pages import HARNESS

NEW = "returns-down"


@pytest.fixture
def goals_copy(sample_dir, tmp_path, data_env):
    copy = tmp_path / "sample"
    shutil.copytree(sample_dir, copy)
    data_env(copy)
    return copy


def goals_page() -> AppTest:
    at = AppTest.from_file(HARNESS, default_timeout=240).run()
    at.switch_page("../pages/goals.py").run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def ids(directory) -> list[str]:
    return [entry["id"] for entry in yaml.safe_load((directory / "goals.yaml").read_text())]


def test_view_add_edit_delete(goals_copy):
    at = goals_page()
    assert at.title[0].value == "Goals"
    summary = next(m.value for m in at.markdown if "achieved or on track" in m.value)
    assert "of 7 achieved or on track" in summary and "NPS 2025 missed" in summary
    headings = [m.value for m in at.markdown if m.value.startswith("#### ")]
    assert len(headings) == 7 and any("Zero enterprise churn" in h for h in headings)
    assert len(at.table) == 7  # the SMART tables
    assert len(at.get("plotly_chart")) == 7

    # add
    at.text_input(key="add_goal_id").input(NEW)
    at.text_input(key="add_goal_name").input("Fewer refunds")
    at.selectbox(key="add_goal_metric").select("churn_rate")
    at.selectbox(key="add_goal_direction").select("decrease")
    at.number_input(key="add_goal_target").set_value(0.05)
    at.text_input(key="add_goal_owner").input("COO")
    at.multiselect(key="add_goal_f_region").select("North")
    at.button(key="add_goal_save").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert ids(goals_copy)[-1] == NEW and [s.value for s in at.success] == [f"Added goal '{NEW}'."]
    assert (goals_copy / "goals.yaml.bak").exists()
    saved = yaml.safe_load((goals_copy / "goals.yaml").read_text())[-1]
    assert saved["filters"] == {"region": ["North"]} and saved["target"] == 0.05 and "objective" not in saved
    assert any("Fewer refunds" in m.value for m in at.markdown if m.value.startswith("#### "))

    # edit: a wrong value is refused with check's words, then a right one saved
    at.text_input(key=f"edit_{NEW}_tolerance").input("lots")
    at.button(key=f"edit_{NEW}_save").click().run()
    assert [e.value for e in at.error] == [
        f"WARNING goals.yaml: goal 8 '{NEW}', key 'tolerance': must be a number, got 'lots'"
    ]
    at.text_input(key=f"edit_{NEW}_tolerance").input("0.01")
    at.text_input(key=f"edit_{NEW}_name").input("Fewer cancellations")
    at.button(key=f"edit_{NEW}_save").click().run()
    assert not at.error and yaml.safe_load((goals_copy / "goals.yaml").read_text())[-1]["tolerance"] == 0.01
    assert any("Fewer cancellations" in m.value for m in at.markdown if m.value.startswith("#### "))

    # delete
    at.checkbox(key=f"delete_sure_{NEW}").check()
    at.button(key=f"delete_{NEW}_go").click().run()
    assert NEW not in ids(goals_copy) and len(ids(goals_copy)) == 7 and not at.exception


def test_a_change_made_elsewhere_is_not_overwritten(goals_copy):
    at = goals_page()
    text = (goals_copy / "goals.yaml").read_text()
    changed = text.replace("VP Customer Service", "Head of Service")  # another tab saves meanwhile
    (goals_copy / "goals.yaml").write_text(changed)
    at.checkbox(key="delete_sure_revenue-ttm").check()
    at.button(key="delete_revenue-ttm_go").click().run()
    assert any("changed since it was loaded" in e.value for e in at.error)
    assert (goals_copy / "goals.yaml").read_text() == changed


def test_a_broken_goals_file_shows_its_errors_and_blocks_nothing_else(goals_copy):
    entries = yaml.safe_load((goals_copy / "goals.yaml").read_text())
    entries[0]["deadline"] = "someday"
    (goals_copy / "goals.yaml").write_text(yaml.safe_dump(entries))
    at = goals_page()
    assert any("goal 1 'csat-2026', key 'deadline': 'someday' is not a date" in w.value for w in at.warning)
    assert len([m for m in at.markdown if m.value.startswith("#### ")]) == 6
    (goals_copy / "goals.yaml").write_text("- [unclosed\n")
    at = goals_page()
    assert any("not valid YAML" in w.value for w in at.warning) and not at.exception
    at.switch_page("../pages/overview.py").run()
    assert not at.exception and "NPS" in [m.label for m in at.metric]


def test_the_overview_shows_a_goals_line_and_status(goals_copy):
    at = AppTest.from_file(HARNESS, default_timeout=240).run()
    assert not at.exception
    csat = next(m for m in at.metric if m.label == "CSAT")
    assert csat.proto.delta_description.endswith("goal achieved")
    specs = [chart.proto.spec for chart in at.get("plotly_chart")]
    assert sum("Goal: Customer satisfaction (CSAT)" in spec for spec in specs) == 1  # on the CSAT trend only
    entries = yaml.safe_load((goals_copy / "goals.yaml").read_text())
    (goals_copy / "goals.yaml").write_text(yaml.safe_dump([e for e in entries if e["id"] != "csat-2026"]))
    at.run()  # an edit shows at once: goals are read apart from the database
    assert not next(m for m in at.metric if m.label == "CSAT").proto.delta_description.endswith("goal achieved")
    assert not any("Goal: Customer satisfaction" in chart.proto.spec for chart in at.get("plotly_chart"))
