"""The taxonomy of pain-point themes (theme -> label and phrases per language) and matching comments to it.

The package ships `taxonomy.yaml` (English and Portuguese); a data dir may carry its own `themes.yaml` in
the same shape, which is then used instead. A malformed file is a `TaxonomyError` naming file and theme.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import polars as pl
import yaml

from cxdash.themes.text import normalise_all, normalised

PACKAGE_TAXONOMY = Path(__file__).with_name("taxonomy.yaml")
DATA_DIR_FILE = "themes.yaml"


class TaxonomyError(ValueError):
    """A taxonomy file that cannot be read; the message names the file and the theme."""


@dataclass(frozen=True)
class Theme:
    id: str
    label: str
    phrases: tuple[str, ...]  # every language's phrases, normalised


def load_taxonomy(path: Path) -> list[Theme]:
    try:
        raw = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise TaxonomyError(f"{path}: cannot read the themes ({error})") from None
    if not isinstance(raw, dict) or not raw:
        raise TaxonomyError(f"{path}: expected a mapping of theme id -> label and phrases")
    themes = []
    for theme_id, body in raw.items():
        where = f"{path}: theme '{theme_id}'"
        if not isinstance(body, dict) or not isinstance(body.get("phrases"), dict):
            raise TaxonomyError(f"{where} needs 'phrases': a mapping of language -> list of phrases")
        phrases = [p for lang in body["phrases"].values() for p in (lang or [])]
        if not phrases or not all(isinstance(p, str) and p.strip() for p in phrases):
            raise TaxonomyError(f"{where}: every language needs a list of non-empty phrases")
        label = str(body.get("label") or str(theme_id).replace("_", " ").capitalize())
        themes.append(Theme(str(theme_id), label, tuple(dict.fromkeys(normalise_all(phrases)))))
    return themes


def taxonomy_for(directory: Path | None) -> tuple[list[Theme], Path]:
    """The data dir's own themes.yaml where it has one, else the package's; and which file it was."""
    own = Path(directory) / DATA_DIR_FILE if directory is not None else None
    path = own if own is not None and own.is_file() else PACKAGE_TAXONOMY
    return load_taxonomy(path), path


def match_themes(comments: pl.DataFrame, themes: list[Theme]) -> pl.DataFrame:
    """`comments` (with a `comment` column) plus `themes`: the ids of every theme it raises, in taxonomy order."""
    text = comments.select(normalised(pl.col("comment")).alias("text"))["text"]
    hits = [pl.when(text.str.contains_any(list(t.phrases))).then(pl.lit(t.id)) for t in themes]
    found = pl.select(pl.concat_list(hits).list.drop_nulls().alias("themes")) if hits else None
    column = found["themes"] if found is not None else pl.Series("themes", [[]] * comments.height, pl.List(pl.String))
    return comments.with_columns(column.alias("themes"))
