"""A small lexicon sentiment for comments in English and Portuguese, independent of the score.

Each comment counts its positive and negative words (a positive word right after a negation such as
"not", "não", "nunca" counts as negative); it is positive (+1) when positives win, negative (-1) when
negatives do, else neutral (0). A theme's sentiment is the mean of its comments x 100: net sentiment,
from -100 (all negative) to +100. Nothing is downloaded; the lists are short on purpose and readable here.
"""

from __future__ import annotations

import polars as pl

from cxdash.themes.text import normalise_all, normalised

POSITIVE = (
    "good", "great", "excellent", "love", "loved", "perfect", "fast", "quick", "easy", "helpful", "friendly",
    "recommend", "thank", "thanks", "happy", "satisfied", "reliable", "amazing", "wonderful", "smooth", "early",
    "on time", "bom", "boa", "otimo", "otima", "excelente", "perfeito", "perfeita", "rapido", "rapida",
    "recomendo", "adorei", "amei", "gostei", "satisfeito", "satisfeita", "obrigado", "obrigada", "parabens",
    "lindo", "linda", "confiavel", "antes do prazo", "no prazo",
)  # fmt: skip
NEGATIVE = (
    "bad", "poor", "terrible", "awful", "worst", "slow", "late", "broken", "damaged", "wrong", "missing",
    "disappointing", "disappointed", "frustrating", "frustrated", "rude", "useless", "problem", "crashed",
    "crashing", "expensive", "ruim", "pessimo", "pessima", "horrivel", "atraso", "atrasado", "atrasada", "demora",
    "quebrado", "quebrada", "errado", "errada", "defeito", "problema", "insatisfeito", "insatisfeita",
    "decepcionado", "decepcionada", "lento", "lenta", "caro", "enganosa",
)  # fmt: skip
NEGATIONS = ("not", "no", "never", "isn", "wasn", "don", "didn", "doesn", "nao", "nem", "nunca", "sem")


def _padded(words: tuple[str, ...]) -> list[str]:
    return sorted({f" {w.strip()} " for w in normalise_all(list(words))})


POSITIVE_WORDS, NEGATIVE_WORDS = _padded(POSITIVE), _padded(NEGATIVE)
FLIPPED = [f"{n.rstrip()}{p}" for n in _padded(NEGATIONS) for p in POSITIVE_WORDS]  # " not good "


def _count(text: pl.Expr, patterns: list[str]) -> pl.Expr:
    """Occurrences of the space-padded phrases (Aho-Corasick; overlapping, so neighbours share a space)."""
    return text.str.extract_many(patterns, overlapping=True).list.len()


def sentiment_of(text: pl.Expr) -> pl.Expr:
    """+1, 0 or -1 per normalised text (text.normalised)."""
    flipped = _count(text, FLIPPED)
    pos = _count(text, POSITIVE_WORDS) - flipped
    neg = _count(text, NEGATIVE_WORDS) + flipped
    return pl.when(pos > neg).then(1).when(neg > pos).then(-1).otherwise(0).cast(pl.Int8)


def comment_sentiment(comment: pl.Expr) -> pl.Expr:
    """+1, 0 or -1 per comment."""
    return sentiment_of(normalised(comment))
