"""Survey comments: a vocabulary of themes and the vectorised assembly of sentences from it.

A response's theme comes from `responses`: the pain point it hit (late delivery, billing error, long
wait...), else praise or a complaint that fits its score. A sentence of the theme, with its slots
filled ({days}, {minutes}, {weeks}), and sometimes a follow-up matching the mood make the comment.
"""

from __future__ import annotations

import numpy as np
import polars as pl

PAIN_PHRASES: dict[str, tuple[str, ...]] = {
    "slow_site": (
        "The website was painfully slow, pages kept timing out.",
        "Took ages for product pages to load on the website.",
        "Site kept freezing while I was browsing.",
    ),
    "search_broken": (
        "Search on the website never finds what I type.",
        "Couldn't find the product through search, had to browse category by category.",
        "Filters on the website don't work properly.",
    ),
    "app_crash": (
        "The app crashed twice while I was ordering.",
        "App keeps crashing since the last update.",
        "The app froze at checkout and I lost my basket.",
    ),
    "login_issue": (
        "Couldn't log into the app, the password reset email never came.",
        "The app logs me out every time I open it.",
    ),
    "payment_failed": (
        "My card payment failed three times at checkout.",
        "Checkout rejected my payment for no reason.",
        "Payment went through twice and I had to chase the refund.",
    ),
    "promo_code": (
        "The promo code didn't work at checkout.",
        "Discount wasn't applied even though the code was valid.",
    ),
    "late_delivery": (
        "My order arrived {days} days late and nobody told me.",
        "Late delivery again, {days} days after the promised date.",
        "Delivery was {days} days late, the tracking never updated.",
        "Waited all day for the courier and the parcel came {days} days later.",
    ),
    "damaged_item": (
        "The item arrived damaged, the box was crushed.",
        "Parcel came broken and I had to send it back.",
        "Packaging was poor and the product was scratched.",
    ),
    "wrong_item": (
        "I received the wrong item.",
        "Wrong size delivered and half the order was missing.",
    ),
    "billing_error": (
        "I was charged twice on my last invoice.",
        "Billing error on my account, the plan price was wrong.",
        "My invoice didn't match my order and it took weeks to correct.",
    ),
    "refund_delay": (
        "Still waiting for my refund after {weeks} weeks.",
        "Refund took {weeks} weeks to come through.",
        "Returned the item a month ago and the refund is still pending.",
    ),
    "long_wait": (
        "I waited {minutes} minutes on hold before anyone answered.",
        "Long waits on the phone, {minutes} minutes this time.",
        "Spent {minutes} minutes in the phone queue just to ask a simple question.",
    ),
    "transferred": (
        "Got transferred between departments and had to repeat myself each time.",
        "Was passed around three agents before anyone could help.",
    ),
    "unresolved": (
        "My issue still isn't resolved after two calls.",
        "The agent promised a call back that never came.",
    ),
    "onboarding_confusion": (
        "Onboarding was confusing, nobody explained how the account works.",
        "The onboarding call raised more questions than it answered.",
        "Setup instructions were unclear and contradicted each other.",
    ),
    "setup_problem": (
        "Our account setup took {weeks} weeks instead of a few days.",
        "The onboarding call was rescheduled twice.",
    ),
}

PRAISE_PHRASES: dict[str, tuple[str, ...]] = {
    "Website": ("The website is easy to use.", "Found exactly what I needed on the site in minutes."),
    "Mobile app": ("The app is quick and easy to use.", "Love the app, reordering takes seconds."),
    "Checkout": ("Checkout was fast and simple.", "Paying was quick and easy."),
    "Delivery": (
        "Delivery was fast and on time.",
        "Arrived a day early and well packed.",
        "The courier was friendly and the tracking was spot on.",
    ),
    "Billing": ("Billing is clear and always correct.", "The invoice was easy to understand."),
    "Contact center": (
        "The agent solved my problem on the first call.",
        "Friendly and knowledgeable support, no waiting.",
        "Got a call back within minutes, very helpful.",
    ),
    "Onboarding call": (
        "The onboarding call was really helpful.",
        "Our onboarding manager walked us through everything.",
    ),
}

