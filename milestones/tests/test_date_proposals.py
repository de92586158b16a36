"""Due dates move only when approved: staff propose, team leads and heads decide; the approved date rules overdue."""

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from milestones import proposals, selectors, services, workflow
from milestones.models import DateProposal, Event, EventKind, Milestone, Status
from milestones.schedule import SEOUL

pytestmark = pytest.mark.django_db

#: Project 1's first milestone is due 2023-09-24; the officer asks for more time two days later.
DUE = datetime.date(2023, 9, 24)
PROPOSED_AT = datetime.datetime(2023, 9, 26, 10, 0, tzinfo=SEOUL)
APPROVED_AT = datetime.datetime(2023, 9, 28, 15, 0, tzinfo=SEOUL)
NEW_DUE = datetime.date(2023, 10, 20)


def propose(milestone, user, due_date=NEW_DUE, reason="The venue is booked until October", today=None):
    return proposals.date_proposal_create(
        milestone=milestone, by=user, due_date=due_date, reason=reason, today=today or PROPOSED_AT.date()
    )


def overdue_on(milestone, day):
    """Overdue as every reader counts it: the model, the open-milestone queryset and /my/'s urgency group."""
    fresh = Milestone.objects.get(pk=milestone.pk)
    in_queryset = Milestone.objects.overdue(today=day).filter(pk=milestone.pk).exists()
    urgency = (
        Milestone.objects.filter(pk=milestone.pk).annotate(u=selectors.urgency(day)).values_list("u", flat=True).get()
    )
    assert fresh.is_overdue(day) == in_queryset == (urgency == "overdue")
    return fresh.days_overdue(day)


def test_the_officers_new_date_waits_for_approval_and_the_approved_date_rules_overdue_each_day(
    officer, team_lead, milestone
):
    with time_machine.travel(PROPOSED_AT, tick=False):
        proposal = propose(milestone, officer)
    assert overdue_on(milestone, PROPOSED_AT.date()) == 2
    assert overdue_on(milestone, datetime.date(2023, 9, 27)) == 3, "still overdue the next day: not yet approved"
    assert Milestone.objects.get(pk=milestone.pk).due_date == DUE

    with time_machine.travel(APPROVED_AT, tick=False):
        proposals.date_proposal_decide(proposal=proposal, by=team_lead, approve=True, comment="Fine")

    approved = Milestone.objects.get(pk=milestone.pk)
    assert (approved.due_date, approved.baseline_due_date) == (NEW_DUE, DUE)
    assert overdue_on(milestone, APPROVED_AT.date()) == 0
    assert overdue_on(milestone, NEW_DUE) == 0
    assert overdue_on(milestone, NEW_DUE + datetime.timedelta(days=1)) == 1
    proposal.refresh_from_db()
    assert (proposal.state, proposal.decided_by, proposal.decided_at) == (
        DateProposal.State.APPROVED,
        team_lead,
        APPROVED_AT,
    )
    latest = approved.history.latest("history_id")
    assert (latest.history_user, latest.history_change_reason, latest.due_date) == (team_lead, "approve", NEW_DUE)
    kinds = list(Event.objects.filter(milestone=milestone).order_by("pk").values_list("kind", "actor__username"))
    assert kinds == [(EventKind.DATE_PROPOSED, "officer"), (EventKind.DATE_APPROVED, "team-lead")]


def test_an_officers_delay_keeps_the_approved_date_and_leaves_a_proposal(officer, milestone):
    with time_machine.travel(PROPOSED_AT, tick=False):
        saved = services.milestone_record_progress(
            milestone=milestone,
            by=officer,
            version=milestone.version,
            status=Status.DELAYED,
            today=PROPOSED_AT.date(),
            due_date=datetime.date(2024, 2, 1),
            reason="Into next year",
        )
    assert (saved.status, saved.due_date, saved.baseline_due_date) == (Status.DELAYED, DUE, None)
    assert saved.is_overdue(PROPOSED_AT.date())
    pending = DateProposal.objects.get(milestone=milestone)
    assert (pending.state, pending.due_date, pending.current_due_date) == ("pending", datetime.date(2024, 2, 1), DUE)


def test_a_rejection_needs_a_comment_keeps_the_date_and_is_kept_with_who_decided(officer, team_lead, milestone):
    proposal = propose(milestone, officer)
    with pytest.raises(ValidationError) as refused:
        proposals.date_proposal_decide(proposal=proposal, by=team_lead, approve=False)
    assert "comment" in refused.value.message_dict

    proposals.date_proposal_decide(proposal=proposal, by=team_lead, approve=False, comment="Finish in September")

    proposal.refresh_from_db()
    assert (proposal.state, proposal.decided_by, proposal.decision_comment) == (
        "rejected",
        team_lead,
        "Finish in September",
    )
    assert Milestone.objects.get(pk=milestone.pk).due_date == DUE
    assert Event.objects.filter(milestone=milestone, kind=EventKind.DATE_REJECTED).count() == 1
    with pytest.raises(proposals.AlreadyDecided):
        proposals.date_proposal_decide(proposal=proposal, by=team_lead, approve=True)


