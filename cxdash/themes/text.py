"""Comment text made comparable: no accents, lower case, words only, plural endings cut.

The same steps run on the comments and on the taxonomy's phrases, so a phrase matches whatever the
case, accents or number ("Entregas ATRASADAS" reads "entrega atrasada"). The stemming is deliberately
small and the same for English and Portuguese: -ies -> -y, -ões/-ães -> -ão, a final -s (not -ss), then
a final -e, so "boxes"/"box", "charges"/"charge", "devoluções"/"devolução" meet.
"""

from __future__ import annotations

import polars as pl

# Words are single-space separated with a trailing space by then, so a word's end is " " and the leftmost
# match starts at a word's start: no Unicode word boundaries, which cost ten times as much.
STEPS = (
    (r"(\S{2,})ies ", "${1}y "),
    (r"(\S{3,})[oa]es ", "${1}ao "),
    (r"(\S{2,}[^s\s])s ", "${1} "),
    (r"(\S{2,})e ", "${1} "),
)


def normalised(text: pl.Expr) -> pl.Expr:
    """Words of the text, stemmed, each side padded by one space (" entrega atrasada ")."""
    plain = (
        text.str.normalize("NFKD")
        .str.replace_all(r"\p{M}", "")
        .str.to_lowercase()
        .str.replace_all(r"[^\p{L}\p{N}]+", " ")
    )
    plain = plain.str.strip_chars() + pl.lit(" ")
    for pattern, replacement in STEPS:
        plain = plain.str.replace_all(pattern, replacement)
    return pl.lit(" ") + plain


def plain_words(text: pl.Expr) -> pl.Expr:
    """Lower case, no accents, words only, not stemmed: what discovered topics are named with."""
    return text.str.normalize("NFKD").str.replace_all(r"\p{M}", "").str.to_lowercase()


def normalise_all(phrases: list[str]) -> list[str]:
    frame = pl.Series("p", phrases, dtype=pl.String).to_frame()
    return frame.select(normalised(pl.col("p")).alias("p"))["p"].to_list()
