"""The uplift page's tables as columns of text, formatted as the tiles are (money in the data's currency,
shares in percent, intervals and n beside each figure): the page only lays them out."""

from __future__ import annotations

from cxdash.figures.formatting import format_money
from cxdash.uplift.before_after import BeforeAfter
from cxdash.uplift.dimensions import DimensionUplift
from cxdash.uplift.estimates import Estimate
from cxdash.uplift.evidence import EVIDENCE
from cxdash.uplift.groups import GroupFigures

NONE = "–"


def money(estimate: Estimate, currency: str) -> str:
    if estimate.value is None:
        return NONE
    text = format_money(estimate.value, currency)
    if estimate.low is not None:
        text += f" ({format_money(estimate.low, currency)} to {format_money(estimate.high, currency)})"
    return text


def short_money(estimate: Estimate, currency: str) -> str:
    """A tile's value: compact money, no interval ("$18.5K")."""
    return NONE if estimate.value is None else format_money(estimate.value, currency, compact=True)


def short_count(estimate: Estimate) -> str:
    return NONE if estimate.value is None else f"{estimate.value:+,.0f}"


def short_ratio(estimate: Estimate) -> str:
    return NONE if estimate.value is None else f"{estimate.value - 1:+.0%}"


def interval(estimate: Estimate, shown) -> str:
    """ "95% interval $246 to $36.7K", or why there is none."""
    if estimate.value is None:
        return "Too few customers to measure."
    if estimate.low is None:
        return "No interval: too few customers or no spread."
    return f"95% interval {shown(estimate.low)} to {shown(estimate.high)} (n = {estimate.n:,})"


def number(estimate: Estimate, digits: int = 1) -> str:
    if estimate.value is None:
        return NONE
    bounds = f" ({estimate.low:.{digits}f}-{estimate.high:.{digits}f})" if estimate.low is not None else ""
    return f"{estimate.value:.{digits}f}{bounds}"


def share(estimate: Estimate) -> str:
    if estimate.value is None:
        return NONE
    bounds = f" ({100 * estimate.low:.1f}-{estimate.high:.1%})" if estimate.low is not None else ""
    return f"{estimate.value:.1%}{bounds}"


def ratio(estimate: Estimate) -> str:
    """A ratio as an uplift: 2.38 -> "+138% (+97% to +187%)"."""
    if estimate.value is None:
        return NONE
    bounds = f" ({estimate.low - 1:+.0%} to {estimate.high - 1:+.0%})" if estimate.low is not None else ""
    return f"{estimate.value - 1:+.0%}{bounds}"


def group_table(groups: list[GroupFigures], currency: str) -> dict[str, list]:
    return {
        "Group": [g.group for g in groups],
        "Customers": [g.customers for g in groups],
        "Revenue per customer, 12 months (95% interval)": [money(g.revenue_per_customer, currency) for g in groups],
        "Orders per customer": [number(g.orders_per_customer) for g in groups],
        "AOV": [money(g.aov, currency) for g in groups],
        "Retention, 12 months": [share(g.retention) for g in groups],
        "n (spend / retention)": [f"{g.revenue_per_customer.n:,} / {g.retention.n:,}" for g in groups],
    }


def before_after_table(figures: list[BeforeAfter], currency: str) -> dict[str, list]:
    return {
        "Group": [f.group for f in figures],
        "Customers": [f.before.n for f in figures],
        "Revenue per customer, 12 months before": [money(f.before, currency) for f in figures],
        "12 months after": [money(f.after, currency) for f in figures],
    }


def dimension_table(rows: list[DimensionUplift], best: str, worst: str) -> dict[str, list]:
    return {
        "Dimension": [r.dimension for r in rows],
        "Value": [r.value for r in rows],
        f"{best} over {worst}: revenue per customer (95% interval)": [ratio(r.revenue_ratio) for r in rows],
        f"n {best}": [r.best_customers for r in rows],
        f"n {worst}": [r.worst_customers for r in rows],
    }


def evidence_table(ours: str) -> dict[str, list]:
    """This data's own figure first, then every published claim with its source, year and caveat."""
    return {
        "Claim": [ours, *(c.claim for c in EVIDENCE)],
        "Source": ["This data (the figures above)", *(c.source for c in EVIDENCE)],
        "Year": ["", *(str(c.year) for c in EVIDENCE)],
        "Caveat": [
            "Observational: who answers better may already spend more (see spend before the answer).",
            *(c.caveat for c in EVIDENCE),
        ],
    }
