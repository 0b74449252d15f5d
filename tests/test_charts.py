"""Trend charts built from small frames: axes in the right unit and from zero, hover texts with units and
currency, gaps left open, partial buckets drawn apart, SVG traces only."""

from datetime import date

import polars as pl
import pytest

from cxdash import charts

MONTHS = [date(2024, m, 1) for m in (1, 2, 3, 4)]


def _trend(**overrides) -> pl.DataFrame:
    """Today's trend table shape: `bucket` and the figures per bucket."""
    columns = {
        "bucket": MONTHS,
        "revenue": [2_175_201.3, 0.0, 1_500.0, 999_950.0],
        "orders": [1234, 0, 3, 88],
        "churn_rate": [0.024, 0.0, 0.0004, 0.1],
        "active_customers": [412, 400, 398, 380],
        "nps": [31.54, -0.04, 30.0, 33.0],
        "nps_n": [412, 20, 30, 40],
        "nps_low": [25.0, -20.0, 26.0, 27.0],
        "nps_high": [38.0, 20.0, 34.0, 38.0],
        "csat": [84.25, 99.0, 100.0, 98.0],
        "csat_n": [100, 100, 100, 100],
        "csat_low": [80.0, 96.0, 97.0, 95.0],
        "csat_high": [88.0, 100.0, 100.0, 100.0],
        "ces": [3.425, 3.41, 3.43, 3.42],
        "ces_n": [500, 500, 500, 500],
        "ces_low": [3.40, 3.39, 3.41, 3.40],
        "ces_high": [3.45, 3.43, 3.45, 3.44],
    }
    return pl.DataFrame(columns | overrides)


def _coming(trend: pl.DataFrame) -> pl.DataFrame:
    """The coming shape: `bucket_start`/`bucket_end`, a partial last bucket, an unobserved (null) third."""
    nulled = [c for c in trend.columns if c != "bucket" and not c.endswith("_n")]
    third = pl.int_range(pl.len()) == 2
    return trend.rename({"bucket": "bucket_start"}).with_columns(
        *(pl.when(third).then(None).otherwise(pl.col(c)).alias(c) for c in nulled),
        bucket_end=pl.col("bucket_start").dt.month_end(),
        partial=pl.Series([False, False, False, True]),
    )


def _all_figures(trend: pl.DataFrame, currency: str = "USD") -> list[dict]:
    figures = [charts.survey_trend(trend, metric) for metric in ("nps", "csat", "ces")]
    figures += [charts.revenue_trend(trend, currency), charts.churn_trend(trend)]
    return [figure.to_dict() for figure in figures]


@pytest.mark.parametrize(("currency", "symbol"), [("USD", "$"), ("BRL", "R$"), ("GBP", "£"), ("JPY", "¥")])
def test_money_axis_has_the_currency_symbol_and_starts_at_zero(currency, symbol):
    layout = charts.revenue_trend(_trend(), currency).to_dict()["layout"]
    assert layout["yaxis"]["tickprefix"] == symbol
    assert layout["yaxis"]["rangemode"] == "tozero"


def test_revenue_hover_in_the_currency_and_orders_as_counts():
    bars, orders = charts.revenue_trend(_trend(), "GBP").to_dict()["data"]
    assert bars["hovertemplate"].startswith("Revenue %{customdata}")
    assert list(bars["customdata"]) == ["£2.2M", "£0.00", "£1.5K", "£1M"]
    assert orders["hovertemplate"].startswith("Orders %{customdata}")
    assert list(orders["customdata"]) == ["1,234", "0", "3", "88"]


def test_count_axes_never_go_below_zero():
    revenue = charts.revenue_trend(_trend()).to_dict()["layout"]
    churn = charts.churn_trend(_trend()).to_dict()["layout"]
    for axis in (revenue["yaxis2"], churn["yaxis"]):  # orders, active customers
        assert axis["rangemode"] == "tozero"
        assert axis["autorangeoptions"]["include"] == [0, 5]  # at least 0-5: whole-number ticks


def test_second_axes_keep_their_own_ticks():
    for figure in (charts.revenue_trend(_trend()), charts.churn_trend(_trend())):
        layout = figure.to_dict()["layout"]
        assert layout["yaxis2"]["overlaying"] == "y" and layout["yaxis2"]["tickmode"] == "auto"


def test_churn_axis_in_percent_from_zero_and_hover_with_unit():
    figure = charts.churn_trend(_trend()).to_dict()
    axis = figure["layout"]["yaxis2"]
    assert axis["tickformat"].endswith("%") and axis["rangemode"] == "tozero"
    active, churn = figure["data"]
    assert churn["hovertemplate"].startswith("Churn rate %{customdata}")
    assert list(churn["customdata"]) == ["2.4%", "0.0%", "0.0%", "10.0%"]
    assert list(active["customdata"]) == ["412", "400", "398", "380"]


