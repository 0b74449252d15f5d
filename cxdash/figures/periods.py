"""Reporting periods: presets relative to the data's as_of date, and the comparison period of each."""

from __future__ import annotations

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
        return f"{self.start:%d %b %Y} – {self.end:%d %b %Y}"


def _month_start(day: date) -> date:
    return day.replace(day=1)


def _quarter_start(day: date) -> date:
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def _shift_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


PRESETS = (
    "Last 30 days",
    "Last 90 days",
    "Last 12 months",
    "Month to date",
    "Quarter to date",
    "Year to date",
    "Last full month",
    "Last full quarter",
    "Last full year",
    "All time",
    "Custom",
)
COMPARISONS = ("Previous period", "Same period last year", "None")


def preset_period(preset: str, as_of: date, first: date | None = None) -> Period:
    """The period a preset names, ending on as_of (or on the last full month, quarter or year)."""
    if preset == "Last 30 days":
        return Period(as_of - timedelta(days=29), as_of)
    if preset == "Last 90 days":
        return Period(as_of - timedelta(days=89), as_of)
    if preset == "Last 12 months":
        return Period(_shift_years(as_of, -1) + timedelta(days=1), as_of)
    if preset == "Month to date":
        return Period(_month_start(as_of), as_of)
    if preset == "Quarter to date":
        return Period(_quarter_start(as_of), as_of)
    if preset == "Year to date":
        return Period(date(as_of.year, 1, 1), as_of)
    after = as_of + timedelta(days=1)  # a month, quarter or year that ends on as_of is full
    if preset == "Last full month":
        end = _month_start(after) - timedelta(days=1)
        return Period(_month_start(end), end)
    if preset == "Last full quarter":
        end = _quarter_start(after) - timedelta(days=1)
        return Period(_quarter_start(end), end)
    if preset == "Last full year":
        return Period(date(after.year - 1, 1, 1), date(after.year - 1, 12, 31))
    if preset == "All time":
        return Period(first or as_of, as_of)
    raise ValueError(f"unknown period preset {preset!r}")


def comparison_period(period: Period, comparison: str) -> Period | None:
    """Previous period: the same number of days just before; same period last year: shifted a year."""
    if comparison == "Previous period":
        end = period.start - timedelta(days=1)
        return Period(end - timedelta(days=period.days - 1), end)
    if comparison == "Same period last year":
        return Period(_shift_years(period.start, -1), _shift_years(period.end, -1))
    if comparison == "None":
        return None
    raise ValueError(f"unknown comparison {comparison!r}")


def trend_grain(period: Period) -> str:
    """Weeks for a short period, months otherwise, so a sparkline has enough points to read."""
    return "week" if period.days <= 120 else "month"
