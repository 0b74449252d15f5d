"""Figures as the screen shows them, against strings worked out by hand: each unit, each currency, negative
values, values that round to zero (never "-0.0"), and the edges where a figure turns compact."""

import pytest

from cxdash.figures.formatting import (
    change_is_zero,
    currency_symbol,
    format_change,
    format_figure,
    format_interval,
    format_money,
    format_value,
    separators,
)
from cxdash.figures.registry import KPI_BY_NAME

NPS, CSAT, CES = KPI_BY_NAME["nps"], KPI_BY_NAME["csat"], KPI_BY_NAME["ces"]
CHURN, REVENUE, ORDERS = KPI_BY_NAME["churn_rate"], KPI_BY_NAME["revenue"], KPI_BY_NAME["orders"]


@pytest.mark.parametrize(
    ("amount", "currency", "expected"),
    [
        (1234.5, "USD", "$1,234.50"),
        (1234.5, "BRL", "R$1,234.50"),
        (1234.5, "GBP", "£1,234.50"),
        (1234.5, "EUR", "€1,234.50"),
        (1234.5, "JPY", "¥1,235"),  # no minor unit; half rounds away from zero
        (-1234.5, "GBP", "-£1,234.50"),
        (2_175_201.3, "GBP", "£2,175,201.30"),
        (0.005, "USD", "$0.01"),
        (-0.004, "USD", "$0.00"),  # a rounded zero has no minus
        (-0.4, "JPY", "¥0"),
    ],
)
def test_money_in_full(amount, currency, expected):
    assert format_money(amount, currency) == expected


@pytest.mark.parametrize(
    ("amount", "currency", "expected"),
    [
        (999.99, "USD", "$999.99"),  # below 1,000 in full
        (999.995, "USD", "$1K"),  # rounds to 1,000.00, so compact
        (1_000, "BRL", "R$1K"),
        (1_250, "GBP", "£1.3K"),
        (7_700_000, "GBP", "£7.7M"),
        (2_400_000, "BRL", "R$2.4M"),
        (999_949, "BRL", "R$999.9K"),
        (999_950, "BRL", "R$1M"),  # 999.95K rounds up: one million, not "R$1000K"
        (-12_345, "USD", "-$12.3K"),
        (123_456, "JPY", "¥123.5K"),
        (499.5, "JPY", "¥500"),
        (999.5, "JPY", "¥1K"),
    ],
)
def test_money_compact(amount, currency, expected):
    assert format_money(amount, currency, compact=True) == expected


def test_tile_money_fits_a_tile():
    # the widest common tile values, at most 8 characters
    for currency in ("USD", "BRL", "GBP", "EUR", "JPY"):
        for amount in (123_456.7, 999.99, 2_175_201.3, 12_345_678_901):
            assert len(format_value(REVENUE, amount, currency)) <= 8


@pytest.mark.parametrize(
    ("kpi", "value", "expected"),
    [
        (NPS, 31.54, "+31.5"),
        (NPS, -12.35, "-12.4"),
        (NPS, 0.05, "+0.1"),
        (NPS, -0.04, "0.0"),
        (NPS, 0.04, "0.0"),
        (NPS, 100, "+100.0"),
        (NPS, None, "–"),
        (CSAT, 84.25, "84.3%"),  # percent unit: already on the 100 scale
        (CSAT, -0.01, "0.0%"),
        (CHURN, 0.0245, "2.5%"),  # fraction unit: times 100
        (CHURN, 0.0004, "0.0%"),
        (CHURN, -1e-9, "0.0%"),
        (CHURN, 1, "100.0%"),
        (CES, 3.425, "3.43"),
        (CES, 3, "3.00"),
        (CES, -0.001, "0.00"),
        (REVENUE, 200, "$200.00"),
        (ORDERS, 0, "0"),
        (ORDERS, 1234, "1,234"),
        (ORDERS, 99_999, "99,999"),
        (ORDERS, 99_999.5, "100K"),
        (ORDERS, 100_000, "100K"),
        (ORDERS, 123_456, "123.5K"),
        (ORDERS, 999_950, "1M"),
        (ORDERS, 2_000_000, "2M"),
    ],
)
def test_value_per_unit(kpi, value, expected):
    assert format_value(kpi, value) == expected


