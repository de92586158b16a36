"""Recording progress: dates, reasons, achievements, evidence, comments and the version check."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from milestones import services
from milestones.models import Comment, Milestone, Status
from milestones.tests.conftest import TODAY

pytestmark = pytest.mark.django_db


def record(milestone, user, **kwargs):
    kwargs.setdefault("status", milestone.status)
    return services.milestone_record_progress(
        milestone=milestone, by=user, version=milestone.version, today=TODAY, **kwargs
    )


def test_a_team_leads_delay_moves_the_due_date_and_keeps_the_original_as_baseline(team_lead, milestone):
    saved = record(milestone, team_lead, status=Status.DELAYED, due_date=datetime.date(2023, 10, 15), reason="venue")

    assert saved.due_date == datetime.date(2023, 10, 15)
    assert saved.baseline_due_date == datetime.date(2023, 9, 24)
    assert saved.status_reason == "venue"
    again = record(saved, team_lead, status=Status.DELAYED, due_date=datetime.date(2023, 11, 1), reason="again")
    assert again.baseline_due_date == datetime.date(2023, 9, 24), "the baseline is the first date, not the last"


def test_a_delay_without_a_reason_or_a_new_date_is_refused_and_changes_nothing(officer, milestone):
    with pytest.raises(ValidationError) as refused:
        record(milestone, officer, status=Status.DELAYED, due_date=datetime.date(2023, 10, 15))
    assert "reason" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        record(milestone, officer, status=Status.DELAYED, reason="late")
    assert "due_date" in refused.value.message_dict

    milestone.refresh_from_db()
    assert (milestone.status, milestone.due_date, milestone.version) == (Status.PLANNED, datetime.date(2023, 9, 24), 1)


def test_moving_a_due_date_into_the_past_is_refused(officer, milestone):
    with pytest.raises(ValidationError):
        record(milestone, officer, due_date=TODAY - datetime.timedelta(days=1), reason="typo")


def test_marking_done_records_the_date_and_completes_the_percentage(officer, milestone):
    saved = record(
        milestone, officer, status=Status.DONE, completed_on=datetime.date(2023, 9, 14), percent_complete=80
    )

    assert (saved.status, saved.completed_on, saved.percent_complete) == (Status.DONE, datetime.date(2023, 9, 14), 100)


def test_a_done_date_in_the_future_is_refused(officer, milestone):
    with pytest.raises(ValidationError) as refused:
        record(milestone, officer, status=Status.DONE, completed_on=TODAY + datetime.timedelta(days=1))
    assert "completed_on" in refused.value.message_dict


def test_returning_needs_a_comment_which_becomes_the_reason_shown(officer, team_lead, milestone):
    done = record(milestone, officer, status=Status.DONE)
    with pytest.raises(ValidationError):
        record(done, team_lead, status=Status.RETURNED)

    returned = record(done, team_lead, status=Status.RETURNED, reason="Attach the minutes")

    assert (returned.status, returned.status_reason) == (Status.RETURNED, "Attach the minutes")
    restarted = record(returned, officer, status=Status.IN_PROGRESS)
    assert (restarted.status_reason, restarted.completed_on) == ("", None)


def test_an_achievement_with_figures_is_recorded_on_the_project(officer, milestone):
    achievement = services.AchievementInput(
        "심사위원회 개최",
        [services.Figure("심사위원", Decimal("16"), "명"), services.Figure("후보작", Decimal("40"), "개")],
    )

    record(milestone, officer, status=Status.DONE, achievement=achievement)

    entry = milestone.achievements.get()
    assert entry.project_id == milestone.project_id and entry.section == "achievement"
    figures = entry.figures.order_by("order").values_list("label", "value", "unit")
    assert list(figures) == [("심사위원", Decimal("16"), "명"), ("후보작", Decimal("40"), "개")]


def test_evidence_can_be_a_link_or_a_file(officer, milestone):
    upload = SimpleUploadedFile("회의록.pdf", b"%PDF-1.4 minutes", content_type="application/pdf")

    saved = record(milestone, officer, evidence=services.EvidenceInput("https://example.org/minutes", upload))

    item = saved.evidence.get()
    assert item.url == "https://example.org/minutes" and item.file_name == "회의록.pdf"
    assert item.file.name.startswith(f"evidence/{milestone.pk}/") and item.file.name.endswith(".pdf")


def test_a_stale_version_is_refused_and_nothing_is_overwritten(officer, team_lead, milestone):
    first = Milestone.objects.get(pk=milestone.pk)
    second = Milestone.objects.get(pk=milestone.pk)
    record(first, officer, percent_complete=40, note="first")

    with pytest.raises(services.EditConflict):
        record(second, team_lead, percent_complete=10, note="second")

    milestone.refresh_from_db()
    assert (milestone.percent_complete, milestone.note, milestone.version) == (40, "first", 2)


def test_managers_may_ask_for_an_update_but_staff_may_not(manager, officer, milestone):
    comment = services.milestone_comment(milestone=milestone, by=manager, text="Status?", kind=Comment.Kind.REQUEST)
    assert comment.kind == Comment.Kind.REQUEST

    with pytest.raises(PermissionDenied):
        services.milestone_comment(milestone=milestone, by=officer, text="Please", kind=Comment.Kind.REQUEST)
    services.milestone_comment(milestone=milestone, by=officer, text="On it")
    assert list(milestone.comments.values_list("author__username", "kind")) == [
        ("manager", "request"),
        ("officer", "comment"),
    ]


def test_an_outsider_cannot_comment_on_another_departments_milestone(outsider, milestone):
    with pytest.raises(PermissionDenied):
        services.milestone_comment(milestone=milestone, by=outsider, text="hello")
    assert not milestone.comments.exists()


def test_managers_change_nothing(manager, milestone):
    with pytest.raises(PermissionDenied):
        record(milestone, manager, percent_complete=50)


def test_progress_on_a_delayed_milestone_keeps_its_date_and_a_new_move_needs_a_reason(team_lead, milestone):
    delayed = record(milestone, team_lead, status=Status.DELAYED, due_date=datetime.date(2023, 10, 15), reason="venue")

    progressed = record(delayed, team_lead, percent_complete=70)
    assert (progressed.status, progressed.due_date, progressed.percent_complete) == (
        Status.DELAYED,
        datetime.date(2023, 10, 15),
        70,
    )
    with pytest.raises(ValidationError):
        record(progressed, team_lead, due_date=datetime.date(2023, 11, 1))
