"""Topics in the comments no theme of the taxonomy covers: TF-IDF and non-negative matrix factorisation.

Deterministic (a fixed random_state, NNDSVD start) and local: scikit-learn only, no model is downloaded.
Each distinct text is read once and weighed by the square root of how often it occurs (the same fit as
repeating it: templated comments repeat), the model is fitted on at most FIT_ROWS of them (every k-th, so
it stays the same for the same data) and each uncovered comment takes its strongest topic. A topic is named
by its three heaviest words.
"""

from __future__ import annotations

import numpy as np
import polars as pl
from scipy.sparse import diags
from sklearn.decomposition import NMF
from sklearn.feature_extraction.text import TfidfVectorizer

from cxdash.themes.text import plain_words

MIN_COMMENTS = 60  # fewer uncovered comments find no topic worth naming
COMMENTS_PER_TOPIC = 150
MAX_TOPICS = 8
FIT_ROWS = 10_000
STOP_WORDS = (
    "a an and are as at be been but by for from had has have he her his i if in into is it its me my no not of on "
    "or our she so than that the their them then there they this to too us very was we were what when which who "
    "will with would you your just also get got one all any more out up about again after could did do does even "
    "ever every here how only own same some such these those through until while why don didn isn wasn "
    "de da do das dos e o os um uma uns umas em na nos nas por para com sem que se ao aos foi ser sao esta "
    "estava meu minha meus minhas seu sua eu ele ela eles elas voces voce mais mas muito muita ja nao pra pois "
    "isso esse essa este pelo pela como tambem ter tem tinha ate lhe"
)  # words in plain form (no accents), split where used


def discover_topics(comments: pl.Series, seed: int = 0) -> tuple[list[str], np.ndarray]:
    """(topic names, each comment's topic index or -1) for comments no theme covers."""
    count = len(comments)
    topics = min(MAX_TOPICS, count // COMMENTS_PER_TOPIC)
    if topics < 2 or count < MIN_COMMENTS:
        return [], np.full(count, -1)
    plain = comments.to_frame("c").select(plain_words(pl.col("c")).fill_null(""))["c"]
    distinct = plain.to_frame("c").group_by("c", maintain_order=True).agg(times=pl.len()).with_row_index("i")
    position = plain.to_frame("c").join(distinct, on="c", how="left")["i"].to_numpy()
    text = distinct["c"].to_list()
    weight = diags(np.sqrt(distinct["times"].to_numpy().astype(np.float64)))  # = repeating each text
    vectorizer = TfidfVectorizer(
        stop_words=_stop_words(),
        ngram_range=(1, 2),
        min_df=max(2, len(text) // 500),
        max_df=0.5,
        max_features=3_000,
        token_pattern=r"(?u)\b[^\W\d_]{3,}\b",
    )
    step = max(1, len(text) // FIT_ROWS)
    try:
        vectorizer.fit(text[::step])
    except ValueError:  # every word too rare or too common
        return [], np.full(count, -1)
    model = NMF(n_components=topics, init="nndsvd", random_state=seed, max_iter=400)
    model.fit((weight @ vectorizer.transform(text))[::step])
    weights = model.transform(vectorizer.transform(text))
    words = vectorizer.get_feature_names_out()
    names = [" / ".join(words[np.argsort(component)[::-1][:3]]) for component in model.components_]
    best = np.where(weights.max(axis=1) > 0, weights.argmax(axis=1), -1)
    return names, best[position]


def _stop_words() -> list[str]:
    return sorted(set(STOP_WORDS.split(" ")))
