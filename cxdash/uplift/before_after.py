"""Spend in the 12 months before the answer against the 12 after, for the same customers.

If the best group already outspent the worst before answering, part of the gap after is who those
customers were, not what the experience did: heavy buyers may simply like the brand more (reverse
causality). Only customers with both spans observed count.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from cxdash.uplift.estimates import Estimate, Sums, mean_estimate, ratio_of_means


@dataclass(frozen=True)
class BeforeAfter:
    group: str
    rank: int
    before: Estimate  # revenue per customer in the 365 days before the answer
    after: Estimate  # and in the 365 days after it, same customers
    sums_before: Sums
    sums_after: Sums


def before_after(rows: pl.DataFrame) -> list[BeforeAfter]:
    """Per group, best first: mean spend before and after the answer, on customers with both observed."""
    both = rows.filter(pl.col("eligible") & pl.col("spend_before").is_not_null() & pl.col("spend_after").is_not_null())
    sums = (
        both.group_by("experience", "rank")
        .agg(
            n=pl.len(),
            before=pl.col("spend_before").sum(),
            before_sq=(pl.col("spend_before") ** 2).sum(),
            after=pl.col("spend_after").sum(),
            after_sq=(pl.col("spend_after") ** 2).sum(),
        )
        .sort("rank")
    )
    found = []
    for row in sums.iter_rows(named=True):
        before, after = Sums(row["before"], row["before_sq"], row["n"]), Sums(row["after"], row["after_sq"], row["n"])
        estimates = mean_estimate(before), mean_estimate(after)
        found.append(BeforeAfter(row["experience"], row["rank"], *estimates, before, after))
    return found


def before_and_after_ratios(figures: list[BeforeAfter]) -> tuple[Estimate, Estimate] | None:
    """The best group's spend over the worst's, before the answer and after it (None without two groups)."""
    if len(figures) < 2:
        return None
    best, worst = figures[0], figures[-1]
    return ratio_of_means(best.sums_before, worst.sums_before), ratio_of_means(best.sums_after, worst.sums_after)
