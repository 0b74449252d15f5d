"""Calendar-month arithmetic shared by the cohort table and its drill-down."""

from __future__ import annotations

from datetime import date, timedelta

DAYS_PER_MONTH = 365.25 / 12  # survival durations are counted in days and shown in these months


def add_months(day: date, months: int) -> date:
    """The first day of the calendar month `months` after `day`'s month."""
    number = day.year * 12 + day.month - 1 + months
    return date(number // 12, number % 12 + 1, 1)


def month_end(day: date) -> date:
    return add_months(day, 1) - timedelta(days=1)


def quarter_start(day: date) -> date:
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
