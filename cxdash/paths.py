"""Where the project's own folders are: one place, so moving a module never breaks a path."""

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
QUERY_DIR = PROJECT_ROOT / "queries"
BUILD_DIR = QUERY_DIR / "build"
DATA_ROOT = PROJECT_ROOT / "data"
SAMPLE_DIR = DATA_ROOT / "sample"
