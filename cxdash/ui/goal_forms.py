"""The Goals page's forms: add, edit and delete a goal, and suggest a target.

Every save goes through `cxdash.goals.store`: validated as `check` does, atomic, the old file kept as
goals.yaml.bak, and refused when the file changed since this session last showed it (`SEEN_KEY` holds the
hash of goals.yaml as shown, set by the page at the end of each run).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import streamlit as st

from cxdash.engine.engine import Engine
from cxdash.figures.counts import Filters
from cxdash.figures.registry import KPI_BY_NAME
from cxdash.goals import store
from cxdash.goals.suggest import suggest_target
from cxdash.goals.words import value_text
from cxdash.ingest.config import Goal

SEEN_KEY = "goals_seen_digest"  # hash of goals.yaml as this session last showed it
FLASH_KEY = "goals_flash"  # what the last save did, shown after the rerun it starts


def _entry_from_form(values: dict[str, Any], old: dict[str, Any] | None) -> dict[str, Any]:
    """The goals.yaml entry the form describes; keys the form does not edit (milestones) are kept."""
    entry: dict[str, Any] = {k: v for k, v in (old or {}).items() if k in ("milestones",)}
    for key in ("id", "name", "metric", "direction", "owner", "objective"):
        if values[key] not in (None, ""):
            entry[key] = values[key].strip() if isinstance(values[key], str) else values[key]
    entry["target"] = values["target"]
    entry["start"] = values["start"].isoformat()
    if values["deadline"]:
        entry["deadline"] = values["deadline"].isoformat()
    for key in ("baseline", "tolerance"):
        text = (values[key] or "").strip()
        if text:
            try:
                entry[key] = float(text)
            except ValueError:
                entry[key] = text  # the check names the key and says it must be a number
    entry["window_days"] = int(values["window_days"])
    chosen = {dim: list(v) for dim, v in values["filters"].items() if v}
    if chosen:
        entry["filters"] = chosen
    return entry


def goal_form(engine: Engine, key: str, old: dict[str, Any] | None, as_of: date) -> dict[str, Any] | None:
    """The add or edit form; returns the entry when submitted."""
    old = old or {}
    metrics = [k.name for k in engine.kpis_shown]
    scope = dict(old.get("filters") or {})
    if old.get("segment"):
        scope["segment"] = [old["segment"]]
    with st.form(key):
        values: dict[str, Any] = {}
        left, right = st.columns(2)
        values["id"] = left.text_input("Id", value=str(old.get("id", "")), key=f"{key}_id", disabled=bool(old))
        values["name"] = right.text_input("Name", value=str(old.get("name", "")), key=f"{key}_name")
        metric = old.get("metric") if old.get("metric") in metrics else metrics[0]
        values["metric"] = left.selectbox(
            "Metric",
            metrics,
            index=metrics.index(metric),
            format_func=lambda m: KPI_BY_NAME[m].label,
            key=f"{key}_metric",
        )
        directions = ["increase", "decrease"]
        values["direction"] = right.selectbox(
            "Direction", directions, index=directions.index(old.get("direction", "increase")), key=f"{key}_direction"
        )
        values["target"] = left.number_input(
            "Target", value=float(old.get("target", 0.0) or 0.0), format="%.4g", key=f"{key}_target"
        )
        values["window_days"] = right.number_input(
            "Window (days)", min_value=1, value=int(old.get("window_days", 90)), key=f"{key}_window"
        )
        values["start"] = left.date_input("Start", value=_day(old.get("start")) or as_of, key=f"{key}_start")
        values["deadline"] = right.date_input(
            "Deadline", value=_day(old.get("deadline")) or as_of + timedelta(days=365), key=f"{key}_deadline"
        )
        values["owner"] = left.text_input("Owner", value=str(old.get("owner") or ""), key=f"{key}_owner")
        values["objective"] = right.text_input(
            "Objective", value=str(old.get("objective") or ""), key=f"{key}_objective"
        )
        values["baseline"] = left.text_input(
            "Baseline (empty: measured before the start)", value=_text(old.get("baseline")), key=f"{key}_baseline"
        )
        values["tolerance"] = right.text_input(
            "Tolerance (empty: a tenth of the way)", value=_text(old.get("tolerance")), key=f"{key}_tolerance"
        )
        values["filters"] = {
            dim: st.multiselect(
                f"Only {dim.replace('_', ' ')}",
                known,
                default=[v for v in scope.get(dim, []) if v in known],
                key=f"{key}_f_{dim}",
            )
            for dim, known in engine.dimensions.items()
        }
        if st.form_submit_button("Save goal", type="primary", key=f"{key}_save"):
            return _entry_from_form(values, old)
    return None


def _day(value: Any) -> date | None:
    try:
        return date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def _text(value: Any) -> str:
    return "" if value is None else f"{value:g}" if isinstance(value, float | int) else str(value)


def _save(loaded: store.Loaded, entries: list[Any], changed: int | None, engine: Engine, done: str) -> None:
    seen = store.Loaded(loaded.path, loaded.entries, st.session_state.get(SEEN_KEY, loaded.digest), loaded.editable)
    try:
        saved = store.save(seen, entries, changed, engine.dimensions)
    except store.GoalsInvalid as exc:
        for problem in exc.problems:
            st.error(str(problem))
        return
    except store.GoalsChanged as exc:
        st.error(str(exc))
        st.session_state[SEEN_KEY] = loaded.digest  # the next save is judged against the file as now shown
        return
    st.session_state[SEEN_KEY] = saved.digest
    st.session_state[FLASH_KEY] = done
    st.rerun()


def _index(entries: list[Any], goal_id: str) -> int | None:
    return next((n for n, e in enumerate(entries) if isinstance(e, dict) and str(e.get("id")) == goal_id), None)


def edit_goal(engine: Engine, loaded: store.Loaded, goal: Goal, as_of: date) -> None:
    index = _index(loaded.entries, goal.id)
    if index is None:
        return
    with st.expander(f"Edit or delete '{goal.id}'"):
        entry = goal_form(engine, f"edit_{goal.id}", loaded.entries[index], as_of)
        if entry is not None:
            entries = list(loaded.entries)
            entries[index] = entry
            _save(loaded, entries, index, engine, f"Saved goal '{goal.id}'.")
        with st.form(f"delete_{goal.id}"):
            sure = st.checkbox(f"Yes, delete '{goal.id}'", key=f"delete_sure_{goal.id}")
            if st.form_submit_button("Delete goal", key=f"delete_{goal.id}_go") and sure:
                entries = [e for n, e in enumerate(loaded.entries) if n != index]
                _save(loaded, entries, None, engine, f"Deleted goal '{goal.id}'.")


def add_goal(engine: Engine, loaded: store.Loaded, as_of: date) -> None:
    with st.expander("Add a goal"):
        entry = goal_form(engine, "add_goal", None, as_of)
        if entry is not None:
            _save(loaded, [*loaded.entries, entry], len(loaded.entries), engine, f"Added goal '{entry.get('id')}'.")


def suggest_form(engine: Engine, as_of: date) -> None:
    with st.expander("Suggest a target"):
        with st.form("suggest"):
            left, right = st.columns(2)
            metrics = [k.name for k in engine.kpis_shown]
            metric = left.selectbox("Metric", metrics, format_func=lambda m: KPI_BY_NAME[m].label, key="suggest_metric")
            deadline = right.date_input("Deadline", value=as_of + timedelta(days=365), key="suggest_deadline")
            chosen = {
                dim: st.multiselect(f"Only {dim.replace('_', ' ')}", known, key=f"suggest_f_{dim}")
                for dim, known in engine.dimensions.items()
            }
            asked = st.form_submit_button("Suggest", key="suggest_go")
        if asked:
            if deadline <= as_of:
                st.error(f"The deadline must be after {as_of}, the data's last day.")
                return
            filters = Filters({dim: tuple(v) for dim, v in chosen.items() if v})
            found = suggest_target(engine, metric, filters, deadline, as_of)
            label = KPI_BY_NAME[metric].label
            if found.target is None:
                st.info(" ".join(found.reasons))
                return
            chance = f", {found.probability:.0%} likely on the present trend" if found.probability is not None else ""
            st.success(
                f"Suggested: {label} {value_text(metric, found.target, engine.meta.currency)} by {deadline}{chance}."
            )
            st.markdown("\n".join(f"- {reason}" for reason in found.reasons))
