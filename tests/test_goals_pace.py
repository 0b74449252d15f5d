"""Status and pace on hand-made trajectories: every status, every boundary, a deadline passed, a decrease."""

from datetime import date

import pytest

from cxdash.goals.pace import DAYS_PER_MONTH, glide_path, judge, path_between, path_value
from cxdash.ingest.config import Goal

START, DEADLINE = date(2026, 1, 1), date(2026, 12, 31)  # 364 days
HALF = date(2026, 7, 2)  # 182 days: the glide path is half way


def goal(**change) -> Goal:
    fields = {
        "id": "g",
        "name": "G",
        "metric": "nps",
        "target": 40,
        "direction": "increase",
        "start": START,
        "deadline": DEADLINE,
        "owner": "o",
        "objective": "x",
    }
    return Goal.model_validate(fields | change)


# baseline 20, target 40: the path is at 30 half way; the default tolerance is 2 (a tenth of 20)
@pytest.mark.parametrize(
    ("actual", "status"),
    [
        (40.0, "achieved"),  # the target itself counts as met
        (45.0, "achieved"),
        (39.9, "on track"),  # ahead of the path
        (30.0, "on track"),  # on it
        (28.0, "on track"),  # behind by exactly the tolerance: still inside the band
        (27.9, "at risk"),  # just outside the band, but moved the right way
        (20.1, "at risk"),
        (20.0, "off track"),  # not moved at all
        (15.0, "off track"),  # moved the wrong way
    ],
)
def test_each_status_half_way(actual, status):
    assert judge(goal(), 20.0, actual, HALF).status == status


def test_a_goals_own_tolerance_sets_the_band():
    assert judge(goal(tolerance=5), 20.0, 25.0, HALF).status == "on track"
    assert judge(goal(tolerance=0.5), 20.0, 29.4, HALF).status == "at risk"


def test_pace_needed_and_achieved_per_month():
    pace = judge(goal(), 20.0, 25.0, HALF)
    months_done, months_left = 182 / DAYS_PER_MONTH, 182 / DAYS_PER_MONTH
    assert pace.achieved_per_month == pytest.approx(5 / months_done)
    assert pace.needed_per_month == pytest.approx(15 / months_left)
    assert pace.progress == pytest.approx(0.25) and pace.expected == pytest.approx(30.0)


@pytest.mark.parametrize(("actual", "status"), [(40.0, "achieved"), (39.99, "missed"), (10.0, "missed")])
def test_a_deadline_in_the_past_is_final(actual, status):
    assert judge(goal(), 20.0, actual, date(2027, 3, 1)).status == status
    assert judge(goal(), 20.0, actual, DEADLINE).status == status  # on the deadline day too


def test_a_decrease_metric_like_churn():
    churn = goal(metric="churn_rate", direction="decrease", target=0.08)
    # baseline 12%, target 8%: half way the path is at 10%, the band 0.4 pp
    assert judge(churn, 0.12, 0.08, HALF).status == "achieved"
    assert judge(churn, 0.12, 0.104, HALF).status == "on track"
    assert judge(churn, 0.12, 0.105, HALF).status == "at risk"
    assert judge(churn, 0.12, 0.125, HALF).status == "off track"
    assert judge(churn, 0.12, 0.09, date(2027, 1, 5)).status == "missed"
    assert judge(churn, 0.12, 0.105, HALF).needed_per_month < 0


def test_at_the_start_any_value_short_of_the_target_is_on_track():
    assert judge(goal(), 20.0, 19.0, START).status == "on track"


def test_no_actual_or_no_baseline_gives_no_status():
    assert judge(goal(), 20.0, None, HALF).status is None
    assert judge(goal(), None, 30.0, HALF).status is None
    assert judge(goal(), None, 41.0, HALF).status == "achieved"


def test_no_deadline_is_at_risk_until_achieved():
    open_ended = goal(deadline=None)
    assert judge(open_ended, 20.0, 30.0, HALF).status == "at risk"
    assert judge(open_ended, 20.0, 40.0, HALF).status == "achieved"


def test_milestones_bend_the_glide_path():
    bent = goal(milestones=[{"date": "2026-07-02", "target": 24}])
    path = glide_path(bent, 20.0)
    assert path == [(START, 20.0), (HALF, 24.0), (DEADLINE, 40.0)]
    assert path_value(path, date(2026, 4, 2)) == pytest.approx(22.0)  # 91 of 182 days to the milestone
    assert judge(bent, 20.0, 23.0, HALF).status == "on track"  # 1 behind, the band is 2
    assert judge(goal(), 20.0, 23.0, HALF).status == "at risk"  # the straight path wants 30


def test_path_between_clips_to_a_charts_period():
    path = [(START, 20.0), (DEADLINE, 40.0)]
    assert path_between(path, date(2025, 1, 1), date(2025, 12, 31)) == []
    clipped = path_between(path, date(2025, 10, 1), HALF)
    assert clipped == [(START, 20.0), (HALF, pytest.approx(30.0))]
