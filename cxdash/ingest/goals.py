"""SMART CX goals read from goals.yaml, each checked so a goal without a measure or a deadline never shows.

A wrong goal is left out and reported as a warning naming it by number and id: goals never hide the
data's other figures.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import ValidationError

from cxdash.ingest.config import Goal, explain, read_yaml
from cxdash.ingest.contracts import GOALS_FILE
from cxdash.ingest.problems import Problem

__all__ = ["Goal", "parse_goals", "read_goals"]


def parse_goals(raw: object, file: str = GOALS_FILE) -> tuple[list[Goal], list[Problem]]:
    """The valid goals of a goals.yaml's content, and a warning per problem naming the goal by number and id.

    Goals never block the data: a wrong goal is left out and reported, every other figure still shows.
    """
    if raw is None:
        return [], []
    if not isinstance(raw, list):
        return [], [Problem(file, "expected a list of goals (each starting with '- id: ...')", severity="warning")]
    goals: list[Goal] = []
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    for number, item in enumerate(raw, start=1):
        if not isinstance(item, dict):
            problems.append(Problem(file, f"goal {number} is not keys with values", severity="warning"))
            continue
        label = f"goal {number}" + (f" '{item['id']}'" if item.get("id") not in (None, "") else "")
        try:
            goal = Goal.model_validate(item)
        except ValidationError as exc:
            problems += [Problem(file, explain(e, label), severity="warning") for e in exc.errors()]
            continue
        if goal.id in seen:
            problems.append(Problem(file, f"{label}: the id repeats goal {seen[goal.id]}", severity="warning"))
            continue
        seen[goal.id] = number
        goals.append(goal)
    return goals, problems


def read_goals(directory: Path) -> tuple[list[Goal], list[Problem]]:
    """Goals of a data dir; a missing goals.yaml is no problem (there are simply no goals)."""
    path = Path(directory) / GOALS_FILE
    if not path.exists():
        return [], []
    raw, problems = read_yaml(path, severity="warning")
    return ([], problems) if problems else parse_goals(raw)
