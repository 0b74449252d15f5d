"""SMART CX goals read from goals.yaml, checked so a goal without a measure or a deadline never shows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import yaml

from cxdash.figures.registry import KPI_BY_NAME
from cxdash.ingest.contracts import GOALS_FILE
from cxdash.ingest.problems import Problem

REQUIRED = ("id", "name", "metric", "target", "direction", "start", "deadline", "owner", "objective")


@dataclass(frozen=True)
class Goal:
    id: str
    name: str
    metric: str
    target: float
    direction: str
    start: date
    deadline: date
    owner: str
    objective: str
    segment: str | None = None
    baseline: float | None = None
    window_days: int = 90


def _as_date(value: object) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def _goal_problems(raw: object, number: int) -> list[str]:
    if not isinstance(raw, dict):
        return [f"goal {number} is not a mapping of keys to values"]
    found = [f"missing key '{key}'" for key in REQUIRED if raw.get(key) in (None, "")]
    if raw.get("metric") is not None and raw["metric"] not in KPI_BY_NAME:
        found.append(f"unknown metric '{raw['metric']}' (expected one of {', '.join(KPI_BY_NAME)})")
    if raw.get("direction") not in (None, "increase", "decrease"):
        found.append(f"direction '{raw['direction']}' must be 'increase' or 'decrease'")
    for key in ("target", "baseline", "window_days"):
        if raw.get(key) is not None and not isinstance(raw[key], int | float):
            found.append(f"'{key}' must be a number, got {raw[key]!r}")
    dates = {}
    for key in ("start", "deadline"):
        if raw.get(key) is not None:
            try:
                dates[key] = _as_date(raw[key])
            except ValueError:
                found.append(f"'{key}' {raw[key]!r} is not a date (YYYY-MM-DD)")
    if len(dates) == 2 and dates["deadline"] <= dates["start"]:
        found.append("deadline is not after start")
    return found


def read_goals(directory: Path) -> tuple[list[Goal], list[Problem]]:
    """Goals of a data dir; a missing goals.yaml is no error (the Goals page says there are none)."""
    path = Path(directory) / GOALS_FILE
    if not path.exists():
        return [], []
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        return [], [Problem(GOALS_FILE, f"not valid YAML: {str(exc).splitlines()[0]}")]
    if not isinstance(raw, list):
        return [], [Problem(GOALS_FILE, "expected a list of goals")]
    goals, problems = [], []
    for number, item in enumerate(raw, start=1):
        found = _goal_problems(item, number)
        label = f"goal {number}" + (f" '{item.get('id')}'" if isinstance(item, dict) and item.get("id") else "")
        problems += [Problem(GOALS_FILE, f"{label}: {text}") for text in found]
        if not found:
            fields = {k: item[k] for k in Goal.__dataclass_fields__ if item.get(k) is not None}
            fields.update(
                id=str(item["id"]),
                target=float(item["target"]),
                start=_as_date(item["start"]),
                deadline=_as_date(item["deadline"]),
            )
            goals.append(Goal(**fields))
    return goals, problems
