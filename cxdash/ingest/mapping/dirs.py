"""Where data dirs are: the folder name for a new one, and the existing ones to choose from.

About folders on disk, not about a mapping: the Data page uses them to name a new data dir and to list
the ones it can show, whether or not anything was mapped.
"""

from __future__ import annotations

import re
from pathlib import Path

from cxdash.ingest.contracts import TABLES
from cxdash.ingest.reading import find_table_file


def slugify(name: str) -> str:
    """A folder name for a data dir: lower case words joined by '-'."""
    return re.sub(r"[^a-z0-9]+", "-", name.strip().lower()).strip("-") or "my-data"


def find_data_dirs(root: Path) -> list[Path]:
    """Folders under `root` (one level down, and root itself) holding at least one table file."""
    root = Path(root)
    if not root.is_dir():
        return []
    candidates = [root, *sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith("."))]
    return [p for p in candidates if any(find_table_file(p, t) for t in TABLES)]
