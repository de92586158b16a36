"""Writes through the API: the pages' services, their rules and texts, If-Match against lost updates."""

import pytest

from api.tests.conftest import TODAY, token_client
from api.tests.openapi import assert_matches_schema
from milestones.models import Comment, Event, EventKind, Milestone, Status

pytestmark = pytest.mark.django_db


def post(client, url, data, *, version=1, method="post"):
    headers = {} if version is None else {"HTTP_IF_MATCH": f'"{version}"'}
    response = client.post(url, data, format="json", **headers)
    assert_matches_schema(response, method)
    return response


@pytest.mark.parametrize(("persona", "status"), [("officer", 200), ("colleague", 403), ("outsider", 404)])
def test_progress_is_recorded_by_the_owners_team_only(persona, status, request, milestone, frozen):
    user = request.getfixturevalue(persona)

    response = post(token_client(user), f"/api/v1/milestones/{milestone.pk}/progress/", {"percent_complete": 40})

    assert response.status_code == status
    milestone.refresh_from_db()
    assert milestone.percent_complete == (40 if status == 200 else 0)
    if status == 200:
        assert response["ETag"] == '"2"' and response.json()["version"] == 2
        record = milestone.history.latest("history_id")
        assert record.history_user == user and record.history_change_reason == "progress"


@pytest.mark.parametrize(("persona", "status"), [("officer", 200), ("colleague", 403), ("outsider", 404)])
def test_a_status_change_goes_through_the_workflow_for_the_owners_team_only(
    persona, status, request, milestone, frozen
):
    user = request.getfixturevalue(persona)

    response = post(token_client(user), f"/api/v1/milestones/{milestone.pk}/status/", {"status": "in_progress"})

    assert response.status_code == status
    assert Milestone.objects.get(pk=milestone.pk).status == (Status.IN_PROGRESS if status == 200 else Status.PLANNED)
    assert Event.objects.filter(milestone=milestone, kind=EventKind.STARTED).exists() is (status == 200)


@pytest.mark.parametrize(("persona", "status"), [("officer", 201), ("colleague", 201), ("outsider", 404)])
def test_anyone_who_sees_a_milestone_may_comment_on_it(persona, status, request, milestone, frozen):
    user = request.getfixturevalue(persona)

    response = post(
        token_client(user), f"/api/v1/milestones/{milestone.pk}/comments/", {"text": "On it"}, version=None
    )

    assert response.status_code == status
    assert Comment.objects.filter(milestone=milestone, author=user).exists() is (status == 201)
    if status == 201:
        assert response.json()["author"] == user.staff.name
    else:
        assert response.json() == {"detail": "찾을 수 없습니다."}  # the same for every record, naming no model


def test_the_services_reasons_come_back_under_their_field_names(officer, milestone, frozen):
    client = token_client(officer)

    delay = post(client, f"/api/v1/milestones/{milestone.pk}/status/", {"status": "delayed"})
    confirm = post(client, f"/api/v1/milestones/{milestone.pk}/status/", {"status": "confirmed"})
    empty = post(client, f"/api/v1/milestones/{milestone.pk}/comments/", {"text": "  "}, version=None)
    request = post(
        client, f"/api/v1/milestones/{milestone.pk}/comments/", {"text": "?", "kind": "request"}, version=None
    )

    assert delay.status_code == 400 and set(delay.json()) == {"due_date", "reason"}
    assert delay.json()["reason"] == ["변경 사유를 입력하세요."]
    assert confirm.status_code == 400 and "status" in confirm.json()
    assert empty.status_code == 400 and "text" in empty.json()
    assert request.status_code == 403  # an officer does not ask for updates
    assert Milestone.objects.get(pk=milestone.pk).version == 1


def test_english_texts_with_the_language_cookie_as_on_the_site(officer, milestone, frozen):
    client = token_client(officer)
    client.cookies["django_language"] = "en"
    response = client.post(
        f"/api/v1/milestones/{milestone.pk}/status/",
        {"status": "delayed", "due_date": "2023-10-15"},
        format="json",
        HTTP_IF_MATCH='"1"',
    )

    assert response.json() == {"reason": ["Give a reason for this change."]}


