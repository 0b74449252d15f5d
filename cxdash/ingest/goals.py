"""SMART CX goals read from goals.yaml, each checked so a goal without a measure or a scope never shows.

A wrong goal is left out and reported as a warning naming it by number and id: goals never hide the
data's other figures. Goals are read apart from the data's database (an edit needs no rebuild), so
both `check` and the app call `read_goals` with the data's dimension values, and a filter on a value
the data does not have is named as clearly as a wrong date.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from pathlib import Path

from pydantic import ValidationError

from cxdash.ingest.config import Goal, explain, read_yaml
from cxdash.ingest.contracts import GOALS_FILE
from cxdash.ingest.problems import Problem

__all__ = ["Goal", "check_goal", "parse_goals", "read_goals", "scope_problem"]
MAX_KNOWN_SHOWN = 20


def _known(values: list[str], given: str) -> str:
    close = difflib.get_close_matches(given, values, n=1, cutoff=0.6)
    shown = ", ".join(values[:MAX_KNOWN_SHOWN]) + (", …" if len(values) > MAX_KNOWN_SHOWN else "")
    return (f"; did you mean {close[0]}?" if close else "") + f" (known: {shown or 'none'})"


def scope_problem(goal: Goal, dimensions: Mapping[str, list[str]]) -> str | None:
    """What in the goal's segment or filters this data does not have, in words naming the key; or None."""
    for dim, values in goal.scope().items():
        key = "segment" if dim == "segment" and goal.segment else f"filters.{dim}"
        if dim not in dimensions:
            return f"key '{key}': '{dim}' is not a customer dimension of this data{_known(sorted(dimensions), dim)}"
        for value in values:
            if value not in dimensions[dim]:
                return f"key '{key}': no {dim} '{value}' in this data{_known(dimensions[dim], value)}"
    return None


def check_goal(
    item: object, number: int, dimensions: Mapping[str, list[str]] | None = None, file: str = GOALS_FILE
) -> tuple[Goal | None, list[Problem]]:
    """One entry of goals.yaml (the `number`th) as a Goal, or the warnings saying what is wrong with it."""
    if not isinstance(item, dict):
        return None, [Problem(file, f"goal {number} is not keys with values", severity="warning")]
    label = f"goal {number}" + (f" '{item['id']}'" if item.get("id") not in (None, "") else "")
    try:
        goal = Goal.model_validate(item)
    except ValidationError as exc:
        return None, [Problem(file, explain(e, label), severity="warning") for e in exc.errors()]
    if dimensions is not None and (wrong := scope_problem(goal, dimensions)):
        return None, [Problem(file, f"{label}, {wrong}", severity="warning")]
    return goal, []


def parse_goals(
    raw: object, file: str = GOALS_FILE, dimensions: Mapping[str, list[str]] | None = None
) -> tuple[list[Goal], list[Problem]]:
    """The valid goals of a goals.yaml's content, and a warning per problem naming the goal by number and id.

    With `dimensions` (each customer dimension's values in the data), a goal filtering on a dimension or
    value the data lacks is left out too. Goals never block the data: every other figure still shows.
    """
    if raw is None:
        return [], []
    if not isinstance(raw, list):
        return [], [Problem(file, "expected a list of goals (each starting with '- id: ...')", severity="warning")]
    goals: list[Goal] = []
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    for number, item in enumerate(raw, start=1):
        goal, found = check_goal(item, number, dimensions, file)
        problems += found
        if goal is None:
            continue
        if goal.id in seen:
            problems.append(
                Problem(file, f"goal {number} '{goal.id}': the id repeats goal {seen[goal.id]}", severity="warning")
            )
            continue
        seen[goal.id] = number
        goals.append(goal)
    return goals, problems


def read_goals(directory: Path, dimensions: Mapping[str, list[str]] | None = None) -> tuple[list[Goal], list[Problem]]:
    """Goals of a data dir; a missing goals.yaml is no problem (there are simply no goals)."""
    path = Path(directory) / GOALS_FILE
    if not path.exists():
        return [], []
    raw, problems = read_yaml(path, severity="warning")
    return ([], problems) if problems else parse_goals(raw, dimensions=dimensions)
