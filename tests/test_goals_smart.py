"""The SMART check, criterion by criterion, on hand-made evidence."""

from datetime import date

import pytest

from cxdash.figures import metrics
from cxdash.figures.periods import Period
from cxdash.figures.significance import TestResult as Result
from cxdash.goals.actuals import Reading
from cxdash.goals.smart import Evidence, Link, best_change, detectable_change, smart_check
from tests.test_goals_pace import goal

AS_OF = date(2026, 6, 30)
WINDOW = Period(date(2025, 10, 3), date(2025, 12, 31))


def nps_window(promoters: int, detractors: int, n: int) -> Reading:
    value = metrics.nps(promoters, detractors, n)
    low, high = metrics.nps_interval(promoters, detractors, n)
    return Reading(WINDOW, value, low, high, n)


# NPS 20 -> 40 over a year; the history rose 25 points in a year once
HISTORY = [(date(2024, 1, 1), 5.0), (date(2024, 7, 1), 15.0), (date(2025, 1, 1), 30.0), (date(2026, 1, 1), 20.0)]


def evidence(**change) -> Evidence:
    fields = {"baseline": 20.0, "window": nps_window(500, 300, 1000), "history": HISTORY, "segments": {}}
    links = [Link("retention", "promoter", "detractor", Result(0.2, 5.0, 1e-6))]
    return Evidence(**(fields | {"links": links} | change))


def test_a_sound_goal_passes_everything():
    checks = smart_check(goal(target=40), evidence(), AS_OF)
    assert {name: c.result for name, c in checks.items()} == dict.fromkeys(checks, "pass")
    assert "retention of promoter customers exceeds that of detractor by 20.0 pp" in checks["relevant"].reason


@pytest.mark.parametrize(
    ("change", "text"),
    [
        ({"target": 100}, "NPS +100.0 is the end of its scale"),
        ({"metric": "churn_rate", "direction": "decrease", "target": 0}, "Churn rate 0.0% is the end of its scale"),
        ({"metric": "csat", "target": 100}, "CSAT 100.0% is the end of its scale"),
        ({"metric": "retention_rate", "target": 1.0}, "end of its scale"),
    ],
)
def test_the_end_of_a_scale_fails_achievable(change, text):
    check = smart_check(goal(**change), evidence(baseline=10.0 if "metric" not in change else 0.1), AS_OF)
    assert check["achievable"].result == "fail" and text in check["achievable"].reason


def test_achievable_against_the_best_change_seen():
    assert smart_check(goal(target=44), evidence(), AS_OF)["achievable"].result == "pass"  # +24, best seen +24.9
    assert smart_check(goal(target=60), evidence(), AS_OF)["achievable"].result == "warn"  # +40, under 2x
    fail = smart_check(goal(target=80), evidence(), AS_OF)["achievable"]  # +60
    assert fail.result == "fail" and "best this data shows over 364 days is +24.9 pts" in fail.reason
    segment = smart_check(goal(target=80), evidence(segments={"SMB": 81.0}), AS_OF)["achievable"]
    assert segment.result == "pass" and "segment SMB is there already" in segment.reason


def test_best_change_over_a_like_span():
    # pairs at least 364 days apart: 5->30 (+25 over 366 d), 5->20, 15->20, 30->20 (scaled to 364 days)
    best, gap = best_change(HISTORY, 364, 1)
    assert gap == 364 and best == pytest.approx(25 * 364 / 366)
    assert best_change(HISTORY, 364, -1)[0] == pytest.approx(10 * 364 / 365)


def test_a_missing_deadline_fails_time_bound():
    check = smart_check(goal(deadline=None), evidence(), AS_OF)["time_bound"]
    assert check.result == "fail" and "No deadline" in check.reason


def test_too_few_responses_fail_measurable():
    few = smart_check(goal(), evidence(window=nps_window(10, 5, 20)), AS_OF)["measurable"]
    assert few.result == "fail" and "Only 20 responses" in few.reason and "at least 30" in few.reason
    noisy = smart_check(goal(target=24), evidence(window=nps_window(50, 30, 100)), AS_OF)["measurable"]
    assert noisy.result == "fail" and "within the noise of a single window" in noisy.reason


def test_the_power_calculation_of_the_issue():
    """At NPS +30, 400 responses give a margin of about ±7.6 points; a change between two such windows needs
    about 16 points to be seen (80% power, 5% level)."""
    margin = metrics.nps_margin_of_error(200, 80, 400)  # p = 0.5, d = 0.2
    assert margin == pytest.approx(7.65, abs=0.01)
    change = detectable_change(30 - margin, 30 + margin)
    assert change == pytest.approx((1.959964 + 0.841621) * 2**0.5 * margin / 1.959964)
    assert 15 < change < 16.5


def test_no_owner_fails_specific_and_a_target_behind_the_baseline_too():
    assert smart_check(goal(owner=None), evidence(), AS_OF)["specific"].result == "fail"
    assert smart_check(goal(objective=None), evidence(), AS_OF)["specific"].result == "warn"
    wrong_way = smart_check(goal(target=10), evidence(), AS_OF)["specific"]
    assert wrong_way.result == "fail" and "direction" in wrong_way.reason


def test_relevant_from_the_measured_link():
    none = [Link("retention", "promoter", "detractor", Result(0.01, 0.5, 0.6))]
    assert smart_check(goal(), evidence(links=none), AS_OF)["relevant"].result == "fail"
    untested = [Link("retention", "promoter", "detractor", None)]
    assert smart_check(goal(), evidence(links=untested), AS_OF)["relevant"].result == "warn"
    revenue = smart_check(goal(metric="revenue", target=1e6), evidence(links=[]), AS_OF)["relevant"]
    assert revenue.result == "pass" and "outcome" in revenue.reason
