"""The navigation, found from the files in pages/: an analyst adds a page by dropping a file there, never
by editing dashboard.py. A page names its place in a few comment lines at its top:

    # section: Analysis
    # icon: :material/groups:
    # order: 20

and its title is the text before the first colon of its docstring ("Cohorts: retention by ..."). All
three lines are optional; a page without them lands in the "Pages" section, ordered by file name.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

import streamlit as st

# Sections in the order executives read them; any other section follows, by name.
SECTIONS = ("Dashboard", "Goals", "Analysis", "Journey", "Analyst", "Data", "Reference")
DEFAULT_SECTION = "Pages"
DEFAULT_ORDER = 50
HEADER = re.compile(r"^#\s*(section|icon|order|default)\s*:\s*(.+?)\s*$")


@dataclass(frozen=True)
class PageEntry:
    """One file of pages/ and where it shows in the navigation."""

    path: Path
    title: str
    section: str = DEFAULT_SECTION
    icon: str | None = None
    order: int = DEFAULT_ORDER
    default: bool = False

    @property
    def url_path(self) -> str:
        return self.path.stem


def read_entry(path: Path) -> PageEntry:
    """A page's title from its docstring and its place from its header comments."""
    text = path.read_text(encoding="utf-8")
    fields: dict[str, str] = {}
    for line in text.splitlines()[:40]:
        match = HEADER.match(line)
        if match:
            fields[match.group(1)] = match.group(2)
    title = _title(text, path)
    order = fields.get("order", str(DEFAULT_ORDER))
    return PageEntry(
        path=path,
        title=title,
        section=fields.get("section", DEFAULT_SECTION),
        icon=fields.get("icon"),
        order=int(order) if order.lstrip("-").isdigit() else DEFAULT_ORDER,
        default=fields.get("default", "").lower() == "true",
    )


def _title(text: str, path: Path) -> str:
    try:
        docstring = ast.get_docstring(ast.parse(text)) or ""
    except SyntaxError:  # the page itself will show its error when opened; the navigation still lists it
        docstring = ""
    first = docstring.splitlines()[0] if docstring else ""
    head = first.split(":", 1)[0].strip() if ":" in first else ""
    return head or path.stem.replace("_", " ").capitalize()


def discover(page_dir: Path) -> list[PageEntry]:
    """Every page file, in section order, then by order and title."""
    entries = [read_entry(p) for p in sorted(page_dir.glob("*.py")) if not p.name.startswith("_")]
    rank = {name: i for i, name in enumerate(SECTIONS)}
    return sorted(entries, key=lambda e: (rank.get(e.section, len(SECTIONS)), e.section, e.order, e.title))


def navigation_pages(page_dir: Path) -> dict[str, list]:
    """The mapping `st.navigation` takes. The default page lives at `/`; a hidden twin at its own name
    lets links to `/overview` reach it too."""
    sections: dict[str, list] = {}
    for entry in discover(page_dir):
        pages = sections.setdefault(entry.section, [])
        if entry.default:
            pages.append(st.Page(entry.path, title=entry.title, icon=entry.icon, url_path="home", default=True))
            pages.append(st.Page(entry.path, title=entry.title, url_path=entry.url_path, visibility="hidden"))
        else:
            pages.append(st.Page(entry.path, title=entry.title, icon=entry.icon, url_path=entry.url_path))
    return sections