def test_a_stale_etag_is_412_with_what_changed_and_saves_nothing(officer, team_lead, milestone, frozen):
    post(token_client(team_lead), f"/api/v1/milestones/{milestone.pk}/progress/", {"percent_complete": 30})

    response = post(token_client(officer), f"/api/v1/milestones/{milestone.pk}/progress/", {"percent_complete": 50})

    assert response.status_code == 412
    body = response.json()
    assert body["version"] == 2 and response["ETag"] == '"2"'
    assert body["changes"] == [{"field": "진척률", "from": "0", "to": "30"}] and body["by"]
    assert Milestone.objects.get(pk=milestone.pk).percent_complete == 30


@pytest.mark.parametrize("header", [None, "*", "W/abc"])
def test_a_write_without_a_version_is_428(officer, milestone, header, frozen):
    headers = {} if header is None else {"HTTP_IF_MATCH": header}
    response = token_client(officer).post(
        f"/api/v1/milestones/{milestone.pk}/progress/", {"percent_complete": 50}, format="json", **headers
    )

    assert response.status_code == 428
    assert Milestone.objects.get(pk=milestone.pk).percent_complete == 0


def test_the_lead_confirms_done_work_and_history_names_the_tokens_owner(officer, team_lead, milestone, frozen):
    done = post(
        token_client(officer),
        f"/api/v1/milestones/{milestone.pk}/status/",
        {"status": "done", "completed_on": TODAY.isoformat()},
    )
    confirmed = post(
        token_client(team_lead), f"/api/v1/milestones/{milestone.pk}/status/", {"status": "confirmed"}, version=2
    )

    assert done.json()["percent_complete"] == 100 and confirmed.json()["status"] == "confirmed"
    users = list(milestone.history.order_by("history_id").values_list("history_user__username", flat=True))
    assert users[-2:] == ["officer", "team-lead"]


def test_progress_with_an_achievement_and_figures_and_a_moved_date(team_lead, milestone, frozen):
    response = post(
        token_client(team_lead),
        f"/api/v1/milestones/{milestone.pk}/progress/",
        {
            "percent_complete": 70,
            "due_date": "2023-10-15",
            "reason": "venue booked later",
            "achievement": {"text": "Jury met", "figures": [{"label": "members", "value": "12", "unit": "명"}]},
            "evidence_url": "https://example.org/minutes",
        },
    )

    assert response.status_code == 200
    body = response.json()
    assert (body["due_date"], body["baseline_due_date"], body["status_reason"]) == (
        "2023-10-15",
        "2023-09-24",
        "venue booked later",
    )
    entry = milestone.achievements.get()
    assert entry.text == "Jury met" and [str(f) for f in entry.figures.all()] == ["members 12명"]
    assert milestone.evidence.get().url == "https://example.org/minutes"


@pytest.mark.parametrize(("persona", "status"), [("officer", 428), ("colleague", 403), ("outsider", 404)])
def test_scope_is_judged_before_the_version_and_the_version_before_the_body(persona, status, request, milestone):
    user = request.getfixturevalue(persona)

    response = token_client(user).post(
        f"/api/v1/milestones/{milestone.pk}/status/", {"status": "finished"}, format="json"
    )

    assert response.status_code == status


def test_an_officers_new_due_date_is_a_proposal_until_the_lead_approves(officer, milestone, frozen):
    response = post(
        token_client(officer),
        f"/api/v1/milestones/{milestone.pk}/progress/",
        {"percent_complete": 20, "due_date": "2023-10-15", "reason": "venue booked later"},
    )

    assert response.status_code == 200
    assert (response.json()["due_date"], response.json()["percent_complete"]) == ("2023-09-24", 20)
    assert milestone.proposals.get().due_date.isoformat() == "2023-10-15"
