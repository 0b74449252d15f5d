"""Streamlit helpers of the Data page: choosing, by name, the data dir the whole app shows, and the mapping form.

The choice lives in the URL (`?data=NAME`, read by `ui.data_dir()`), so it survives a reload and a copied
link opens the same data; only the names `data_choices` offers can be chosen, never a path. The logic
(reading, guessing, mapping, writing) is in `cxdash.ingest.mapping`; this module only draws it.
"""

from __future__ import annotations

import sys
from pathlib import Path

import polars as pl
import streamlit as st

from cxdash.ingest.config import read_dataset_meta
from cxdash.ingest.contracts import SCORE_RANGES, TABLES
from cxdash.ingest.mapping.apply import apply_mapping, build_datadir, mapping_problems
from cxdash.ingest.mapping.dirs import data_choices
from cxdash.ingest.mapping.guess import guess_table_mapping
from cxdash.ingest.mapping.model import Mapping, TableMapping
from cxdash.ingest.mapping.read import read_upload
from cxdash.ingest.problems import Problem, errors
from cxdash.ui import DATA_KEY, DATA_PARAM

CHOICE_KEY = "data_choice"
SAVED_KEY = "_saved_data_name"
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


def use_data(name: str) -> None:
    """Show the data dir `name` on every page, from the next run on, and put it in the URL."""
    st.query_params[DATA_PARAM] = name
    st.session_state[DATA_KEY] = name
    st.session_state.pop(SAVED_KEY, None)


def _chosen() -> None:
    use_data(st.session_state[CHOICE_KEY])


def _describe(name: str, path: Path) -> str:
    shown = read_dataset_meta(path)[0].name if path.is_dir() else name
    return name if shown == name else f"{shown} ({name})"


def pick_data(current: Path) -> None:
    """A selectbox of the data dirs this server offers, by name; choosing one switches the whole app."""
    choices = data_choices(sys.argv[1:])
    names = list(choices)
    current_name = next((n for n, p in choices.items() if p == Path(current)), names[0])
    if st.session_state.get(CHOICE_KEY) != current_name:
        st.session_state[CHOICE_KEY] = current_name  # follows a switch made by the URL or the save button
    labels = {name: _describe(name, path) for name, path in choices.items()}
    st.selectbox(
        "Data to show",
        names,
        format_func=labels.__getitem__,
        key=CHOICE_KEY,
        on_change=_chosen,
        help="The data dirs this server offers: the one it was started with, the embedded sample and the "
        "folders in its data root. The choice is kept in the page's address, so a copied link shows it too.",
    )


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
    show_problems(mapping_problems(frame, mapping))
    st.dataframe(apply_mapping(frame.head(PREVIEW_ROWS), mapping), hide_index=True)
    return mapping


def save(files: dict[str, bytes], mapping: Mapping, target: Path) -> None:
    """Write the new data dir unless `target` exists or the files have errors; remember it for the switch."""
    if target.exists():
        st.error(f"`{target.name}` already exists; choose another name (nothing was written).")
        return
    problems = build_datadir(files, mapping, target, mapping.name)
    show_problems(problems)
    if errors(problems):
        st.info("Nothing was written. Fix the mapping above or the files (they were not changed), then save again.")
    else:
        names = {path: name for name, path in data_choices(sys.argv[1:]).items()}
        st.session_state[SAVED_KEY] = names[target.resolve()]


def offer_switch() -> None:
    """After a save: its name, and a button to show it in the app."""
    saved = st.session_state.get(SAVED_KEY)
    if not saved:
        return
    st.success(f"Saved as `{saved}`.")
    if st.button("Switch the app to it", type="primary", key="switch_to_saved"):
        use_data(saved)
        st.rerun()
