"""Saving goals.yaml: atomic, the old version kept, a concurrent change detected, validated like check."""

import os
from pathlib import Path

import pytest
import yaml

from cxdash.goals import store
from tests.test_goals_file import DIMENSIONS, GOOD

OTHER = GOOD | {"id": "csat-up", "metric": "csat", "target": 85}


@pytest.fixture
def goals_dir(tmp_path: Path) -> Path:
    (tmp_path / "goals.yaml").write_text(store.to_yaml([GOOD]), encoding="utf-8")
    return tmp_path


def test_a_save_replaces_the_file_and_keeps_the_old_one(goals_dir):
    loaded = store.load(goals_dir)
    old = (goals_dir / "goals.yaml").read_bytes()
    saved = store.save(loaded, [*loaded.entries, OTHER], 1, DIMENSIONS)
    assert yaml.safe_load((goals_dir / "goals.yaml").read_text())[1]["id"] == "csat-up"
    assert (goals_dir / "goals.yaml.bak").read_bytes() == old
    assert saved.digest == store.digest((goals_dir / "goals.yaml").read_bytes())
    assert [p.name for p in goals_dir.iterdir() if p.name.endswith(".tmp")] == []


def test_a_save_killed_half_way_leaves_the_old_file_intact(goals_dir, monkeypatch):
    loaded = store.load(goals_dir)
    old = (goals_dir / "goals.yaml").read_bytes()
    real_fdopen = os.fdopen

    class HalfWritten:
        """A file that writes half of what it is given, then fails: the disk fills mid-save."""

        def __init__(self, handle, mode):
            self.file = real_fdopen(handle, mode)

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.file.close()

        def write(self, data):
            self.file.write(data[: len(data) // 2])
            self.file.flush()
            raise OSError("No space left on device")

    monkeypatch.setattr(os, "fdopen", HalfWritten)
    with pytest.raises(OSError):
        store.save(loaded, [GOOD, OTHER], 1, DIMENSIONS)
    monkeypatch.undo()
    assert (goals_dir / "goals.yaml").read_bytes() == old
    assert [p.name for p in goals_dir.iterdir() if p.name.endswith(".tmp")] == []


def test_a_crash_before_the_rename_leaves_the_old_file_intact(goals_dir, monkeypatch):
    loaded = store.load(goals_dir)
    old = (goals_dir / "goals.yaml").read_bytes()

    def crash(*_args):
        raise KeyboardInterrupt  # the process is stopped between writing and renaming

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(KeyboardInterrupt):
        store.save(loaded, [GOOD, OTHER], 1, DIMENSIONS)
    monkeypatch.undo()
    assert (goals_dir / "goals.yaml").read_bytes() == old


def test_a_concurrent_change_is_detected_and_nothing_written(goals_dir):
    mine = store.load(goals_dir)
    theirs = store.load(goals_dir)
    store.save(theirs, [*theirs.entries, OTHER], 1, DIMENSIONS)  # another tab saves first
    after_theirs = (goals_dir / "goals.yaml").read_bytes()
    with pytest.raises(store.GoalsChanged, match="changed since it was loaded"):
        store.save(mine, [], None, DIMENSIONS)
    assert (goals_dir / "goals.yaml").read_bytes() == after_theirs


def test_an_edit_by_hand_is_detected_too(goals_dir):
    mine = store.load(goals_dir)
    (goals_dir / "goals.yaml").write_text("# edited in a text editor\n" + store.to_yaml([GOOD]), encoding="utf-8")
    with pytest.raises(store.GoalsChanged):
        store.save(mine, [GOOD, OTHER], 1, DIMENSIONS)


def test_a_wrong_goal_is_refused_with_checks_words(goals_dir):
    loaded = store.load(goals_dir)
    with pytest.raises(store.GoalsInvalid) as refused:
        store.save(loaded, [GOOD, OTHER | {"filters": {"region": "Nort"}}], 1, DIMENSIONS)
    assert "goal 2 'csat-up', key 'filters.region': no region 'Nort'" in str(refused.value)
    with pytest.raises(store.GoalsInvalid, match="goal 2 'nps-up': the id repeats goal 1"):
        store.save(loaded, [GOOD, GOOD], 1, DIMENSIONS)
    assert store.load(goals_dir).entries == [GOOD]


def test_a_file_that_is_not_a_list_is_never_overwritten(goals_dir):
    (goals_dir / "goals.yaml").write_text("{not: a list}\n", encoding="utf-8")
    loaded = store.load(goals_dir)
    assert not loaded.editable
    with pytest.raises(store.GoalsInvalid):
        store.save(loaded, [GOOD], 0, DIMENSIONS)
    assert (goals_dir / "goals.yaml").read_text() == "{not: a list}\n"


def test_the_first_goal_of_a_dir_without_goals(tmp_path):
    loaded = store.load(tmp_path)
    assert loaded.entries == [] and loaded.editable
    store.save(loaded, [GOOD], 0, DIMENSIONS)
    assert store.load(tmp_path).entries == [GOOD] and not (tmp_path / "goals.yaml.bak").exists()
