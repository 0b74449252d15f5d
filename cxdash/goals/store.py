"""Saving goals.yaml safely: validated as `check` validates it, written atomically, the previous version
kept, and never over a file someone else changed since it was loaded.

A save writes a temporary file beside goals.yaml, flushes it to disk and renames it into place
(`os.replace`, atomic on one file system): a save killed half-way leaves the old file whole. The old
content is kept as goals.yaml.bak (written the same way). The content hash taken when the page loaded the
file is compared with the file's hash just before the rename; if they differ (another user, another tab,
an editor), nothing is written and `GoalsChanged` says so.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from cxdash.ingest.config import load_yaml
from cxdash.ingest.contracts import GOALS_FILE
from cxdash.ingest.goals import check_goal
from cxdash.ingest.problems import Problem

BACKUP_SUFFIX = ".bak"


class GoalsChanged(RuntimeError):
    """goals.yaml changed since it was loaded: reload it and make the change again."""


class GoalsInvalid(ValueError):
    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = problems


@dataclass(frozen=True)
class Loaded:
    """goals.yaml as read: its raw goal entries (in file order), the hash of its bytes, and whether it is a
    list the app can edit (a file that is not stays as it is until fixed by hand)."""

    path: Path
    entries: list[Any]
    digest: str
    editable: bool = True


def digest(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def _current(path: Path) -> bytes:
    return path.read_bytes() if path.exists() else b""


def load(directory: Path) -> Loaded:
    """The entries of goals.yaml and its hash (an absent file: no entries, the hash of nothing); a file
    that is not a YAML list loads as not editable, and `read_goals` reports why."""
    path = Path(directory) / GOALS_FILE
    content = _current(path)
    try:
        raw = load_yaml(content.decode("utf-8")) if content.strip() else []
    except (UnicodeDecodeError, yaml.YAMLError):
        raw = None
    return Loaded(path, list(raw) if isinstance(raw, list) else [], digest(content), isinstance(raw, list))


def _write_atomically(path: Path, content: bytes) -> None:
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(content)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def to_yaml(entries: list[Any]) -> str:
    return yaml.safe_dump(entries, sort_keys=False, allow_unicode=True)


def check_entry(entries: list[Any], index: int, dimensions: Mapping[str, list[str]] | None = None) -> list[Problem]:
    """What `check` would say about entry `index` of `entries`: its fields, its scope, an id used twice."""
    goal, problems = check_goal(entries[index], index + 1, dimensions)
    if goal is not None:
        ids = [str(e.get("id")) if isinstance(e, dict) else None for e in entries]
        others = [n for n, found in enumerate(ids, start=1) if n != index + 1 and found == goal.id]
        if others:
            text = f"goal {index + 1} '{goal.id}': the id repeats goal {others[0]}"
            problems.append(Problem(GOALS_FILE, text, severity="warning"))
    return problems


def save(
    loaded: Loaded,
    entries: list[Any],
    changed: int | None = None,
    dimensions: Mapping[str, list[str]] | None = None,
) -> Loaded:
    """Write `entries` as goals.yaml if entry `changed` (None: a deletion) passes `check`'s validation and
    the file is unchanged since `loaded`; returns the new state. Raises GoalsInvalid or GoalsChanged,
    writing nothing. Other entries are saved as they were: a wrong goal elsewhere does not block an edit."""
    if not loaded.editable:
        raise GoalsInvalid([Problem(GOALS_FILE, "is not a list of goals: fix it by hand first", severity="warning")])
    if changed is not None and (problems := check_entry(entries, changed, dimensions)):
        raise GoalsInvalid(problems)
    content = to_yaml(entries).encode("utf-8")
    before = _current(loaded.path)
    if digest(before) != loaded.digest:
        raise GoalsChanged(f"{GOALS_FILE} changed since it was loaded (another user or tab?): reload and try again")
    if before:
        _write_atomically(loaded.path.with_name(loaded.path.name + BACKUP_SUFFIX), before)
    _write_atomically(loaded.path, content)
    return Loaded(loaded.path, entries, digest(content))
