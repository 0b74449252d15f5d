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


def themes_of(text: pl.Series, themes: list[Theme]) -> pl.Series:
    """The ids of every theme each normalised text (text.normalised) raises, in taxonomy order."""
    owner = {}  # phrase -> the first theme listing it (a phrase counts once), as a rank in taxonomy order
    for rank, theme in enumerate(themes):
        for phrase in theme.phrases:
            owner.setdefault(phrase, rank)
    if not owner:
        return pl.Series("themes", [[]] * len(text), pl.List(pl.String))
    ids = [t.id for t in themes]
    found = text.str.extract_many(list(owner), overlapping=True)  # one automaton for every phrase
    ranks = found.list.eval(pl.element().replace_strict(owner, return_dtype=pl.Int64)).list.unique().list.sort()
    return ranks.list.eval(pl.element().replace_strict(dict(enumerate(ids)), return_dtype=pl.String)).alias("themes")


def match_themes(comments: pl.DataFrame, themes: list[Theme]) -> pl.DataFrame:
    """`comments` (with a `comment` column) plus `themes`: the ids of every theme it raises, in taxonomy order."""
    text = comments.select(normalised(pl.col("comment")).alias("text"))["text"]
    return comments.with_columns(themes_of(text, themes))
