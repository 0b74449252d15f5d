"""The uplift as plain data (the CLI's JSON) and as text lines, the screen's figures in the same words."""

from __future__ import annotations

from cxdash.figures.formatting import format_money
from cxdash.uplift.adjusted import RETENTION_MODEL, SPEND_MODEL
from cxdash.uplift.analysis import Uplift
from cxdash.uplift.before_after import before_and_after_ratios
from cxdash.uplift.estimates import BOOTSTRAP_MAX, RESAMPLES, Estimate
from cxdash.uplift.words import headline

RATIO_INTERVAL = "delta method on the log scale"
INTERVALS = {
    "revenue_per_customer_12m": f"bootstrap percentile ({RESAMPLES:,} resamples) up to {BOOTSTRAP_MAX:,} "
    "customers a group, Student t above",
    "orders_per_customer_12m": "Student t",
    "aov_12m": "delta method (ratio of sums)",
    "retention_12m": "Wilson",
}


def _with_bounds(name: str, estimate: Estimate) -> dict[str, float | None]:
    return {name: estimate.value, f"{name}_low": estimate.low, f"{name}_high": estimate.high}


def groups_record(uplift: Uplift) -> list[dict]:
    records = []
    for group in uplift.groups:
        record = {"group": group.group, "rank": group.rank, "customers": group.customers}
        record |= {"active_customers": group.active_customers, "revenue_n": group.revenue_per_customer.n}
        record |= _with_bounds("revenue_per_customer_12m", group.revenue_per_customer)
        record |= _with_bounds("orders_per_customer_12m", group.orders_per_customer)
        record |= _with_bounds("aov_12m", group.aov)
        record |= {"retention_n": group.retention.n} | _with_bounds("retention_12m", group.retention)
        records.append(record)
    return records


def uplift_summary(uplift: Uplift) -> dict | None:
    """Best group over worst: raw, adjusted, and the same ratio in the year before the answer."""
    if uplift.best is None or uplift.worst is None:
        return None
    raw = _with_bounds("revenue_ratio", uplift.revenue_ratio) | _with_bounds("retention_ratio", uplift.retention_ratio)
    adjusted = uplift.adjusted
    summary = {
        "best_group": uplift.best.group,
        "worst_group": uplift.worst.group,
        "raw": raw | {"interval": RATIO_INTERVAL},
        "adjusted": _with_bounds("revenue_ratio", adjusted.revenue_ratio)
        | _with_bounds("retention_ratio", adjusted.retention_ratio)
        | {
            "n": adjusted.revenue_ratio.n,
            "adjusted_for": list(adjusted.adjusted_for),
            "revenue_model": SPEND_MODEL,
            "retention_model": RETENTION_MODEL,
        },
    }
    ratios = before_and_after_ratios(uplift.before_after)
    if ratios is not None:
        summary["spend_before_answer"] = _with_bounds("revenue_ratio", ratios[0]) | {"n": ratios[0].n}
    return summary


def uplift_record(uplift: Uplift, grouping: str, as_of: str | None, currency: str) -> dict:
    return {
        "metric": uplift.metric,
        "grouping": grouping,
        "as_of": as_of,
        "currency": currency,
        "eligible_customers": uplift.eligible,
        "intervals": INTERVALS,
        "groups": groups_record(uplift),
        "uplift": uplift_summary(uplift),
    }


def _ratio(estimate: Estimate) -> str:
    if estimate.value is None:
        return "–"
    bounds = f" ({estimate.low:.2f}-{estimate.high:.2f})" if estimate.low is not None else ""
    return f"{estimate.value:.2f}x{bounds}"


def text_lines(uplift: Uplift, currency: str) -> list[str]:
    money = lambda e: "–" if e.value is None else format_money(e.value, currency)  # noqa: E731
    share = lambda e: "–" if e.value is None else f"{e.value:.1%}"  # noqa: E731
    lines = [f"{'group':<22}{'customers':>10}{'revenue/customer 12m':>24}{'retention 12m':>16}"]
    for g in uplift.groups:
        lines.append(f"{g.group:<22}{g.customers:>10,}{money(g.revenue_per_customer):>24}{share(g.retention):>16}")
    if uplift.best is None:
        lines.append("Too few groups with customers measured to compare.")
        return lines
    lines.append(headline(uplift.best.group, uplift.worst.group, uplift.revenue_ratio))
    lines.append(f"raw revenue ratio {_ratio(uplift.revenue_ratio)} · retention ratio {_ratio(uplift.retention_ratio)}")
    adjusted = uplift.adjusted
    lines.append(
        f"adjusted for {', '.join(adjusted.adjusted_for)}: revenue ratio {_ratio(adjusted.revenue_ratio)} · "
        f"retention ratio {_ratio(adjusted.retention_ratio)}"
    )
    return lines
