"""The Goals page's Streamlit parts: the summary, a card per goal (forms in `goal_forms`), and the goals
the Overview shows on its tiles and trends.

Goals are read from goals.yaml on every run, apart from the database: an edit shows at once.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import streamlit as st

from cxdash.engine.engine import Engine
from cxdash.figures.counts import Filters
from cxdash.figures.registry import KPI_BY_NAME
from cxdash.goals import store
from cxdash.goals.chart import goal_chart
from cxdash.goals.forecast import ASSUMES
from cxdash.goals.pace import glide_path
from cxdash.goals.report import GoalReport, evaluate, standing, summary_line
from cxdash.goals.words import change_text, value_text
from cxdash.ingest.goals import read_goals
from cxdash.ui.goal_forms import FLASH_KEY, SEEN_KEY, add_goal, edit_goal, suggest_form

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
