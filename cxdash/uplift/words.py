"""The uplift in plain words: the headline, what adjustment does, and what spend before the answer shows."""

from __future__ import annotations

from cxdash.uplift.estimates import Estimate

ADJUSTMENT_NOTE = (
    "Adjusting compares customers of the same segment and region, with the same tenure and the same spend in "
    "the year before their answer, so the gap is not just bigger or longer-standing customers answering "
    "better. It is still an association: whatever else differs between happy and unhappy customers (and the "
    "model does not see) can still drive both their answers and their spending."
)


def _percent(ratio: float) -> str:
    return f"{abs(ratio - 1):.0%}"


def _range(estimate: Estimate) -> str:
    """ "12-34%" for an uplift, "-5% to +20%" when its interval spans no difference."""
    low, high = estimate.low - 1, estimate.high - 1
    if low < 0 < high:
        return f"{low:+.0%} to {high:+.0%}"
    low, high = sorted((abs(low), abs(high)))
    return f"{100 * low:.0f}-{high:.0%}"


def plural(group: str) -> str:
    """ "promoters", "customers scoring 5", "low effort customers"."""
    if group.startswith("score "):
        return f"customers scoring {group.removeprefix('score ')}"
    if group in ("promoter", "passive", "detractor"):
        return group + "s"
    return f"{group} customers"


def headline(best: str, worst: str, ratio: Estimate, what: str = "spend") -> str:
    """ "Promoters spend 42% more than detractors (95% CI 30-55%)" and, where the interval holds no
    difference, that this data cannot tell."""
    if ratio.value is None:
        return f"Too few customers with 12 months measured to compare {plural(best)} with {plural(worst)}."
    more = "more" if ratio.value >= 1 else "less"
    text = f"{plural(best).capitalize()} {what} {_percent(ratio.value)} {more} than {plural(worst)}"
    if ratio.low is None:
        return text + "."
    text += f" (95% CI {_range(ratio)})"
    if ratio.low <= 1 <= ratio.high:
        text += ": a gap this data cannot tell from chance"
    return text + "."


def before_after_note(before: Estimate, after: Estimate, best: str, worst: str) -> str:
    """What the year before the answer says about cause and effect."""
    if before.value is None or after.value is None:
        return "Too few customers with both years observed to compare spend before and after the answer."
    lead = f"In the year before answering, {plural(best)} already spent {before.value:.2f}x what {plural(worst)} did"
    lead += f"; in the year after, {after.value:.2f}x. "
    if before.low is not None and before.low > 1:
        return lead + (
            "The gap was there before the answer, so at least part of it is who these customers are, not what "
            "the experience did: heavy buyers may answer better because they like the brand (reverse causality)."
        )
    return lead + "Before the answer the groups spent alike, which is consistent with the experience mattering."
