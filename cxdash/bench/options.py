"""The `bench` command's own argument checks, light enough for the CLI to import before anything runs."""

from __future__ import annotations

import argparse
from pathlib import Path

MIN_CUSTOMERS = 1_000  # fewer leave trend buckets too thin for most figures to be checked


def new_json_file(text: str) -> Path:
    """A file to create: never one that exists (nothing is overwritten), in a folder that does."""
    path = Path(text).expanduser()
    if path.exists() or path.is_symlink():
        raise argparse.ArgumentTypeError(f"{text} already exists; give a new file (nothing was written)")
    if not path.parent.is_dir():
        raise argparse.ArgumentTypeError(f"no folder {path.parent} to write {path.name} into")
    return path
