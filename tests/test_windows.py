"""Observed windows: derived from the data's own dates, replaced by what dataset.yaml declares."""

from datetime import date, datetime

import polars as pl

from cxdash.figures.periods import Period
from cxdash.figures.windows import Window, data_spans, observed_windows, report_end
from cxdash.ingest.config import ObservedSpan


def _tables() -> dict[str, pl.DataFrame]:
    return {
        "customers": pl.DataFrame(
            {
                "signup_date": [date(2024, 1, 5), date(2024, 3, 1)],
                "churn_date": [date(2024, 6, 30), None],
            }
        ),
        "orders": pl.DataFrame({"order_date": [datetime(2024, 2, 1, 10), datetime(2024, 5, 20, 23)]}),
        "survey_responses": pl.DataFrame(
            {
                "metric": ["nps", "nps", "csat"],
                "responded_at": [datetime(2024, 1, 10), datetime(2024, 7, 1), datetime(2024, 4, 4)],
            }
        ),
    }


def test_spans_are_each_measures_first_and_last_day():
    spans = data_spans(_tables())
    assert spans["orders"] == (date(2024, 2, 1), date(2024, 5, 20))
    assert spans["nps"] == (date(2024, 1, 10), date(2024, 7, 1))
    assert spans["csat"] == (date(2024, 4, 4), date(2024, 7, 1))  # each metric ends when the survey does
    assert spans["churn"] == spans["signups"] == (date(2024, 1, 5), date(2024, 6, 30))
    assert "ces" not in spans
    assert data_spans({}) == {}


def test_declared_windows_replace_derived_ones():
    windows = observed_windows(data_spans(_tables()), {"churn": ObservedSpan(start="2024-06-01", end="2024-06-30")})
    assert windows["churn"] == Window("churn", date(2024, 6, 1), date(2024, 6, 30), declared=True)
    assert not windows["orders"].declared and windows["orders"].start == date(2024, 2, 1)
    surveys = observed_windows(data_spans(_tables()), {"surveys": ObservedSpan(start="2024-01-01", end="2024-12-31")})
    assert surveys["nps"].end == surveys["csat"].end == date(2024, 12, 31)
    assert "ces" not in surveys  # declaring surveys does not invent a metric the data never asked


def test_cover_and_reason():
    telco_churn = Window("churn", date(2024, 1, 1), date(2024, 1, 31), declared=True)
    assert telco_churn.covers(Period(date(2024, 1, 1), date(2024, 1, 31)))
    december = Period(date(2023, 12, 1), date(2023, 12, 31))
    assert not telco_churn.covers(december)
    assert telco_churn.reason(december) == "Churn is observed only Jan 2024 (as the data declares), not over Dec 2023."
    # a period reaching past the window is not covered either
    assert not telco_churn.covers(Period(date(2024, 1, 15), date(2024, 2, 14)))


def test_report_end_waits_for_the_measure_that_stopped_first_unless_it_stopped_long_ago():
    olist = {
        "orders": Window("orders", date(2016, 9, 4), date(2018, 8, 29)),
        "csat": Window("csat", date(2016, 10, 2), date(2018, 10, 15)),
    }
    assert report_end(olist, date(2018, 10, 15)) == date(2018, 8, 29)
    stopped = olist | {"nps": Window("nps", date(2016, 1, 1), date(2017, 1, 1))}
    assert report_end(stopped, date(2018, 10, 15)) == date(2018, 8, 29)
    assert report_end({}, date(2020, 1, 1)) == date(2020, 1, 1)


def test_a_period_holding_every_record_covers_a_measure_that_began_later_but_never_as_a_comparison():
    windows = observed_windows(data_spans(_tables()), {"churn": ObservedSpan(start="2024-06-01", end="2024-06-30")})
    all_time = Period(date(2024, 1, 5), date(2024, 5, 20))
    assert windows["orders"].start == date(2024, 2, 1)  # the month of the first order, after the first sign-up
    assert windows["orders"].covers(all_time, strict=False)
    assert windows["orders"].covers(Period(date(2024, 2, 1), date(2024, 2, 29)))  # its first month counts
    assert not windows["orders"].covers(all_time, strict=True)
    assert not windows["orders"].covers(Period(date(2023, 1, 1), date(2024, 1, 31)), strict=False)  # no order yet
    assert not windows["churn"].covers(all_time, strict=False)  # a declared window is never stretched
