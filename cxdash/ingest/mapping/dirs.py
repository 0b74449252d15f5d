"""Where data dirs are: the folder name for a new one, and the ones the app may show, by name.

About folders on disk, not about a mapping: the Data page uses them to name a new data dir and to offer
the ones it can show. Viewers choose by name only, among the dirs found under the data root and those
the server was started with (`--data DIR`, $CXDASH_DATA), so no one can make the app read another folder.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from cxdash import paths
from cxdash.ingest.contracts import TABLES
from cxdash.ingest.reading import find_table_file

DATA_ENV = "CXDASH_DATA"  # a data dir to show by default
ROOT_ENV = "CXDASH_DATA_ROOT"  # the folder whose data dirs are offered (default: the project's data/)


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


def data_root() -> Path:
    """Where new data dirs are saved and existing ones found: $CXDASH_DATA_ROOT, else the project's data/."""
    return Path(os.environ[ROOT_ENV]).expanduser().resolve() if os.environ.get(ROOT_ENV) else paths.DATA_ROOT


def given_data_dirs(argv: list[str]) -> list[Path]:
    """The dirs the server was started with: each `--data DIR` after `streamlit run dashboard.py --`, then
    $CXDASH_DATA."""
    given = [argv[i + 1] for i, arg in enumerate(argv[:-1]) if arg == "--data"]
    if os.environ.get(DATA_ENV):
        given.append(os.environ[DATA_ENV])
    return [Path(p).expanduser().resolve() for p in given]


def data_choices(argv: list[str]) -> dict[str, Path]:
    """Name -> data dir, the default first: the dirs given at start, the embedded sample, then those under
    the data root. A name is the folder's name (with -2, -3 when two folders share one)."""
    choices: dict[str, Path] = {}
    for path in [*given_data_dirs(argv), paths.SAMPLE_DIR, *find_data_dirs(data_root())]:
        if path in choices.values():
            continue
        name, n = path.name, 1
        while name in choices:
            n += 1
            name = f"{path.name}-{n}"
        choices[name] = path
    return choices
