"""Status changes in the admin go through the workflow and the same service as the pages: by role, one at a
time and in bulk, all or nothing; a save racing another is refused, shown as refused and logged nowhere."""

import datetime

import pytest
import time_machine
from django.contrib.admin.models import LogEntry
from django.contrib.messages import get_messages
from django.urls import reverse

from milestones import services
from milestones.admin import MilestoneAdmin
from milestones.models import Milestone, Status
from milestones.schedule import SEOUL
from milestones.tests.conftest import TODAY, give_admin_access

pytestmark = pytest.mark.django_db

INLINES = {f"{p}-{k}": 0 for p in ("children", "comments", "evidence") for k in ("TOTAL_FORMS", "INITIAL_FORMS")}


@pytest.fixture
def project_1(plan_2023):
    """Project 1's milestones (digital-policy department), in order."""
    return list(Milestone.objects.filter(project__plan=plan_2023, project__number=1).order_by("order"))


def mark_done(*milestones):
    Milestone.objects.filter(pk__in=[m.pk for m in milestones]).update(
        status=Status.DONE, percent_complete=100, completed_on=datetime.date(2023, 9, 1)
    )


def as_admin_user(client, user):
    give_admin_access(user)
    client.force_login(user)
    return client


def form_data(milestone, **changes):
    milestone.refresh_from_db()
    return {
        "project": milestone.project_id,
        "parent": milestone.parent_id or "",
        "key": milestone.key,
        "order": milestone.order,
        "title": milestone.title,
        "date_text": milestone.date_text,
        "start_date": milestone.start_date or "",
        "date_precision": milestone.date_precision,
        "owner": milestone.owner_id or "",
        "note": milestone.note,
        "expected_version": milestone.version,
        **INLINES,
        **changes,
    }


def change_url(milestone):
    return reverse("admin:milestones_milestone_change", args=[milestone.pk])