def test_value_in_each_currency():
    assert format_value(REVENUE, 2_400_000, "BRL") == "R$2.4M"
    assert format_value(REVENUE, 7_700_000, "GBP") == "£7.7M"
    assert format_value(KPI_BY_NAME["aov"], 160.254, "BRL") == "R$160.25"
    assert format_value(KPI_BY_NAME["aov"], 3_456, "JPY") == "¥3.5K"


@pytest.mark.parametrize(
    ("kpi", "change", "previous", "expected"),
    [
        (NPS, 1.24, 10, "+1.2 pts"),
        (NPS, -1.25, 10, "-1.3 pts"),
        (NPS, -0.04, 10, "±0.0 pts"),
        (NPS, 0.0, 10, "±0.0 pts"),
        (CHURN, 0.0012, 0.1, "+0.1 pp"),  # 0.12 percentage points
        (CHURN, -0.0125, 0.1, "-1.3 pp"),
        (CHURN, -0.0004, 0.1, "±0.0 pp"),
        (CSAT, 1.2, 80, "+1.2 pp"),
        (CSAT, -0.04, 80, "±0.0 pp"),
        (CES, 0.123, 3, "+0.12"),
        (CES, -0.125, 3, "-0.13"),
        (CES, -0.004, 3, "±0.00"),
        (REVENUE, 50, 1000, "+5.0%"),  # money and counts change in percent of the previous value
        (REVENUE, -0.1, 1000, "±0.0%"),
        (REVENUE, -60, -600, "-10.0%"),  # from -600 to -660: down 10% of 600
        (ORDERS, 1, 3, "+33.3%"),
        (REVENUE, 5, 0, None),  # no base to compare with
        (ORDERS, None, 5, None),
    ],
)
def test_change(kpi, change, previous, expected):
    assert format_change(kpi, change, previous) == expected


def test_change_is_zero_only_when_it_reads_zero():
    assert change_is_zero(NPS, -0.04, 10)
    assert change_is_zero(REVENUE, -0.1, 1000)
    assert not change_is_zero(NPS, 0.05, 10)
    assert not change_is_zero(REVENUE, 5, 0)  # no change shown at all
    assert not change_is_zero(NPS, None, None)


@pytest.mark.parametrize(
    ("kpi", "interval", "expected"),
    [
        (CHURN, (-0.00001, 0.0012), "0.0–0.1%"),
        (CSAT, (82.14, 86.26), "82.1–86.3%"),
        (CES, (3.011, 3.863), "3.01–3.86"),
        (NPS, (-3.24, 5.06), "-3.2 to +5.1"),
        (NPS, (-0.04, 5.06), "0.0 to +5.1"),
        (NPS, None, None),
    ],
)
def test_interval_in_the_kpis_unit(kpi, interval, expected):
    assert format_interval(kpi, interval) == expected


def test_money_interval_carries_the_currency():
    assert format_interval(REVENUE, (1_200, 1_500), currency="GBP") == "£1.2K to £1.5K"


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        ("nps", 31.54, "+31.5"),
        ("nps", None, "–"),
        ("nps_moe95", 4.23, "±4.2 pts"),
        ("nps_moe95", None, "–"),
        ("nps_n", 1_234_567, "1,234,567"),  # counts beside a figure stay in full
        ("active_start", 250_000, "250,000"),
        ("churned", 0, "0"),
        ("churn_rate", 0.0245, "2.5%"),
        ("csat", 84.25, "84.3%"),
        ("ces", 3.425, "3.43"),
        ("orders", 123_456, "123.5K"),
    ],
)
def test_cli_figures_read_as_on_screen(name, value, expected):
    assert format_figure(name, value) == expected


def test_cli_money_in_the_data_dirs_currency():
    assert format_figure("revenue", 2_175_201.3, "GBP") == "£2.2M"
    assert format_figure("aov", 120.5, "BRL") == "R$120.50"


def test_locale_sets_marks_and_placement():
    assert format_value(REVENUE, 1_234_567, "EUR", "de") == "1,2\xa0Mio.\xa0€"
    assert format_money(1234.5, "BRL", locale="pt_BR") == "R$\xa01.234,50"
    assert format_value(NPS, -3.21, locale="de") == "-3,2"
    assert format_value(CHURN, 0.0245, locale="de") == "2,5%"
    assert separators("de") == ",." and separators() == ".,"


def test_currency_symbols():
    assert [currency_symbol(c) for c in ("USD", "BRL", "GBP", "EUR", "JPY")] == ["$", "R$", "£", "€", "¥"]
