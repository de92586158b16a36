"""Date proposals, following and notifications through the API: the site's services and rules."""

import pytest

from api.tests.conftest import token_client
from api.tests.openapi import assert_matches_schema
from milestones.models import DateProposal, Milestone

pytestmark = pytest.mark.django_db


def call(user, method, url, data=None):
    response = getattr(token_client(user), method)(url, data, format="json")
    assert_matches_schema(response, method)
    return response


def propose(user, milestone, due="2023-10-15", reason="venue booked later"):
    return call(user, "post", f"/api/v1/milestones/{milestone.pk}/proposals/", {"due_date": due, "reason": reason})


@pytest.mark.parametrize(("persona", "status"), [("officer", 201), ("colleague", 403), ("outsider", 404)])
def test_the_owners_team_proposes_a_new_due_date(persona, status, request, milestone, frozen):
    response = propose(request.getfixturevalue(persona), milestone)

    assert response.status_code == status
    assert milestone.proposals.exists() is (status == 201)
    assert Milestone.objects.get(pk=milestone.pk).due_date.isoformat() == "2023-09-24"


def test_a_proposal_needs_a_reason_and_a_lead_sets_dates_directly(officer, team_lead, milestone, frozen):
    no_reason = propose(officer, milestone, reason=" ")
    lead = propose(team_lead, milestone)

    assert no_reason.status_code == 400 and "reason" in no_reason.json()
    assert lead.status_code == 400 and "due_date" in lead.json()
    assert not milestone.proposals.exists()


def test_the_lead_approves_and_the_due_date_moves_once(officer, team_lead, milestone, frozen):
    proposal = propose(officer, milestone).json()

    pending = call(team_lead, "get", "/api/v1/date-proposals/")
    by_officer = call(officer, "post", f"/api/v1/date-proposals/{proposal['id']}/approve/", {})
    approved = call(team_lead, "post", f"/api/v1/date-proposals/{proposal['id']}/approve/", {})
    again = call(team_lead, "post", f"/api/v1/date-proposals/{proposal['id']}/reject/", {"comment": "no"})
    listed = call(officer, "get", f"/api/v1/milestones/{milestone.pk}/proposals/")

    assert [p["id"] for p in pending.json()["results"]] == [proposal["id"]]
    assert by_officer.status_code == 403
    assert approved.status_code == 200 and approved.json()["state"] == "approved"
    assert approved.json()["decided_by"] == "이영미" and approved.json()["proposed_by"] == "김연숙"
    assert again.status_code == 409
    moved = Milestone.objects.get(pk=milestone.pk)
    assert (moved.due_date.isoformat(), moved.baseline_due_date.isoformat()) == ("2023-10-15", "2023-09-24")
    assert [p["state"] for p in listed.json()] == ["approved"]


def test_a_rejection_needs_a_comment(officer, team_lead, milestone, frozen):
    proposal = propose(officer, milestone).json()

    silent = call(team_lead, "post", f"/api/v1/date-proposals/{proposal['id']}/reject/", {})
    rejected = call(team_lead, "post", f"/api/v1/date-proposals/{proposal['id']}/reject/", {"comment": "Too late"})

    assert silent.status_code == 400 and "comment" in silent.json()
    assert (
        rejected.json()["state"] == DateProposal.State.REJECTED and rejected.json()["decision_comment"] == "Too late"
    )
    assert Milestone.objects.get(pk=milestone.pk).due_date.isoformat() == "2023-09-24"


def test_another_departments_proposal_is_not_found(officer, outsider, milestone, frozen):
    proposal = propose(officer, milestone).json()

    assert call(outsider, "post", f"/api/v1/date-proposals/{proposal['id']}/approve/", {}).status_code == 404


@pytest.mark.parametrize(
    ("persona", "status", "after"),
    [("officer", 200, (True, "owner")), ("colleague", 200, (True, "")), ("outsider", 404, None)],
)
def test_following_a_milestone(persona, status, after, request, milestone):
    user = request.getfixturevalue(persona)

    followed = call(user, "post", f"/api/v1/milestones/{milestone.pk}/follow/")
    unfollowed = call(user, "delete", f"/api/v1/milestones/{milestone.pk}/follow/")

    assert followed.status_code == unfollowed.status_code == status
    if status == 200:
        assert (followed.json()["following"], followed.json()["automatic"]) == after
        assert unfollowed.json()["following"] is (after[1] == "owner")  # the owner hears of it anyway


@pytest.mark.parametrize(("persona", "status"), [("officer", 200), ("colleague", 200), ("outsider", 404)])
def test_following_a_project(persona, status, request, milestone):
    user = request.getfixturevalue(persona)

    response = call(user, "post", f"/api/v1/projects/{milestone.project_id}/follow/")

    assert response.status_code == status
    if status == 200:
        assert response.json() == {"following": True, "automatic": ""}


def test_a_follower_is_notified_of_a_comment_with_who_wrote_it(officer, colleague, milestone, frozen):
    call(colleague, "post", f"/api/v1/milestones/{milestone.pk}/follow/")
    call(officer, "post", f"/api/v1/milestones/{milestone.pk}/comments/", {"text": "Jury booked"})

    rows = call(colleague, "get", "/api/v1/notifications/").json()["results"]

    (row,) = [r for r in rows if r["event"]]
    assert (row["kind"], row["milestone"], row["event"]["kind"], row["event"]["actor"]) == (
        "comment",
        milestone.pk,
        "comment",
        "김연숙",
    )
    assert call(officer, "get", "/api/v1/notifications/").json()["results"] == []  # nobody hears of themself
