"""Streamlit helpers of the Data page: picking the data dir the whole app shows, and the mapping form.

The chosen dir lives in `st.session_state[DATA_KEY]`, which `ui.data_dir()` reads first, so a choice
holds for this browser session on every page and never changes what other sessions see. The logic
(reading, guessing, mapping, writing) is in the `cxdash.ingest.mapping.model*` modules; this module only draws it.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl
import streamlit as st

from cxdash import paths
from cxdash.ingest.contracts import SCORE_RANGES, TABLES
from cxdash.ingest.mapping.apply import apply_mapping, build_datadir, mapping_problems
from cxdash.ingest.mapping.dirs import find_data_dirs
from cxdash.ingest.mapping.guess import guess_table_mapping
from cxdash.ingest.mapping.model import Mapping, TableMapping
from cxdash.ingest.mapping.read import read_upload
from cxdash.ingest.problems import Problem, errors
from cxdash.ingest.reading import find_table_file

DATA_KEY = "data_dir"  # read by ui.data_dir()
SAVED_KEY = "_saved_data_dir"
DATA_ROOT = paths.DATA_ROOT
NONE = "—"
CONSTANT = "constant:"
SKIP = "skip"
KIND_HELP = {
    "string": "text",
    "date": "a date, YYYY-MM-DD",
    "timestamp": "a date or date and time, YYYY-MM-DD HH:MM:SS",
    "float": "a number; refunds negative",
    "int": "a whole number",
}
PREVIEW_ROWS = 10


def use_data_dir(path: Path) -> None:
    """Show `path` on every page of this session, from the next run on."""
    st.session_state[DATA_KEY] = str(Path(path).expanduser().resolve())
    st.session_state.pop(SAVED_KEY, None)
    st.rerun()


def _label(path: Path) -> str:
    return str(path.relative_to(paths.PROJECT_ROOT)) if path.is_relative_to(paths.PROJECT_ROOT) else str(path)


def _why_not(path: Path) -> str | None:
    if path == paths.SAMPLE_DIR:
        return None  # written on first use
    if not path.is_dir():
        return f"`{path}` is not a folder."
    if not any(find_table_file(path, t) for t in TABLES):
        return f"`{path}` holds no {', '.join(f'{t}.csv/.parquet' for t in TABLES)} file."
    return None


def pick_data_dir(current: Path) -> None:
    """A selectbox of the data dirs under data/ and a path field; submitting switches the app."""
    options = list(dict.fromkeys([Path(current), paths.SAMPLE_DIR, *find_data_dirs(DATA_ROOT)]))
    with st.form("pick_data_dir", border=False):
        chosen = st.selectbox("Data dirs in the project's data/ folder", options, format_func=_label)
        typed = st.text_input("…or the path of another data dir", placeholder="/path/to/data dir")
        submitted = st.form_submit_button("Use this data")
    if submitted:
        target = Path(typed.strip()).expanduser().resolve() if typed.strip() else Path(chosen)
        reason = _why_not(target)
        if reason:
            st.error(reason)
        else:
            use_data_dir(target)


@st.cache_data(max_entries=32, show_spinner="Reading the file…")
def read_file(name: str, data: bytes) -> tuple[pl.DataFrame | None, list[Problem]]:
    return read_upload(name, data)


def show_problems(problems: list[Problem], ok: str | None = None) -> None:
    """Each problem in the words of `python -m cxdash check`; `ok` when there is no error."""
    for problem in problems:
        (st.warning if problem.severity == "warning" else st.error)(str(problem))
    if ok and not errors(problems):
        st.success(ok)


def _option_label(option: str) -> str:
    if option == NONE:
        return "— not in this file —"
    return f"every row: {option.removeprefix(CONSTANT)}" if option.startswith(CONSTANT) else option


def _column_select(name: str, table: str, frame: pl.DataFrame, guess: TableMapping, column: str, slot) -> str:
    spec = TABLES[table].column(column)
    options = [NONE, *frame.columns]
    if column == "metric":
        options += [CONSTANT + m for m in SCORE_RANGES]
    default = CONSTANT + guess.constants[column] if column in guess.constants else guess.columns.get(column)
    return slot.selectbox(
        column + ("" if spec.nullable else " *"),
        options,
        index=options.index(default) if default in options else 0,
        format_func=_option_label,
        help=KIND_HELP[spec.kind] + ("" if spec.nullable else "; required"),
        key=f"map|{name}|{table}|{column}",
    )


def table_mapping_form(name: str, frame: pl.DataFrame) -> TableMapping | None:
    """Which table the file holds and which column fills each contract column, guesses preselected."""
    guess = guess_table_mapping(name, frame.columns)
    st.markdown(f"**{name}** · {frame.height:,} rows · {frame.width} columns")
    choices = [*TABLES, SKIP]
    table = st.selectbox(
        "This file holds",
        choices,
        index=choices.index(guess.table),
        format_func=lambda t: "nothing to use (skip it)" if t == SKIP else t.replace("_", " "),
        key=f"table|{name}",
    )
    if table == SKIP:
        return None
    if table != guess.table:
        guess = guess_table_mapping(name, frame.columns, table)
    slots = st.columns(3)
    picked = {
        column: _column_select(name, table, frame, guess, column, slots[i % 3])
        for i, column in enumerate(TABLES[table].column_names)
    }
    constants = {c: v.removeprefix(CONSTANT) for c, v in picked.items() if v.startswith(CONSTANT)}
    columns = {c: (None if v == NONE else v) for c, v in picked.items() if c not in constants}
    others = [c for c in frame.columns if c not in columns.values()]
    leave_out = st.multiselect(
        "Other columns to leave out (the rest are kept as extra columns)", others, key=f"drop|{name}|{table}"
    )
    mapping = TableMapping(table, name, columns, constants, leave_out)
    for problem in mapping_problems(frame, mapping):
        st.warning(problem.message)
    st.dataframe(apply_mapping(frame.head(PREVIEW_ROWS), mapping), hide_index=True)
    return mapping


def save(files: dict[str, bytes], mapping: Mapping, target: Path) -> None:
    """Write the new data dir unless `target` exists or the files have errors; remember it for the switch."""
    if target.exists():
        st.error(f"`{_label(target)}` already exists; choose another name (nothing was written).")
        return
    problems = build_datadir(files, mapping, target, mapping.name)
    show_problems(problems)
    if errors(problems):
        st.info("Nothing was written. Fix the mapping above or the files (they were not changed), then save again.")
    else:
        st.session_state[SAVED_KEY] = str(target)


def offer_switch() -> None:
    """After a save: where the data went, and a button to show it in the app."""
    saved = st.session_state.get(SAVED_KEY)
    if not saved:
        return
    st.success(f"Saved as `{_label(Path(saved))}`.")
    if st.button("Switch the app to it", type="primary", key="switch_to_saved"):
        use_data_dir(Path(saved))
