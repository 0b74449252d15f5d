"""Period presets, the comparison people mean, and labels, worked out by hand."""

from datetime import date

import pytest

from cxdash.figures.periods import (
    PRESETS,
    Period,
    comparison_label,
    comparison_period,
    default_preset,
    describe,
    is_rolling,
    preset_period,
    trend_grain,
)

MID = date(2026, 5, 14)


@pytest.mark.parametrize(
    ("preset", "end", "expected"),
    [
        ("Last 30 days", MID, (date(2026, 4, 15), MID)),
        ("Last 90 days", MID, (date(2026, 2, 14), MID)),
        ("Last 12 months", MID, (date(2025, 5, 15), MID)),
        ("Month to date", MID, (date(2026, 5, 1), MID)),
        ("Quarter to date", MID, (date(2026, 4, 1), MID)),
        ("Year to date", MID, (date(2026, 1, 1), MID)),
        ("Last full month", MID, (date(2026, 4, 1), date(2026, 4, 30))),
        ("Last full quarter", MID, (date(2026, 1, 1), date(2026, 3, 31))),
        ("Last full year", MID, (date(2025, 1, 1), date(2025, 12, 31))),
        # data that ends on the last day of a month, quarter or year: that one is full
        ("Last full month", date(2024, 1, 31), (date(2024, 1, 1), date(2024, 1, 31))),
        ("Last full quarter", date(2026, 9, 30), (date(2026, 7, 1), date(2026, 9, 30))),
        ("Last full year", date(2025, 12, 31), (date(2025, 1, 1), date(2025, 12, 31))),
        ("Last 12 months", date(2024, 2, 29), (date(2023, 3, 1), date(2024, 2, 29))),
    ],
)
def test_presets(preset, end, expected):
    assert preset_period(preset, end) == Period(*expected)


def test_all_time_starts_at_the_first_date():
    assert preset_period("All time", MID, date(2023, 11, 1)) == Period(date(2023, 11, 1), MID)


def test_every_preset_but_custom_is_handled():
    for preset in PRESETS[:-1]:
        assert preset_period(preset, MID, date(2020, 1, 1)).end <= MID
    with pytest.raises(ValueError, match="unknown period preset"):
        preset_period("Custom", MID)


def test_default_is_the_latest_full_month_the_data_covers():
    assert default_preset(date(2023, 11, 1), MID) == "Last full month"
    # a one-day survey (the airline data) covers no full month: show all of it
    assert default_preset(date(2019, 6, 30), date(2019, 6, 30)) == "All time"


@pytest.mark.parametrize(
    ("period", "preset", "expected"),
    [
        # the calendar unit before, not the same number of days
        ((date(2026, 10, 1), date(2026, 10, 31)), "Last full month", (date(2026, 9, 1), date(2026, 9, 30))),
        ((date(2024, 3, 1), date(2024, 3, 31)), "Custom", (date(2024, 2, 1), date(2024, 2, 29))),
        ((date(2026, 7, 1), date(2026, 9, 30)), "Last full quarter", (date(2026, 4, 1), date(2026, 6, 30))),
        ((date(2025, 1, 1), date(2025, 12, 31)), "Last full year", (date(2024, 1, 1), date(2024, 12, 31))),
        # to date: the same days of the unit before
        ((date(2026, 11, 1), date(2026, 11, 15)), "Month to date", (date(2026, 10, 1), date(2026, 10, 15))),
        ((date(2026, 3, 1), date(2026, 3, 31)), "Month to date", (date(2026, 2, 1), date(2026, 2, 28))),
        ((date(2026, 4, 1), date(2026, 5, 14)), "Quarter to date", (date(2026, 1, 1), date(2026, 2, 14))),
        ((date(2026, 1, 1), date(2026, 5, 14)), "Year to date", (date(2025, 1, 1), date(2025, 5, 14))),
        # rolling: the same number of days just before
        ((date(2026, 4, 15), MID), "Last 30 days", (date(2026, 3, 16), date(2026, 4, 14))),
        ((date(2026, 3, 10), date(2026, 4, 20)), "Custom", (date(2026, 1, 27), date(2026, 3, 9))),
    ],
)
def test_previous_period_is_the_one_people_mean(period, preset, expected):
    assert comparison_period(Period(*period), "Previous period", preset) == Period(*expected)


def test_same_period_last_year_and_none():
    march = Period(date(2024, 3, 1), date(2024, 3, 31))
    assert comparison_period(march, "Same period last year") == Period(date(2023, 3, 1), date(2023, 3, 31))
    february = Period(date(2024, 2, 1), date(2024, 2, 29))
    assert comparison_period(february, "Same period last year") == Period(date(2023, 2, 1), date(2023, 2, 28))
    leap_day = Period(date(2024, 2, 29), date(2024, 2, 29))
    assert comparison_period(leap_day, "Same period last year") == Period(date(2023, 2, 28), date(2023, 2, 28))
    assert comparison_period(march, "None") is None
    with pytest.raises(ValueError, match="unknown comparison"):
        comparison_period(march, "Yesterday")


@pytest.mark.parametrize(
    ("period", "words"),
    [
        ((date(2026, 10, 1), date(2026, 10, 31)), "Oct 2026"),
        ((date(2026, 4, 1), date(2026, 6, 30)), "Q2 2026"),
        ((date(2025, 1, 1), date(2025, 12, 31)), "2025"),
        ((date(2026, 8, 1), date(2026, 10, 31)), "Aug – Oct 2026"),
        ((date(2025, 11, 1), date(2026, 10, 31)), "Nov 2025 – Oct 2026"),
        ((date(2026, 3, 10), date(2026, 4, 20)), "10 Mar – 20 Apr 2026"),
        ((date(2026, 11, 1), date(2026, 11, 15)), "1–15 Nov 2026"),
        ((date(2025, 12, 20), date(2026, 1, 5)), "20 Dec 2025 – 5 Jan 2026"),
        ((date(2026, 1, 5), date(2026, 1, 5)), "5 Jan 2026"),
    ],
)
def test_periods_in_words(period, words):
    assert describe(Period(*period)) == words


def test_comparison_labels():
    q3 = Period(date(2026, 7, 1), date(2026, 9, 30))
    q2 = comparison_period(q3, "Previous period", "Last full quarter")
    assert comparison_label(q2, is_rolling(q3, "Previous period", "Last full quarter")) == "vs Q2 2026"
    last30 = Period(date(2026, 10, 2), date(2026, 10, 31))
    before = comparison_period(last30, "Previous period", "Last 30 days")
    assert comparison_label(before, is_rolling(last30, "Previous period", "Last 30 days")) == (
        "vs the previous 30 days (2 Sep – 1 Oct 2026)"
    )
    assert comparison_label(None, False) is None


def test_trend_grain():
    assert trend_grain(Period(date(2024, 1, 1), date(2024, 3, 31))) == "week"
    assert trend_grain(Period(date(2024, 1, 1), date(2024, 12, 31))) == "month"
