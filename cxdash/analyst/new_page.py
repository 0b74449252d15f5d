"""`python -m cxdash new-page NAME`: a working query, its contract (with a worked example) and a page that
shows it, written from the templates beside this module. Nothing is ever overwritten: when any of the
three files exists, none is written.
"""

from __future__ import annotations

import keyword
import re
from pathlib import Path

from cxdash.paths import PROJECT_ROOT

TEMPLATES = Path(__file__).resolve().parent / "templates"
NAME = re.compile(r"[a-z][a-z0-9_]{0,47}")


class BadName(ValueError):
    """A name that cannot be a query file and a page module."""


def check_name(name: str) -> str:
    """A name both a query file and a Python module can take: lower case letters, digits, underscores."""
    if not NAME.fullmatch(name) or keyword.iskeyword(name):
        raise BadName(
            f"'{name}' cannot name a page: use lower case letters, digits and underscores, starting with a "
            "letter, at most 48 characters (for example churn_by_plan)"
        )
    return name


def targets(name: str, root: Path = PROJECT_ROOT) -> dict[str, Path]:
    """Template file -> where it is written."""
    return {
        "query.sql.tmpl": root / "queries" / f"{name}.sql",
        "query.yaml.tmpl": root / "queries" / f"{name}.yaml",
        "page.py.tmpl": root / "pages" / f"{name}.py",
    }


def title(name: str) -> str:
    return name.replace("_", " ").strip().capitalize()


def write_page(name: str, root: Path = PROJECT_ROOT) -> list[Path]:
    """Write the three files; `FileExistsError` names the first one that exists (then nothing is written)."""
    check_name(name)
    planned = targets(name, root)
    for path in planned.values():
        if path.exists():
            raise FileExistsError(f"{path} already exists; nothing was written (choose another name)")
    written = []
    for template, path in planned.items():
        text = (TEMPLATES / template).read_text(encoding="utf-8")
        with path.open("x", encoding="utf-8") as out:  # "x": never over a file made since the check
            out.write(text.replace("__NAME__", name).replace("__TITLE__", title(name)))
        written.append(path)
    return written