def test_a_new_proposal_replaces_the_pending_one_and_history_keeps_both(officer, milestone):
    first = propose(milestone, officer)
    second = propose(milestone, officer, due_date=datetime.date(2023, 10, 31))

    states = dict(DateProposal.objects.filter(milestone=milestone).values_list("pk", "state"))
    assert states == {first.pk: "superseded", second.pk: "pending"}


@pytest.mark.parametrize("persona", ["officer", "colleague", "outsider", "manager"])
def test_only_team_leads_and_heads_of_the_department_decide(persona, officer, milestone, request):
    proposal = propose(milestone, officer)
    with pytest.raises(PermissionDenied):
        proposals.date_proposal_decide(proposal=proposal, by=request.getfixturevalue(persona), approve=True)
    assert DateProposal.objects.get(pk=proposal.pk).is_pending


def test_team_leads_and_heads_set_dates_directly_and_do_not_propose(team_lead, department_head, milestone):
    with pytest.raises(workflow.WorkflowError):
        propose(milestone, team_lead)
    moved = services.milestone_record_progress(
        milestone=milestone,
        by=department_head,
        version=milestone.version,
        status=milestone.status,
        today=PROPOSED_AT.date(),
        due_date=NEW_DUE,
        reason="Agreed with the venue",
    )
    assert (moved.due_date, moved.baseline_due_date) == (NEW_DUE, DUE)
    assert Event.objects.get(milestone=milestone).kind == EventKind.DUE_DATE_CHANGED


@pytest.mark.parametrize(
    ("due_date", "reason", "field"),
    [(datetime.date(2023, 9, 1), "late", "due_date"), (NEW_DUE, "", "reason"), (DUE, "same", "due_date")],
)
def test_a_proposal_in_the_past_without_reason_or_unchanged_is_refused(officer, milestone, due_date, reason, field):
    with pytest.raises(ValidationError) as refused:
        propose(milestone, officer, due_date=due_date, reason=reason)
    assert field in refused.value.message_dict
    assert not DateProposal.objects.exists()


def test_pending_proposals_are_listed_for_the_lead_and_the_officer_not_for_another_department(
    officer, team_lead, outsider, manager, milestone
):
    proposal = propose(milestone, officer)
    assert list(selectors.pending_proposals(team_lead)) == [proposal]
    assert list(selectors.pending_proposals(officer)) == [proposal]
    assert list(selectors.pending_proposals(outsider)) == []
    assert list(selectors.pending_proposals(manager)) == []


# Returns ---------------------------------------------------------------------------------------------

RETURN_DAY = datetime.date(2023, 9, 20)


def _record(milestone, user, today, **kwargs):
    milestone.refresh_from_db()
    return services.milestone_record_progress(
        milestone=milestone, by=user, version=milestone.version, today=today, **kwargs
    )


def test_a_returned_milestone_goes_back_to_its_percent_before_done_and_is_not_overdue_before_its_due_date(
    officer, team_lead, milestone
):
    _record(milestone, officer, RETURN_DAY, status=Status.IN_PROGRESS, percent_complete=60)
    _record(milestone, officer, RETURN_DAY, status=Status.DONE)
    returned = _record(milestone, team_lead, RETURN_DAY, status=Status.RETURNED, reason="Add the minutes")

    assert (returned.status, returned.percent_complete, returned.completed_on) == (Status.RETURNED, 60, None)
    assert overdue_on(milestone, RETURN_DAY) == 0
    assert overdue_on(milestone, DUE) == 0


def test_a_return_finds_the_percent_before_done_however_often_the_done_work_was_saved(officer, team_lead, milestone):
    _record(milestone, officer, RETURN_DAY, status=Status.IN_PROGRESS, percent_complete=60)
    _record(milestone, officer, RETURN_DAY, status=Status.DONE)
    milestone.refresh_from_db()
    for n in range(60):
        milestone.note = f"Filed copy {n}"
        milestone.save()
    milestone.refresh_from_db()
    returned = _record(milestone, team_lead, RETURN_DAY, status=Status.RETURNED, reason="Add the minutes")

    assert returned.percent_complete == 60


def test_a_return_may_set_the_percent(officer, team_lead, milestone):
    _record(milestone, officer, RETURN_DAY, status=Status.DONE)
    returned = _record(
        milestone, team_lead, RETURN_DAY, status=Status.RETURNED, reason="Half of it", percent_complete=50
    )
    assert returned.percent_complete == 50


def test_work_returned_after_its_due_date_needs_a_new_date_so_it_is_not_overdue_at_once(officer, team_lead, milestone):
    """Done on its due date, returned weeks later: without a new date it would be weeks overdue at once."""
    _record(milestone, officer, DUE, status=Status.DONE)
    late_review = datetime.date(2023, 11, 10)
    with pytest.raises(ValidationError) as refused:
        _record(milestone, team_lead, late_review, status=Status.RETURNED, reason="Add the minutes")
    assert "due_date" in refused.value.message_dict

    returned = _record(
        milestone,
        team_lead,
        late_review,
        status=Status.RETURNED,
        reason="Add the minutes",
        due_date=datetime.date(2023, 11, 17),
    )
    assert (returned.due_date, returned.baseline_due_date, returned.percent_complete) == (
        datetime.date(2023, 11, 17),
        DUE,
        0,
    )
    assert overdue_on(milestone, late_review) == 0