def test_survey_hover_reads_value_and_n():
    line = charts.survey_trend(_trend(), "nps").to_dict()["data"][1]
    assert line["hovertemplate"].startswith("NPS %{customdata}")
    assert list(line["customdata"]) == ["+31.5 (n = 412)", "0.0 (n = 20)", "+30.0 (n = 30)", "+33.0 (n = 40)"]


def test_survey_axes_keep_to_their_scale():
    nps, csat, ces = (charts.survey_trend(_trend(), m).to_dict()["layout"]["yaxis"] for m in ("nps", "csat", "ces"))
    # NPS: data and bounds span -20 to 38; 1.2 x 58 = 69.6 wide around 9, then 2% more each side
    assert nps["range"] == pytest.approx([-25.8 - 1.392, -25.8 + 69.6 * 1.02])
    assert nps["tickformat"] == ",.0f"
    # CSAT: 80-100, 24 wide would pass 100: shifted to end at 100 (plus 2%), percent ticks
    assert csat["range"] == pytest.approx([76 - 0.48, 76 + 24 * 1.02])
    assert csat["ticksuffix"] == "%"
    # CES: 3.39-3.45 is narrower than one scale point: one point wide around 3.42, one decimal
    assert ces["range"] == pytest.approx([2.92 - 0.02, 2.92 + 1.02])
    assert ces["tickformat"] == ".1f"


def test_survey_axis_without_figures_shows_the_whole_scale():
    empty = _trend(nps=[None] * 4, nps_low=[None] * 4, nps_high=[None] * 4)
    assert charts.survey_trend(empty, "nps").to_dict()["layout"]["yaxis"]["range"] == pytest.approx([-104, 104])


def test_bucket_start_is_the_x_column_when_present():
    for figure in _all_figures(_coming(_trend())):
        assert list(figure["data"][-1]["x"]) == MONTHS


def test_gaps_stay_gaps():
    for figure in _all_figures(_coming(_trend())):
        lines = [trace for trace in figure["data"] if trace["type"] == "scatter" and "fill" not in trace]
        for line in lines:
            assert line["connectgaps"] is False
            assert line["y"][2] is None


def test_interval_band_is_split_at_a_gap():
    band = charts.survey_trend(_coming(_trend()), "nps").to_dict()["data"][0]
    # run 1: Jan, Feb up the high bounds and back down the low ones; None; run 2: Apr alone
    assert list(band["x"]) == [MONTHS[0], MONTHS[1], MONTHS[1], MONTHS[0], None, MONTHS[3], MONTHS[3]]
    assert list(band["y"]) == [38.0, 20.0, -20.0, 25.0, None, 38.0, 27.0]
    assert band["mode"] == "lines" and band["hoverinfo"] == "skip"


def test_partial_buckets_are_drawn_apart_and_say_so():
    for figure in _all_figures(_coming(_trend())):
        assert figure["layout"]["title"]["subtitle"]["text"].endswith("partial periods")
        for trace in figure["data"][1:] if "fill" in figure["data"][0] else figure["data"]:
            assert trace["customdata"][3].endswith(" · partial")
            assert not trace["customdata"][0].endswith("partial")
            if trace["type"] == "bar":
                assert list(trace["marker"]["pattern"]["shape"]) == ["", "", "", "/"]
            else:
                assert list(trace["marker"]["symbol"]) == ["circle", "circle", "circle", "circle-open"]


def test_no_partial_note_without_partial_buckets():
    for figure in _all_figures(_trend()):
        assert "subtitle" not in figure["layout"]["title"]


def test_only_svg_traces():
    for figure in _all_figures(_coming(_trend())):
        assert {trace["type"] for trace in figure["data"]} <= {"scatter", "bar"}


def test_weekly_ticks_fall_on_the_buckets():
    weeks = [date(2024, 1, 1), date(2024, 1, 8), date(2024, 1, 15), date(2024, 1, 22)]
    axis = charts.churn_trend(_trend(bucket=weeks)).to_dict()["layout"]["xaxis"]
    assert axis["tick0"] == date(2024, 1, 1)  # a Monday, where the bucket starts
    assert axis["dtick"] == 7 * 86_400_000  # 4 buckets: a tick on each
    assert axis["hoverformat"].startswith("Week of")
    monthly = charts.churn_trend(_trend()).to_dict()["layout"]["xaxis"]
    assert monthly["hoverformat"] == "%B %Y" and "dtick" not in monthly


def test_locale_sets_the_separators():
    assert charts.revenue_trend(_trend(), "EUR", locale="de").to_dict()["layout"]["separators"] == ",."
    assert charts.revenue_trend(_trend()).to_dict()["layout"]["separators"] == ".,"
