"""Layout Streamlit has no option for: a grid that puts as many cards in a row as fit the screen, and
narrower page margins on small screens (a 1024x768 projector), so that no figure is cut.

The CSS reaches elements only through `st-key-<key>` classes (which Streamlit documents for keyed
containers) and the main block's `data-testid`.
"""

from __future__ import annotations

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

SMALL_SCREEN = "(max-width: 1366px), (max-height: 800px)"  # Streamlit's 5rem sides, 6rem top: too much
GAP = "1rem"


def style(css: str) -> None:
    """CSS for the page; Streamlit puts a style-only `st.html` where it takes no room."""
    st.html(f"<style>{css}</style>")


def page_style() -> None:
    """Narrow margins on small screens; drawn once a run by dashboard.py."""
    style(
        f"@media {SMALL_SCREEN} {{ [data-testid='stMainBlockContainer'] "
        "{ padding-left: 1.5rem; padding-right: 1.5rem; padding-top: 4rem; } }"
    )


def grid(key: str, min_width: str, per_row: int) -> DeltaGenerator:
    """A container whose children fill rows of equal cards at least `min_width` wide, `per_row` at most."""
    column = f"max({min_width}, calc((100% - {per_row - 1} * {GAP}) / {per_row}))"
    columns = f"repeat(auto-fill, minmax({column}, 1fr))"
    style(f".st-key-{key} {{ display: grid; gap: {GAP}; grid-template-columns: {columns}; }}")
    return st.container(key=key)
