"""Reporting periods: presets ending on the data's last observed day, the comparison people mean, labels.

A calendar period (whole months, a quarter, a year) is compared with the previous one of the same unit:
October with September, Q3 with Q2, 2025 with 2024. A to-date period is compared with the same days of
the previous unit (1-15 November with 1-15 October). Any other period is compared with the same number
of days just before it.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta


@dataclass(frozen=True)
class Period:
    start: date
    end: date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def __str__(self) -> str:
        return describe(self)


def _month_end(day: date) -> date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def shift_months(day: date, months: int) -> date:
    """The same day `months` later (earlier if negative), clipped to the month's last day."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def _quarter_start(day: date) -> date:
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def whole_months(period: Period) -> int | None:
    """How many calendar months the period spans exactly, or None when it starts or ends mid-month."""
    if period.start.day != 1 or period.end != _month_end(period.end):
        return None
    return (period.end.year - period.start.year) * 12 + period.end.month - period.start.month + 1


def describe(period: Period) -> str:
    """The period in words: 'Oct 2026', 'Q3 2026', '2025', 'Aug – Oct 2026', '10 Mar – 20 Apr 2026'."""
    start, end = period.start, period.end
    months = whole_months(period)
    if months == 1:
        return f"{start:%b %Y}"
    if months == 3 and start == _quarter_start(start):
        return f"Q{(start.month - 1) // 3 + 1} {start.year}"
    if months == 12 and start.month == 1:
        return str(start.year)
    if months:
        return f"{start:%b} – {end:%b %Y}" if start.year == end.year else f"{start:%b %Y} – {end:%b %Y}"
    if start == end:
        return f"{start.day} {start:%b %Y}"
    if start.year != end.year:
        return f"{start.day} {start:%b %Y} – {end.day} {end:%b %Y}"
    if start.month != end.month:
        return f"{start.day} {start:%b} – {end.day} {end:%b %Y}"
    return f"{start.day}–{end.day} {end:%b %Y}"


PRESETS = (
    "Last full month",
    "Last full quarter",
    "Last full year",
    "Last 30 days",
    "Last 90 days",
    "Last 12 months",
    "Month to date",
    "Quarter to date",
    "Year to date",
    "All time",
    "Custom",
)
TO_DATE_MONTHS = {"Month to date": 1, "Quarter to date": 3, "Year to date": 12}
COMPARISONS = ("Previous period", "Same period last year", "None")


def preset_period(preset: str, end: date, first: date | None = None) -> Period:
    """The period a preset names, ending on `end` (the data's last observed day) or on the last full
    month, quarter or year before it; a month, quarter or year that ends on `end` counts as full."""
    if preset == "Last 30 days":
        return Period(end - timedelta(days=29), end)
    if preset == "Last 90 days":
        return Period(end - timedelta(days=89), end)
    if preset == "Last 12 months":
        return Period(shift_months(end, -12) + timedelta(days=1), end)
    if preset == "Month to date":
        return Period(end.replace(day=1), end)
    if preset == "Quarter to date":
        return Period(_quarter_start(end), end)
    if preset == "Year to date":
        return Period(date(end.year, 1, 1), end)
    after = end + timedelta(days=1)
    if preset == "Last full month":
        last = after.replace(day=1) - timedelta(days=1)
        return Period(last.replace(day=1), last)
    if preset == "Last full quarter":
        last = _quarter_start(after) - timedelta(days=1)
        return Period(_quarter_start(last), last)
    if preset == "Last full year":
        return Period(date(after.year - 1, 1, 1), date(after.year - 1, 12, 31))
    if preset == "All time":
        return Period(first or end, end)
    raise ValueError(f"unknown period preset {preset!r}")


def default_preset(first: date, end: date) -> str:
    """The latest full month when the data covers one, else everything it has (e.g. a one-day survey)."""
    return "Last full month" if preset_period("Last full month", end).start >= first else "All time"


def _shift(period: Period, months: int) -> Period:
    """The period moved by whole months; whole-month periods stay whole months (Feb 29 -> Feb 28)."""
    start = shift_months(period.start, months)
    if whole_months(period):
        return Period(start, _month_end(shift_months(period.end, months)))
    return Period(start, shift_months(period.end, months))


def comparison_period(period: Period, comparison: str, preset: str | None = None) -> Period | None:
    """Previous period as people mean it (previous month, quarter, year, or the same days before),
    or the same period a year earlier, or None (also for All time: nothing comes before everything)."""
    if comparison == "None" or preset == "All time":
        return None
    if comparison == "Same period last year":
        return _shift(period, -12)
    if comparison != "Previous period":
        raise ValueError(f"unknown comparison {comparison!r}")
    months = TO_DATE_MONTHS.get(preset or "") or whole_months(period)
    if months:
        return _shift(period, -months)
    end = period.start - timedelta(days=1)
    return Period(end - timedelta(days=period.days - 1), end)


def comparison_label(comparison: Period | None, rolling: bool) -> str | None:
    """'vs Q2 2026', 'vs Oct 2025', 'vs the previous 30 days (1 – 30 Sep 2026)', or None."""
    if comparison is None:
        return None
    if rolling:
        return f"vs the previous {comparison.days} days ({describe(comparison)})"
    return f"vs {describe(comparison)}"


def is_rolling(period: Period, comparison_name: str, preset: str | None = None) -> bool:
    """Whether 'previous period' means the same number of days before (not a calendar unit)."""
    return comparison_name == "Previous period" and preset not in TO_DATE_MONTHS and not whole_months(period)


def trend_grain(period: Period) -> str:
    """Weeks for a short period, months otherwise, so a sparkline has enough points to read."""
    return "week" if period.days <= 120 else "month"