GENERAL_PHRASES: dict[str, tuple[str, ...]] = {
    "praise": (
        "Great service overall.",
        "Good quality products at fair prices.",
        "Always a good experience with you.",
        "Reliable and easy to deal with.",
    ),
    "complaint": (
        "Prices have gone up a lot lately.",
        "Quality isn't what it used to be.",
        "Half the things I wanted were out of stock.",
        "Not worth the membership fee.",
    ),
    "neutral": (
        "It was fine, nothing special.",
        "Okay experience overall.",
        "Decent, but delivery options could be better.",
        "Good enough, though I'd like more choice.",
    ),
}

# By mood: 0 negative, 1 neutral, 2 positive.
FOLLOW_UPS: tuple[tuple[str, ...], ...] = (
    (
        "Please sort this out.",
        "Not the first time either.",
        "I'm seriously thinking about going elsewhere.",
        "Really disappointing.",
        "Very frustrating.",
    ),
    ("Otherwise fine.", "Room for improvement.", "Hope this helps."),
    ("Keep it up!", "Would definitely recommend.", "Thank you!", "Great job, team."),
)
FOLLOW_UP_SHARE = 0.45

THEMES: dict[str, tuple[str, ...]] = {
    **PAIN_PHRASES,
    **{f"praise:{tp}": phrases for tp, phrases in PRAISE_PHRASES.items()},
    **GENERAL_PHRASES,
}
THEME_NAMES = tuple(THEMES)


def theme_codes(names: list[str] | tuple[str, ...]) -> np.ndarray:
    """The theme codes `write_comments` takes, for a list of theme names."""
    return np.array([THEME_NAMES.index(name) for name in names], dtype=np.int16)


def _pick(rng: np.random.Generator, groups: list[tuple[str, ...]], group: np.ndarray) -> pl.Series:
    """One phrase per row out of `groups[group]`, as a String column."""
    sizes = np.array([len(g) for g in groups])
    offsets = np.concatenate(([0], np.cumsum(sizes)[:-1]))
    flat = pl.Series([phrase for g in groups for phrase in g], dtype=pl.String)
    index = offsets[group] + (rng.random(len(group)) * sizes[group]).astype(np.int64)
    return flat.gather(pl.Series(index, dtype=pl.UInt32))


def write_comments(rng: np.random.Generator, theme: np.ndarray, mood: np.ndarray) -> pl.Series:
    """Comments for all rows: null where `theme` is -1, else a sentence and maybe a follow-up."""
    rows = np.flatnonzero(theme >= 0)
    main = _pick(rng, [THEMES[name] for name in THEME_NAMES], theme[rows])
    follow = _pick(rng, list(FOLLOW_UPS), mood[rows])
    follow = follow.set(pl.Series(rng.random(len(rows)) >= FOLLOW_UP_SHARE), None)
    text = pl.DataFrame(
        {
            "main": main,
            "follow": follow,
            "days": rng.integers(2, 10, len(rows)),
            "minutes": 5 * rng.integers(5, 15, len(rows)),
            "weeks": rng.integers(2, 7, len(rows)),
        }
    ).select(
        pl.concat_str("main", "follow", separator=" ", ignore_nulls=True)
        .str.replace("{days}", pl.col("days").cast(pl.String), literal=True)
        .str.replace("{minutes}", pl.col("minutes").cast(pl.String), literal=True)
        .str.replace("{weeks}", pl.col("weeks").cast(pl.String), literal=True)
    )
    position = np.full(len(theme), -1, dtype=np.int64)
    position[rows] = np.arange(len(rows))
    index = pl.Series(position, dtype=pl.Int64)
    return text.to_series().gather(index.set(index < 0, None).cast(pl.UInt32)).alias("comment")
