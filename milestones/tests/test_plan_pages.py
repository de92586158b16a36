"""Changing the plan on the site: proposed dates and their decisions, adding, editing, reassigning and deleting."""

import datetime

import pytest
from django.urls import reverse

from departments.models import Staff
from milestones.models import DateProposal, Event, EventKind, Milestone

pytestmark = pytest.mark.django_db

NEW_DUE = datetime.date(2023, 10, 20)


def _login(client, user):
    client.force_login(user)
    return client


def test_the_officer_proposes_a_date_that_shows_on_the_page_in_my_work_and_in_the_leads_list(
    client, officer, team_lead, frozen, milestone
):
    _login(client, officer)
    response = client.post(
        reverse("milestones:propose", args=[milestone.pk]), {"due_date": NEW_DUE.isoformat(), "reason": "Venue"}
    )
    assert response.status_code == 302
    page = client.get(milestone.get_absolute_url()).text
    assert 'id="pending-proposal"' in page and "2023-10-20" in page
    mine = client.get(reverse("my:work")).text
    assert 'id="proposals"' in mine and "2023-10-20" in mine
    assert Milestone.objects.get(pk=milestone.pk).due_date == datetime.date(2023, 9, 24)

    _login(client, team_lead)
    awaiting = client.get(reverse("my:work")).text
    assert 'id="proposals"' in awaiting and "2023-10-20" in awaiting
    proposal = DateProposal.objects.get()
    decide = reverse("milestones:decide", args=[milestone.pk, proposal.pk])
    assert decide in client.get(milestone.get_absolute_url()).text
    assert client.post(decide, {"decision": "approve", "comment": ""}).status_code == 302
    assert Milestone.objects.get(pk=milestone.pk).due_date == NEW_DUE


def test_a_rejection_without_comment_is_shown_again_with_the_error(client, officer, team_lead, frozen, milestone):
    _login(client, officer).post(
        reverse("milestones:propose", args=[milestone.pk]), {"due_date": NEW_DUE.isoformat(), "reason": "Venue"}
    )
    proposal = DateProposal.objects.get()
    response = _login(client, team_lead).post(
        reverse("milestones:decide", args=[milestone.pk, proposal.pk]), {"decision": "reject", "comment": ""}
    )
    assert response.status_code == 400
    assert DateProposal.objects.get().is_pending


def test_the_officer_cannot_decide_and_another_department_gets_404(client, officer, outsider, frozen, milestone):
    _login(client, officer).post(
        reverse("milestones:propose", args=[milestone.pk]), {"due_date": NEW_DUE.isoformat(), "reason": "Venue"}
    )
    decide = reverse("milestones:decide", args=[milestone.pk, DateProposal.objects.get().pk])
    assert client.post(decide, {"decision": "approve"}).status_code == 403
    assert _login(client, outsider).post(decide, {"decision": "approve"}).status_code == 404
    propose = reverse("milestones:propose", args=[milestone.pk])
    assert client.post(propose, {"due_date": NEW_DUE.isoformat(), "reason": "x"}).status_code == 404
    assert DateProposal.objects.get().is_pending


# Adding, editing, deleting -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "status"),
    [("team_lead", 302), ("department_head", 302), ("officer", 403), ("manager", 403), ("outsider", 404)],
)
def test_adding_a_milestone_is_for_the_departments_team_leads_and_head(
    client, persona, status, frozen, milestone, request
):
    _login(client, request.getfixturevalue(persona))
    project = milestone.project
    before = project.milestones.count()
    response = client.post(
        reverse("milestones:add", args=[project.pk]),
        {"title": "시민 의견 수렴 간담회", "due_date": "2023-11-30", "owner": milestone.owner_id or ""},
    )
    assert response.status_code == status
    assert project.milestones.count() == before + (1 if status == 302 else 0)


def test_an_added_milestone_and_sub_step_take_the_next_keys_and_are_recorded(client, team_lead, frozen, milestone):
    _login(client, team_lead)
    project = milestone.project
    add = reverse("milestones:add", args=[project.pk])
    client.post(add, {"title": "새 단계", "due_date": "2023-11-30"})
    top_keys = [k for k in project.milestones.filter(parent=None).values_list("key", flat=True) if k.isdigit()]
    added = project.milestones.get(title="새 단계")
    assert int(added.key) == max(int(k) for k in top_keys) and added.date_precision == "day"
    client.post(add, {"title": "세부 단계", "parent": added.pk, "start_date": "2023-10-01"})
    step = project.milestones.get(title="세부 단계")
    assert (step.parent, step.key, step.date_precision) == (added, f"{added.key}.1", "open")
    created = added.history.get()
    assert (created.history_user, created.history_change_reason) == (team_lead, "create")
    assert Event.objects.get(milestone=added).kind == EventKind.CREATED


