"""How a KPI's value, change and interval read on screen, in charts and in the CLI, one rule per unit.

Babel supplies symbols, separators and compact forms for the currency and locale. Every number is rounded
here first (half away from zero) to the digits it is shown with, so a value that rounds to zero reads
"0.0" (or "±0.0 pp" as a change), never "-0.0", and a compact form never reads "1000K".
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from babel import Locale
from babel.numbers import (
    format_compact_currency,
    format_compact_decimal,
    format_currency,
    format_decimal,
    format_percent,
    get_currency_precision,
    get_currency_symbol,
    get_decimal_symbol,
    get_group_symbol,
    parse_pattern,
)

from cxdash.figures.registry import KPI_BY_NAME, Kpi

NONE = "–"
COMPACT_MONEY_FROM = 1_000  # money from here on reads "R$2.4M": a tile holds about 8 characters
COMPACT_COUNT_FROM = 100_000  # counts below it read in full ("99,999")
COMPACT_DIGITS = 1  # "R$2.4M", "123.5K"
DECIMALS = {"score": 1, "percent": 1, "fraction": 1, "mean": 2}  # digits shown (rates in percent)
POINTS = {"score": " pts", "percent": " pp", "fraction": " pp", "mean": ""}  # an absolute change's unit


def _rounded(value: float | Decimal, digits: int) -> Decimal:
    """`value` to `digits` decimals, half away from zero; a rounded zero loses its minus sign."""
    rounded = Decimal(str(value)).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)
    return rounded if rounded else abs(rounded)


def _shown(kpi: Kpi, value: float) -> Decimal:
    """The number the screen shows: a fraction in percent, everything else as it is."""
    return Decimal(str(value)) * (100 if kpi.unit == "fraction" else 1)


def _pattern(digits: int, suffix: str, signed: bool) -> str:
    pattern = "#,##0" + ("." + "0" * digits if digits else "") + suffix
    return f"+{pattern};-{pattern}" if signed else pattern


def _decimal(number: Decimal, digits: int, locale: str, signed: bool = False) -> str:
    """ "1,234.5"; signed "+1.2" / "-1.2", but a zero never carries a sign."""
    return format_decimal(number, _pattern(digits, "", signed and bool(number)), locale=locale)


def _percent(number: Decimal, digits: int, locale: str, signed: bool = False) -> str:
    """`number` already in percent: 12.3 -> "12.3%"."""
    return format_percent(number / 100, _pattern(digits, "%", signed and bool(number)), locale=locale)


def _settled(value: Decimal, formats) -> Decimal:
    """`value` rounded as its compact form shows it, before Babel picks the magnitude (which it picks from
    the unrounded value): 999,950 then reads "1M", not "1000K". Mirrors Babel's own choice of divisor."""
    for magnitude in sorted((int(m) for m in formats["other"]), reverse=True):
        if abs(value) >= magnitude:
            pattern = parse_pattern(formats["other"][str(magnitude)]).pattern
            if pattern == "0":  # this locale does not abbreviate this magnitude
                return value
            unit = Decimal(magnitude // 10 ** (pattern.count("0") - 1))
            return _rounded(value / unit, COMPACT_DIGITS) * unit
    return value


def _compact(value: Decimal, locale: str, currency: str | None = None) -> str:
    data = Locale.parse(locale)
    if currency is None:
        settled = _settled(value, data.compact_decimal_formats["short"])
        return format_compact_decimal(settled, locale=locale, fraction_digits=COMPACT_DIGITS)
    settled = _settled(value, data.compact_currency_formats["short"])
    return format_compact_currency(settled, currency, locale=locale, fraction_digits=COMPACT_DIGITS)


def format_money(amount: float, currency: str, compact: bool = False, locale: str = "en") -> str:
    """ "R$1,234.50" in the currency's own digits (JPY has none: "¥1,235"); compact from 1,000 on: "R$2.4M"."""
    rounded = _rounded(amount, get_currency_precision(currency))
    if compact and abs(rounded) >= COMPACT_MONEY_FROM:
        return _compact(rounded, locale, currency)
    return format_currency(rounded, currency, locale=locale)


def format_count(value: float, compact: bool = True, locale: str = "en") -> str:
    """ "1,234"; compact from 100,000 on: "123.5K"."""
    rounded = _rounded(value, 0)
    if compact and abs(rounded) >= COMPACT_COUNT_FROM:
        return _compact(rounded, locale)
    return format_decimal(rounded, "#,##0", locale=locale)


def format_value(kpi: Kpi, value: float | None, currency: str = "USD", locale: str = "en") -> str:
    """A tile's value, at most about 8 characters: "+31.5" (NPS), "84.2%", "3.42" (CES), "R$2.4M", "1,234"."""
    if value is None:
        return NONE
    if kpi.unit == "currency":
        return format_money(value, currency, compact=True, locale=locale)
    if kpi.unit == "count":
        return format_count(value, locale=locale)
    digits = DECIMALS[kpi.unit]
    number = _rounded(_shown(kpi, value), digits)
    if kpi.unit in ("percent", "fraction"):
        return _percent(number, digits, locale)
    return _decimal(number, digits, locale, signed=kpi.unit == "score")


def _change(kpi: Kpi, change: float | None, previous: float | None) -> tuple[Decimal, int, str] | None:
    """The change as shown (number, digits, unit): absolute for scores, rates and means (a change of a share
    is in percentage points), else relative to the previous value in percent; None without a base."""
    if change is None:
        return None
    if kpi.unit in POINTS:
        digits = DECIMALS[kpi.unit]
        return _rounded(_shown(kpi, change), digits), digits, POINTS[kpi.unit]
    if not previous:
        return None
    return _rounded(100 * change / abs(previous), 1), 1, "%"


def format_change(kpi: Kpi, change: float | None, previous: float | None, locale: str = "en") -> str | None:
    """ "+1.2 pts", "-0.4 pp", "+0.12" (CES), "+4.2%" (money, counts); a change that rounds to zero reads
    "±0.0 pp". Money changes are relative, so no currency is needed."""
    found = _change(kpi, change, previous)
    if found is None:
        return None
    number, digits, unit = found
    text = (
        _percent(number, digits, locale, signed=True) if unit == "%" else _decimal(number, digits, locale, True) + unit
    )
    return text if number else "±" + text


def change_is_zero(kpi: Kpi, change: float | None, previous: float | None) -> bool:
    """Whether the change reads "±0…": it then deserves neither an arrow nor a colour."""
    found = _change(kpi, change, previous)
    return found is not None and not found[0]


def format_interval(
    kpi: Kpi, interval: tuple[float, float] | None, currency: str = "USD", locale: str = "en"
) -> str | None:
    """In the KPI's own unit: "82.1–86.3%", "3.01–3.86"; "-3.2 to +5.1" where a dash would read as a minus."""
    if interval is None:
        return None
    low, high = interval
    if kpi.unit not in ("percent", "fraction", "mean"):
        return f"{format_value(kpi, low, currency, locale)} to {format_value(kpi, high, currency, locale)}"
    digits = DECIMALS[kpi.unit]
    low_number, high_number = _rounded(_shown(kpi, low), digits), _rounded(_shown(kpi, high), digits)
    high_text = _decimal(high_number, digits, locale) if kpi.unit == "mean" else _percent(high_number, digits, locale)
    return f"{_decimal(low_number, digits, locale)}–{high_text}"


def format_figure(name: str, value: float | None, currency: str = "USD", locale: str = "en") -> str:
    """One figure of `kpis --format text` as the screen shows it: a KPI by its unit, a survey KPI's 95%
    margin (`nps_moe95`) as "±4.2 pts", any other figure (`active_start`, `churned`, `*_n`) as a count in full."""
    if name in KPI_BY_NAME:
        return format_value(KPI_BY_NAME[name], value, currency, locale)
    if value is None:
        return NONE
    if name.endswith("_moe95"):
        kpi = KPI_BY_NAME[name.removesuffix("_moe95")]
        digits = DECIMALS[kpi.unit]
        return "±" + _decimal(_rounded(_shown(kpi, value), digits), digits, locale) + POINTS[kpi.unit]
    return format_count(value, compact=False, locale=locale)


def currency_symbol(currency: str, locale: str = "en") -> str:
    """ "R$", "£", "¥": the prefix of money axes."""
    return get_currency_symbol(currency, locale)


def separators(locale: str = "en") -> str:
    """Plotly's `separators` (decimal mark, then thousands) for the locale, so axes read like the tiles."""
    return get_decimal_symbol(locale) + get_group_symbol(locale)
