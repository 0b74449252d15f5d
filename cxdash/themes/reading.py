"""The comments of a view, each tagged with the taxonomy themes it raises, else a discovered topic, and a
lexicon sentiment (see `sentiment`)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import polars as pl

from cxdash.engine.engine import Engine
from cxdash.figures.counts import Filters
from cxdash.themes.discover import discover_topics
from cxdash.themes.sentiment import sentiment_of
from cxdash.themes.taxonomy import taxonomy_for, themes_of
from cxdash.themes.text import normalised

THEME_SCHEMA = {"theme_id": pl.String, "theme": pl.String, "discovered": pl.Boolean}


@dataclass(frozen=True)
class ThemedComments:
    comments: pl.DataFrame  # the `comments` query's columns, `themes` (list of theme ids) and `sentiment`
    themes: pl.DataFrame  # theme_id, theme (its label), discovered: taxonomy order, then topics
    taxonomy_file: Path


def tag_comments(comments: pl.DataFrame, directory: Path | None) -> ThemedComments:
    """Taxonomy themes for every comment; a discovered topic for those no theme covers."""
    taxonomy, path = taxonomy_for(directory)
    distinct = comments.select(pl.col("comment").unique())  # templated comments repeat: read each text once
    text = distinct.select(normalised(pl.col("comment")).alias("text"))["text"]
    read = distinct.with_columns(themes_of(text, taxonomy), sentiment=sentiment_of(pl.lit(text)))
    tagged = comments.join(read, on="comment", how="left", maintain_order="left")
    uncovered = tagged["themes"].list.len() == 0
    names, best = discover_topics(tagged.filter(uncovered)["comment"])
    topic_ids = [f"topic_{k + 1}" for k in range(len(names))]
    if names:
        topic = pl.Series([None] * tagged.height, dtype=pl.String)
        picked = pl.Series([topic_ids[k] if k >= 0 else None for k in best], dtype=pl.String)
        topic = topic.scatter(pl.Series(range(tagged.height)).filter(uncovered), picked)
        found = pl.when(topic.is_not_null()).then(pl.concat_list(pl.lit(topic))).otherwise(pl.col("themes"))
        tagged = tagged.with_columns(found.alias("themes"))
    themes = pl.DataFrame(
        {
            "theme_id": [t.id for t in taxonomy] + topic_ids,
            "theme": [t.label for t in taxonomy] + names,
            "discovered": [False] * len(taxonomy) + [True] * len(names),
        },
        schema=THEME_SCHEMA,
    )
    return ThemedComments(tagged, themes, path)


def themed_comments(engine: Engine, filters: Filters) -> ThemedComments:
    """Every comment of the customers of `filters` over all the data's dates, tagged."""
    comments = engine.run("comments", slices=engine.slices(filters))
    return tag_comments(comments, engine.data.directory)