def test_editing_the_title_and_moving_the_due_date_needs_a_reason_and_keeps_the_original(
    client, team_lead, frozen, milestone
):
    _login(client, team_lead)
    edit = reverse("milestones:edit", args=[milestone.pk])
    form = {"version": milestone.version, "title": "수정된 제목", "due_date": "2023-10-20"}
    form["owner"] = milestone.owner_id
    refused = client.post(edit, form)
    assert refused.status_code == 400
    assert Milestone.objects.get(pk=milestone.pk).title != "수정된 제목"

    assert client.post(edit, {**form, "reason": "장소 변경"}).status_code == 302
    saved = Milestone.objects.get(pk=milestone.pk)
    assert (saved.title, saved.due_date, saved.baseline_due_date, saved.status_reason) == (
        "수정된 제목",
        NEW_DUE,
        datetime.date(2023, 9, 24),
        "장소 변경",
    )
    assert saved.history.latest("history_id").history_user == team_lead


def test_reassigning_is_among_the_departments_staff_only(client, team_lead, frozen, milestone):
    _login(client, team_lead)
    edit = reverse("milestones:edit", args=[milestone.pk])
    colleague = Staff.objects.get(code="digital-policy:여언영")
    stranger = Staff.objects.get(code="big-data:원유복")
    base = {"version": milestone.version, "title": milestone.title, "due_date": "2023-09-24"}
    assert client.post(edit, {**base, "owner": stranger.pk}).status_code == 400
    assert client.post(edit, {**base, "owner": colleague.pk}).status_code == 302
    assert Milestone.objects.get(pk=milestone.pk).owner == colleague
    assert Event.objects.get(milestone=milestone).kind == EventKind.ASSIGNED


@pytest.mark.parametrize(("persona", "status"), [("officer", 403), ("manager", 403), ("outsider", 404)])
def test_staff_managers_and_other_departments_cannot_edit_or_delete(client, persona, status, milestone, request):
    _login(client, request.getfixturevalue(persona))
    assert client.get(reverse("milestones:edit", args=[milestone.pk])).status_code == status
    delete = reverse("milestones:delete", args=[milestone.pk])
    assert client.post(delete, {"version": milestone.version}).status_code == status
    assert Milestone.objects.filter(pk=milestone.pk).exists()


def test_only_a_milestone_with_nothing_recorded_since_it_was_added_can_be_deleted(
    client, team_lead, officer, frozen, milestone
):
    _login(client, team_lead)
    client.post(reverse("milestones:add", args=[milestone.project.pk]), {"title": "잘못 추가"})
    added = Milestone.objects.get(title="잘못 추가")
    assert client.post(reverse("milestones:delete", args=[added.pk]), {"version": added.version}).status_code == 302
    assert not Milestone.objects.filter(pk=added.pk).exists()
    deleted = Milestone.history.filter(id=added.pk).latest("history_id")
    assert (deleted.history_type, deleted.history_user) == ("-", team_lead)

    _login(client, officer).post(
        reverse("milestones:update", args=[milestone.pk]),
        {"version": milestone.version, "status": "in_progress", "percent_complete": 10},
    )
    milestone.refresh_from_db()
    _login(client, team_lead)
    response = client.post(reverse("milestones:delete", args=[milestone.pk]), {"version": milestone.version})
    assert response.status_code == 302
    assert Milestone.objects.filter(pk=milestone.pk).exists()


def test_the_project_page_offers_adding_to_its_leads_only(client, team_lead, officer, milestone):
    add = reverse("milestones:add", args=[milestone.project.pk])
    assert add in _login(client, team_lead).get(milestone.project.get_absolute_url()).text
    assert add not in _login(client, officer).get(milestone.project.get_absolute_url()).text


def test_the_officer_is_offered_a_proposal_and_the_lead_the_plan_editor(client, officer, team_lead, milestone):
    officer_page = _login(client, officer).get(milestone.get_absolute_url()).text
    assert 'class="stacked propose"' in officer_page
    assert reverse("milestones:edit", args=[milestone.pk]) not in officer_page
    lead_page = _login(client, team_lead).get(milestone.get_absolute_url()).text
    assert 'class="stacked propose"' not in lead_page
    assert reverse("milestones:edit", args=[milestone.pk]) in lead_page