def texts(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.mark.parametrize(
    ("persona", "offered"),
    [("officer", set()), ("team_lead", {"confirmed", "returned"}), ("administrator", {"confirmed", "returned"})],
)
def test_the_change_form_offers_the_moves_the_role_allows(client, request, milestone, frozen, persona, offered):
    mark_done(milestone)
    user = request.getfixturevalue(persona)
    if persona != "administrator":
        give_admin_access(user)
    client.force_login(user)

    page = client.get(change_url(milestone)).text

    select = page.split('name="new_status"')[1].split("</select>")[0] if 'name="new_status"' in page else ""
    assert {s for s in Status.values if f'value="{s}"' in select} == offered


def test_a_move_from_the_admin_is_saved_through_the_workflow_with_its_history(client, team_lead, milestone, frozen):
    as_admin_user(client, team_lead)

    response = client.post(
        change_url(milestone),
        form_data(milestone, new_status="delayed", new_due_date="2023-10-20", reason="venue moved"),
    )

    assert response.status_code == 302
    fresh = Milestone.objects.get(pk=milestone.pk)
    assert (fresh.status, fresh.due_date, fresh.baseline_due_date, fresh.status_reason) == (
        Status.DELAYED,
        datetime.date(2023, 10, 20),
        datetime.date(2023, 9, 24),
        "venue moved",
    )
    record = fresh.history.latest("history_id")
    assert (record.history_user, record.history_change_reason) == (team_lead, "delay")


def test_a_move_missing_what_the_workflow_needs_is_refused_in_the_form(client, officer, milestone, frozen):
    as_admin_user(client, officer)

    response = client.post(change_url(milestone), form_data(milestone, new_status="delayed"))

    assert response.status_code == 200 and "errorlist" in response.text
    assert Milestone.objects.get(pk=milestone.pk).status == Status.PLANNED
    assert not LogEntry.objects.exists()


def test_staff_cannot_confirm_from_the_admin(client, officer, milestone, frozen):
    mark_done(milestone)
    as_admin_user(client, officer)

    response = client.post(change_url(milestone), form_data(milestone, new_status="confirmed"))

    assert response.status_code == 200 and "errorlist" in response.text
    assert Milestone.objects.get(pk=milestone.pk).status == Status.DONE


def test_a_page_save_between_loading_and_saving_the_form_is_refused_and_not_logged(
    client, officer, team_lead, milestone, frozen
):
    as_admin_user(client, officer)
    seen = form_data(milestone, title="renamed in the admin")
    services.milestone_record_progress(
        milestone=milestone, by=team_lead, version=milestone.version, status=Status.IN_PROGRESS, today=TODAY
    )

    response = client.post(change_url(milestone), seen)

    assert response.status_code == 200 and "errorlist" in response.text
    assert Milestone.objects.get(pk=milestone.pk).title == milestone.title
    assert not LogEntry.objects.exists()


def test_a_page_save_that_lands_after_the_form_was_checked_is_refused_and_not_logged(
    client, officer, team_lead, milestone, frozen, monkeypatch
):
    """The narrowest race: the page's save commits after the admin form passed its check, before its own save."""
    as_admin_user(client, officer)
    original = MilestoneAdmin.save_model

    def page_saves_first(self, request, obj, form, change):
        current = Milestone.objects.get(pk=obj.pk)
        services.milestone_record_progress(
            milestone=current, by=team_lead, version=current.version, status=Status.IN_PROGRESS, today=TODAY
        )
        return original(self, request, obj, form, change)

    monkeypatch.setattr(MilestoneAdmin, "save_model", page_saves_first)

    response = client.post(change_url(milestone), form_data(milestone, title="renamed in the admin"), follow=True)

    shown = texts(response)
    assert response.status_code == 200
    assert any(("Not saved" in t or "저장하지 않음" in t) and milestone.title in t for t in shown), shown
    assert not any("successfully" in t or "성공적으로" in t for t in shown), shown
    fresh = Milestone.objects.get(pk=milestone.pk)
    assert (fresh.title, fresh.status) == (milestone.title, Status.IN_PROGRESS)
    assert not LogEntry.objects.exists()


def test_the_project_choices_name_their_plan(client, administrator, milestone):
    client.force_login(administrator)

    select = client.get(change_url(milestone)).text.split('name="project"')[1].split("</select>")[0]

    assert "2023년 주요 업무보고 · 1. " in select


# Bulk -------------------------------------------------------------------------------------------------

CHANGELIST = reverse("admin:milestones_milestone_changelist")


def bulk(client, action, milestones, **extra):
    return client.post(
        CHANGELIST, {"action": action, "_selected_action": [m.pk for m in milestones], **extra}, follow=True
    )


def test_a_team_lead_confirms_selected_done_milestones_at_once(client, team_lead, project_1, frozen):
    mark_done(*project_1[:3])
    as_admin_user(client, team_lead)

    bulk(client, "confirm_selected", project_1[:3])

    assert set(Milestone.objects.filter(pk__in=[m.pk for m in project_1[:3]]).values_list("status", flat=True)) == {
        Status.CONFIRMED
    }
    record = project_1[0].history.latest("history_id")
    assert (record.history_user, record.history_change_reason) == (team_lead, "confirm")


def test_bulk_confirm_with_one_milestone_not_done_saves_nothing_and_names_it(client, team_lead, project_1, frozen):
    mark_done(*project_1[:2])
    as_admin_user(client, team_lead)

    response = bulk(client, "confirm_selected", project_1[:3])

    assert set(Milestone.objects.filter(pk__in=[m.pk for m in project_1[:2]]).values_list("status", flat=True)) == {
        Status.DONE
    }
    refusals = [t for t in texts(response) if project_1[2].title[:20] in t]
    assert len(refusals) == 1 and str(Status.PLANNED.label) in refusals[0]


def test_staff_may_not_confirm_in_bulk(client, officer, project_1, frozen):
    mark_done(*project_1[:2])
    as_admin_user(client, officer)

    response = bulk(client, "confirm_selected", project_1[:2])

    assert Milestone.objects.filter(pk__in=[m.pk for m in project_1[:2]], status=Status.DONE).count() == 2
    assert sum(m.title[:20] in t for m in project_1[:2] for t in texts(response)) == 2


def test_bulk_return_asks_for_one_comment_then_returns_them_all(client, administrator, project_1, frozen):
    mark_done(*project_1[:2])
    client.force_login(administrator)

    asked = bulk(client, "return_selected", project_1[:2])
    refused = bulk(client, "return_selected", project_1[:2], post="yes", comment="")
    done = bulk(client, "return_selected", project_1[:2], post="yes", comment="figures missing")

    assert 'name="comment"' in asked.text and asked.templates[0].name.endswith("return_selected.html")
    assert 'name="comment"' in refused.text
    returned = Milestone.objects.filter(pk__in=[m.pk for m in project_1[:2]])
    assert set(returned.values_list("status", "status_reason")) == {(Status.RETURNED, "figures missing")}
    assert done.status_code == 200


def test_mark_started_in_bulk(client, team_lead, project_1, frozen):
    as_admin_user(client, team_lead)

    bulk(client, "start_selected", project_1[:2])

    assert Milestone.objects.filter(pk__in=[m.pk for m in project_1[:2]], status=Status.IN_PROGRESS).count() == 2


def test_the_project_filter_names_each_project_with_its_plan(client, administrator, plan_2023):
    client.force_login(administrator)

    page = client.get(reverse("admin:milestones_milestone_changelist")).text

    assert "2023년 주요 업무보고 · 1. " in page


def test_work_past_its_date_is_returned_in_bulk_only_with_a_new_due_date(client, administrator, project_1):
    mark_done(*project_1[:2])  # due 2023-09-24 and -25: past on 10 October
    client.force_login(administrator)
    with time_machine.travel(datetime.datetime(2023, 10, 10, 10, tzinfo=SEOUL), tick=False):
        refused = bulk(client, "return_selected", project_1[:2], post="yes", comment="figures missing")
        assert Milestone.objects.filter(pk__in=[m.pk for m in project_1[:2]], status=Status.DONE).count() == 2
        bulk(client, "return_selected", project_1[:2], post="yes", comment="figures missing", due_date="2023-10-31")

    assert sum(m.title[:20] in t for m in project_1[:2] for t in texts(refused)) == 2
    returned = Milestone.objects.filter(pk__in=[m.pk for m in project_1[:2]])
    assert set(returned.values_list("status", "due_date")) == {(Status.RETURNED, datetime.date(2023, 10, 31))}
    assert {m.baseline_due_date for m in returned} == {datetime.date(2023, 9, 24), datetime.date(2023, 9, 25)}
