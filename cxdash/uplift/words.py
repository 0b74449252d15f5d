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


DEFINITIONS = (
    "**Experience group**: set by a customer's *first* answer to the metric (NPS: promoter 9-10, passive 7-8, "
    "detractor 0-6; CSAT: the score 1-5, or satisfied 4-5 against the rest; CES: low effort 1-3, medium 4-5, "
    "high effort 6-7), as the experience bands define them once for every page.",
    "**12 months after**: the 365 days after the first answer, its day excluded and day 365 included. Customers "
    "who answered less than 365 days before the as-of date are left out. Where the data did not observe orders "
    "(or churn) over all of a customer's 12 months, their spend (or retention) is not counted, never taken as 0.",
    "**Revenue per customer (12 months)**: the group's order amounts in those 12 months over its customers, "
    "refunds netted, customers who bought nothing or left counted as 0; 95% bootstrap percentile interval "
    "(Student t for groups of more than 20,000). **Orders per "
    "customer**: likewise for orders (t interval). **AOV**: the group's revenue over its orders "
    "(delta-method interval).",
    "**Retention (12 months)**, `retention_12m`: the share of the group not churned by day 365 after the answer; "
    "95% Wilson interval.",
    "**Uplift**: the best group's revenue per customer over the worst group's, minus 1 (\"promoters spend 40% "
    'more"), with a delta-method 95% interval on the log scale. **Adjusted uplift**: the same from a GLM with a '
    "log link (Tweedie for spend, modified Poisson for retention) holding segment, region, tenure and the year's "
    "spend before the answer equal, with robust (HC1) intervals. Both are associations, not proof of cause.",
    "**Value at stake**: today's active customers of a group times the gap in 12-month revenue (or retention) "
    "between groups; **revenue at risk**: today's active customers of the worst group times the share of that "
    "group gone within 12 months times its revenue per customer.",
)
