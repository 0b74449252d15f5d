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


def _alternatives(words: tuple[str, ...]) -> str:
    return "|".join(sorted({w.strip() for w in normalise_all(list(words))}, key=len, reverse=True))


def comment_sentiment(comment: pl.Expr) -> pl.Expr:
    """+1, 0 or -1 per comment."""
    text = normalised(comment)
    positive, negative = _alternatives(POSITIVE), _alternatives(NEGATIVE)
    negation = _alternatives(NEGATIONS)
    flipped = text.str.count_matches(rf"\b(?:{negation}) (?:{positive})\b")
    pos = text.str.count_matches(rf"\b(?:{positive})\b") - flipped
    neg = text.str.count_matches(rf"\b(?:{negative})\b") + flipped
    return pl.when(pos > neg).then(1).when(neg > pos).then(-1).otherwise(0).cast(pl.Int8)
