"""The Goals page's Streamlit parts: the summary, a card per goal, suggest-target, add/edit/delete forms.

Goals are read from goals.yaml on every run (apart from the database: an edit shows at once). Each save
goes through `cxdash.goals.store`: validated as `check` does, atomic, the old file kept as goals.yaml.bak,
refused when the file changed since this page last showed it (the hash shown is kept in the session).
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import streamlit as st

from cxdash.engine.engine import Engine
from cxdash.figures.counts import Filters
from cxdash.figures.registry import KPI_BY_NAME
from cxdash.goals import store
from cxdash.goals.chart import goal_chart
from cxdash.goals.forecast import ASSUMES
from cxdash.goals.pace import glide_path
from cxdash.goals.report import GoalReport, evaluate, standing, summary_line
from cxdash.goals.suggest import suggest_target
from cxdash.goals.words import change_text, value_text
from cxdash.ingest.config import Goal
from cxdash.ingest.goals import read_goals

SEEN_KEY = "goals_seen_digest"  # hash of goals.yaml as this session last showed it
FLASH_KEY = "goals_flash"
ICONS = {  # Streamlit's own icons and colours: emoji are missing from many fonts
    "achieved": ":green[:material/check_circle:]",
    "on track": ":green[:material/trending_up:]",
    "at risk": ":orange[:material/warning:]",
    "off track": ":red[:material/trending_down:]",
    "missed": ":gray[:material/cancel:]",
}
RESULT_MARKS = {"pass": "✓ pass", "warn": "! warn", "fail": "✗ fail"}


@st.cache_data(show_spinner="Judging the goals against the data…", max_entries=32)
def _reports(_engine: Engine, directory: str, digest: str, as_of: date) -> list[GoalReport]:
    goals, _ = read_goals(Path(directory), _engine.dimensions)
    return [evaluate(_engine, goal, as_of) for goal in goals]


def reports(engine: Engine, digest: str, as_of: date) -> list[GoalReport]:
    return _reports(engine, str(engine.data.directory), digest, as_of)


def _card(report: GoalReport, currency: str) -> None:
    goal, pace, metric = report.goal, report.pace, report.goal.metric
    shown = lambda v: value_text(metric, v, currency)  # noqa: E731
    status = report.status or "not measured"
    with st.container(border=True, key=f"goal_card_{goal.id}"):
        st.markdown(f"#### {ICONS.get(status, ':gray[:material/help:]')} {goal.name} · {status}")
        st.caption(
            f"{KPI_BY_NAME[metric].label} · {goal.scope_text()} · owner {goal.owner or 'none'} · "
            f"objective: {goal.objective or 'none'} · {goal.window_days}-day window · start {goal.start}"
            f" · deadline {goal.deadline or 'none'}"
        )
        actual = report.actual
        interval = f" (95% {shown(actual.low)} to {shown(actual.high)})" if actual.low is not None else ""
        columns = st.columns(4)
        columns[0].metric("Baseline", shown(report.baseline))
        columns[1].metric("Target", shown(goal.target))
        columns[2].metric(
            "Actual",
            shown(actual.value),
            help=f"Over the {goal.window_days} days to {actual.end}{interval}."
            + (f" {actual.reason}" if actual.reason else ""),
        )
        probability = f"{report.probability:.0%}" if report.probability is not None else "–"
        columns[3].metric("Chance of reaching it", probability, help=ASSUMES)
        lines = [f"Actual {shown(actual.value)}{interval}. {pace.reason}"]
        if pace.progress is not None:
            text = (
                f"{pace.progress:.0%} of the way from baseline to target"
                if pace.progress >= 0
                else "Moved away from the target since the baseline"
            )
            st.progress(min(max(pace.progress, 0.0), 1.0), text=text)
        if pace.needed_per_month is not None and pace.achieved_per_month is not None:
            lines.append(
                f"Pace needed from here: {change_text(metric, pace.needed_per_month, currency)} a month; "
                f"achieved so far: {change_text(metric, pace.achieved_per_month, currency)} a month."
            )
        if report.forecast:
            found = report.forecast
            lines.append(
                f"Forecast at the deadline: {shown(found.value)} (95% {shown(found.low)} to {shown(found.high)})."
            )
        st.markdown("  \n".join(lines))
        st.plotly_chart(goal_chart(report, currency), key=f"goal_chart_{goal.id}")
        st.table(
            {
                "criterion": [name.replace("_", "-") for name in report.smart],
                "result": [RESULT_MARKS[c.result] for c in report.smart.values()],
                "why": [c.reason for c in report.smart.values()],
            }
        )


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


def goals_page(engine: Engine, as_of: date) -> None:
    loaded = store.load(engine.data.directory)
    if flash := st.session_state.pop(FLASH_KEY, None):
        st.success(flash)
    _, problems = read_goals(engine.data.directory, engine.dimensions)
    for problem in problems:
        st.warning(str(problem))
    found = reports(engine, loaded.digest, as_of)
    st.markdown(f"**{summary_line(found, engine.meta.currency)}**")
    st.caption(
        f"Judged on {as_of:%d %b %Y}, the data's last day, each goal over its own customers and window (the "
        "sidebar's period and filters do not apply here). Statuses: achieved (target met), on track (on the glide "
        "path or within its tolerance band), at risk (moving the right way, too slowly), off track (not moving "
        "the right way), missed (deadline passed short of the target). " + ASSUMES
    )
    for report in found:
        _card(report, engine.meta.currency)
        if loaded.editable:
            edit_goal(engine, loaded, report.goal, as_of)
    if loaded.editable:
        add_goal(engine, loaded, as_of)
    else:
        st.info("goals.yaml is not a list of goals, so it cannot be edited here: fix it in the file.")
    suggest_form(engine, as_of)
    st.session_state[SEEN_KEY] = loaded.digest


@st.cache_data(max_entries=64, show_spinner=False)
def _standings(
    _engine: Engine, directory: str, digest: str, as_of: date, scope: tuple
) -> list[tuple[str, str, str | None, list[tuple[date, float]]]]:
    goals, _ = read_goals(Path(directory), _engine.dimensions)
    found = []
    for goal in goals:
        if tuple(sorted(goal.scope().items())) == scope:
            baseline, _actual, pace = standing(_engine, goal, as_of)
            path = glide_path(goal, baseline) if baseline is not None else []
            found.append((goal.metric, goal.name, pace.status, path))
    return found


def overview_goals(engine: Engine, filters: Filters, as_of: date) -> dict[str, tuple[str, str | None, list]]:
    """The goals on exactly the Overview's customers, by metric: (name, status, glide path); of several goals
    on one metric, the first still open (its deadline not passed). Read apart from the database, so a saved
    edit shows at once."""
    loaded = store.load(engine.data.directory)
    scope = tuple(sorted((dim, tuple(values)) for dim, values in filters.active().items()))
    standings = _standings(engine, str(engine.data.directory), loaded.digest, as_of, scope)
    found: dict[str, tuple[str, str | None, list]] = {}
    closed = lambda standing: bool(standing[3]) and standing[3][-1][0] < as_of  # noqa: E731 (deadline passed)
    for metric, name, status, path in sorted(standings, key=closed):  # stable: open goals first
        found.setdefault(metric, (name, status, path))
    return found
