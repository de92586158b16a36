"""The project status rules at their boundaries (``reviews.status``), without the database."""

import datetime
from decimal import Decimal

import pytest

from budgets.selectors import ProjectBudget, execution_lags, lag_threshold, year_elapsed
from milestones.models import Status
from reviews.status import MilestoneState, ProjectStatus, judge_project

ON = datetime.date(2023, 11, 15)


def due_days_ago(days, *, status=Status.PLANNED):
    due = ON - datetime.timedelta(days=days)
    return MilestoneState(1, status, due - datetime.timedelta(days=10), due, 0)


def half_way(percent, *, status=Status.IN_PROGRESS):
    """A milestone of 100 days of which 50 have elapsed on ON: 50 % of its time is gone."""
    start = ON - datetime.timedelta(days=49)
    return MilestoneState(1, status, start, start + datetime.timedelta(days=99), percent)


def judged(*states, budget=None):
    return judge_project(list(states), on=ON, budget=budget)


def test_nothing_overdue_and_no_progress_recorded_is_on_track():
    judgement = judged(half_way(0, status=Status.PLANNED), due_days_ago(-5))
    assert judgement.status == ProjectStatus.ON_TRACK
    assert judgement.reasons == []
    assert judgement.progress_lag is None


@pytest.mark.parametrize(("days", "status"), [(1, "at_risk"), (30, "at_risk"), (31, "off_track")])
def test_one_overdue_milestone_puts_a_project_at_risk_and_off_track_after_30_days(days, status):
    judgement = judged(due_days_ago(days))
    assert judgement.status == status
    assert judgement.oldest_overdue_days == days


def test_due_today_is_not_overdue():
    assert judged(due_days_ago(0)).status == ProjectStatus.ON_TRACK


@pytest.mark.parametrize(("count", "status"), [(2, "at_risk"), (3, "off_track")])
def test_three_overdue_milestones_put_a_project_off_track(count, status):
    judgement = judged(*[due_days_ago(1) for _ in range(count)])
    assert judgement.status == status
    assert judgement.overdue_count == count


@pytest.mark.parametrize("closed", [Status.DONE, Status.CONFIRMED, Status.CANCELLED])
def test_closed_milestones_are_never_overdue(closed):
    assert judged(due_days_ago(90, status=closed)).status == ProjectStatus.ON_TRACK


def test_a_milestone_marked_delayed_puts_a_project_at_risk():
    judgement = judged(MilestoneState(1, Status.DELAYED, None, ON + datetime.timedelta(days=20), 10))
    assert judgement.status == ProjectStatus.AT_RISK
    assert judgement.delayed_count == 1


@pytest.mark.parametrize(
    ("percent", "lag", "status"),
    [(41, "9.0", "on_track"), (40, "10.0", "at_risk"), (26, "24.0", "at_risk"), (25, "25.0", "off_track")],
)
def test_progress_behind_elapsed_time_by_10_and_25_points(percent, lag, status):
    judgement = judged(half_way(percent))
    assert judgement.progress_lag == Decimal(lag)
    assert judgement.status == status


def test_progress_lag_is_the_mean_over_milestones_under_way():
    judgement = judged(half_way(50), half_way(20), half_way(0, status=Status.PLANNED))
    assert judgement.progress_lag == Decimal("15.0")  # (0 + 30) / 2; the planned one at 0 % is not judged
    assert judgement.status == ProjectStatus.AT_RISK


def test_an_overdue_milestone_is_judged_by_its_days_not_by_its_progress():
    overdue = MilestoneState(
        1, Status.IN_PROGRESS, ON - datetime.timedelta(days=60), ON - datetime.timedelta(days=2), 10
    )
    judgement = judged(overdue)
    assert judgement.progress_lag is None
    assert judgement.status == ProjectStatus.AT_RISK


def test_completion_counts_done_as_whole_and_leaves_cancelled_out():
    judgement = judged(half_way(50), due_days_ago(5, status=Status.DONE), due_days_ago(5, status=Status.CANCELLED))
    assert judgement.completion == Decimal("75.0")


def test_report_day_share_of_the_year_and_lag_threshold():
    report_day = datetime.date(2023, 8, 16)
    assert year_elapsed(report_day) == Decimal("62.5")  # day 228 of 365
    assert lag_threshold(report_day) == Decimal("47.5")
    assert year_elapsed(datetime.date(2024, 12, 31)) == Decimal("100.0")
    assert lag_threshold(datetime.date(2023, 1, 10)) == Decimal(0)


@pytest.mark.parametrize(("commitments", "status"), [(474, "at_risk"), (475, "on_track")])
def test_budget_committed_below_the_share_of_the_year_less_15_points_puts_a_project_at_risk(commitments, status):
    budget = ProjectBudget(datetime.date(2023, 8, 16), current_budget=1000, commitments=commitments)
    assert budget.commitment_rate == Decimal(commitments) / 10
    judgement = judged(half_way(50), budget=budget)
    assert judgement.status == status
    assert judgement.budget_lags is (status == "at_risk")


def test_lines_without_commitments_or_budget_never_lag():
    report_day = datetime.date(2023, 8, 16)
    assert execution_lags(commitments=None, current_budget=1000, on=report_day) is False
    assert execution_lags(commitments=0, current_budget=0, on=report_day) is False
    assert execution_lags(commitments=0, current_budget=None, on=report_day) is False


def test_budget_figures_dated_after_the_reference_date_are_not_judged():
    budget = ProjectBudget(ON + datetime.timedelta(days=1), current_budget=1000, commitments=0)
    judgement = judged(half_way(50), budget=budget)
    assert judgement.status == ProjectStatus.ON_TRACK
    assert judgement.budget_rate is None


def test_reasons_name_every_rule_that_applies():
    judgement = judged(due_days_ago(45), due_days_ago(2), due_days_ago(1), half_way(0))
    assert judgement.status == ProjectStatus.OFF_TRACK
    assert len(judgement.reasons) == 3  # 45 days, three overdue, 50 points behind
