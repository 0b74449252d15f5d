"""Period presets and comparisons, worked out by hand."""

from datetime import date

import pytest

from cxdash.figures.periods import PRESETS, Period, comparison_period, preset_period, trend_grain

MID = date(2026, 5, 14)


@pytest.mark.parametrize(
    ("preset", "as_of", "expected"),
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
def test_presets(preset, as_of, expected):
    assert preset_period(preset, as_of) == Period(*expected)


def test_all_time_starts_at_the_first_date():
    assert preset_period("All time", MID, date(2023, 11, 1)) == Period(date(2023, 11, 1), MID)


def test_every_preset_but_custom_is_handled():
    for preset in PRESETS[:-1]:
        assert preset_period(preset, MID, date(2020, 1, 1)).end <= MID
    with pytest.raises(ValueError, match="unknown period preset"):
        preset_period("Custom", MID)


def test_comparisons():
    march = Period(date(2024, 3, 1), date(2024, 3, 31))
    assert comparison_period(march, "Previous period") == Period(date(2024, 1, 30), date(2024, 2, 29))
    assert comparison_period(march, "Same period last year") == Period(date(2023, 3, 1), date(2023, 3, 31))
    assert comparison_period(Period(date(2024, 2, 29), date(2024, 2, 29)), "Same period last year") == Period(
        date(2023, 2, 28), date(2023, 2, 28)
    )
    assert comparison_period(march, "None") is None


def test_trend_grain():
    assert trend_grain(Period(date(2024, 1, 1), date(2024, 3, 31))) == "week"
    assert trend_grain(Period(date(2024, 1, 1), date(2024, 12, 31))) == "month"
