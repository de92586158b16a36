"""The milestone's discussion: comments, update requests and the reasons of returns, cancellations and
reopenings in one thread with their kind; a comment corrected by its author within 15 minutes, its earlier
text kept; forms sent twice change things once; an update request is not sent twice in a short time."""

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from milestones import services
from milestones.models import Comment, Event, Milestone, Status
from milestones.schedule import SEOUL
from milestones.submissions import AlreadySubmitted
from milestones.tests.conftest import TODAY
from milestones.thread import milestone_thread

pytestmark = pytest.mark.django_db

CURRENT_TIME = datetime.datetime(2023, 9, 15, 10, 0, tzinfo=SEOUL)


def progress(milestone, user, **kwargs):
    milestone.refresh_from_db()
    kwargs.setdefault("now", CURRENT_TIME)
    return services.milestone_record_progress(
        milestone=milestone, by=user, version=milestone.version, today=TODAY, **kwargs
    )


def test_the_thread_shows_comments_requests_and_reasons_in_order_with_their_kind(
    milestone, officer, team_lead, department_head, manager
):
    minute = datetime.timedelta(minutes=1)
    services.milestone_comment(
        milestone=milestone, by=manager, text="진행상황?", kind=Comment.Kind.REQUEST, now=CURRENT_TIME - minute
    )
    progress(milestone, officer, status=Status.DONE, completed_on=TODAY)
    progress(milestone, team_lead, status=Status.RETURNED, reason="자료 보완 바랍니다", now=CURRENT_TIME + minute)
    progress(milestone, department_head, status=Status.CANCELLED, reason="사업 취소", now=CURRENT_TIME + 2 * minute)
    progress(milestone, department_head, status=Status.IN_PROGRESS, reason="재추진", now=CURRENT_TIME + 3 * minute)
    services.milestone_comment(milestone=milestone, by=officer, text="다시 진행합니다", now=CURRENT_TIME + 4 * minute)

    thread = milestone_thread(milestone)

    assert [(entry.kind, entry.text) for entry in thread] == [
        ("request", "진행상황?"),
        ("return", "자료 보완 바랍니다"),
        ("cancel", "사업 취소"),
        ("reopen", "재추진"),
        ("comment", "다시 진행합니다"),
    ]


def test_the_page_shows_the_return_reason_in_the_thread_after_the_next_change(client, milestone, officer, team_lead):
    progress(milestone, officer, status=Status.DONE, completed_on=TODAY)
    progress(milestone, team_lead, status=Status.RETURNED, reason="자료 보완 바랍니다")
    progress(milestone, officer, status=Status.IN_PROGRESS, percent_complete=80)
    client.force_login(officer)

    text = client.get(f"/milestones/{milestone.pk}/").content.decode()

    thread = text[text.index('id="comments"') :]
    assert "자료 보완 바랍니다" in thread and "kind-return" in thread


def test_heading_label_and_button_of_the_discussion_say_different_things(client, milestone, officer):
    client.force_login(officer)
    text = client.get(f"/milestones/{milestone.pk}/", HTTP_ACCEPT_LANGUAGE="ko").content.decode()

    section = text[text.index('id="comments"') :]
    assert '<h2 id="comments-title">의견 나눔</h2>' in section
    assert ">의견 내용</label>" in section
    assert ">의견 등록</button>" in section


def test_an_author_corrects_a_comment_within_15_minutes_and_the_earlier_text_is_kept(milestone, officer):
    comment = services.milestone_comment(milestone=milestone, by=officer, text="오타 있음", now=CURRENT_TIME)

    services.comment_edit(
        comment=comment, by=officer, text="오타 고침", now=CURRENT_TIME + datetime.timedelta(minutes=14)
    )

    comment.refresh_from_db()
    assert comment.text == "오타 고침" and comment.edited_at is not None
    assert list(comment.history.order_by("history_id").values_list("text", flat=True)) == ["오타 있음", "오타 고침"]


def test_a_comment_cannot_be_corrected_after_15_minutes(milestone, officer):
    comment = services.milestone_comment(milestone=milestone, by=officer, text="원문", now=CURRENT_TIME)

    with pytest.raises(ValidationError):
        services.comment_edit(
            comment=comment, by=officer, text="수정", now=CURRENT_TIME + datetime.timedelta(minutes=16)
        )
    comment.refresh_from_db()
    assert comment.text == "원문"


def test_only_its_author_corrects_a_comment(client, milestone, officer, team_lead):
    comment = services.milestone_comment(milestone=milestone, by=officer, text="원문")
    with pytest.raises(PermissionDenied):
        services.comment_edit(comment=comment, by=team_lead, text="남의 의견")
    client.force_login(team_lead)
    assert client.post(f"/milestones/{milestone.pk}/comments/{comment.pk}/edit/", {"text": "x"}).status_code == 403


def test_the_correction_page_saves_within_the_window(client, milestone, officer):
    client.force_login(officer)
    with time_machine.travel(CURRENT_TIME, tick=False):
        comment = services.milestone_comment(milestone=milestone, by=officer, text="원문")
        page = client.get(f"/milestones/{milestone.pk}/")
        assert f"/milestones/{milestone.pk}/comments/{comment.pk}/edit/" in page.content.decode()
    with time_machine.travel(CURRENT_TIME + datetime.timedelta(minutes=10), tick=False):
        response = client.post(f"/milestones/{milestone.pk}/comments/{comment.pk}/edit/", {"text": "고친 글"})
    assert response.status_code == 302
    with time_machine.travel(CURRENT_TIME + datetime.timedelta(minutes=20), tick=False):
        late = client.post(f"/milestones/{milestone.pk}/comments/{comment.pk}/edit/", {"text": "늦은 글"})
        assert f"/comments/{comment.pk}/edit/" not in client.get(f"/milestones/{milestone.pk}/").content.decode()
    assert late.status_code == 400
    comment.refresh_from_db()
    assert comment.text == "고친 글"


def test_a_comment_form_sent_twice_saves_one_comment(client, milestone, officer):
    client.force_login(officer)
    form = {"text": "한 번만", "kind": "comment", "idempotency_key": "form-key-1"}

    first = client.post(f"/milestones/{milestone.pk}/comment/", form)
    second = client.post(f"/milestones/{milestone.pk}/comment/", form)

    assert first.status_code == second.status_code == 302
    assert Comment.objects.filter(milestone=milestone).count() == 1
    assert Event.objects.filter(milestone=milestone).count() == 1


def test_a_progress_form_sent_twice_is_ignored_not_a_conflict(client, milestone, officer):
    client.force_login(officer)
    form = {"version": milestone.version, "status": "in_progress", "percent_complete": 40, "idempotency_key": "k2"}

    first = client.post(f"/milestones/{milestone.pk}/update/", form)
    second = client.post(f"/milestones/{milestone.pk}/update/", form)

    assert first.status_code == second.status_code == 302
    milestone.refresh_from_db()
    assert milestone.version == 2 and milestone.events.count() == 1


def test_the_same_key_is_refused_by_the_service_too(milestone, officer):
    services.milestone_comment(milestone=milestone, by=officer, text="a", idempotency_key="same")
    with pytest.raises(AlreadySubmitted):
        services.milestone_comment(milestone=milestone, by=officer, text="a", idempotency_key="same")


def test_a_refused_form_leaves_its_key_free_for_the_corrected_one(milestone, team_lead):
    with pytest.raises(ValidationError):
        services.milestone_comment(milestone=milestone, by=team_lead, text="@원유복 확인", idempotency_key="k3")
    services.milestone_comment(milestone=milestone, by=team_lead, text="확인", idempotency_key="k3")
    assert milestone.comments.count() == 1


def test_an_update_request_cannot_be_sent_twice_within_a_short_time(milestone, manager, team_lead):
    services.milestone_comment(
        milestone=milestone, by=manager, text="진행상황?", kind=Comment.Kind.REQUEST, now=CURRENT_TIME
    )

    with pytest.raises(ValidationError) as refused:
        services.milestone_comment(
            milestone=milestone,
            by=team_lead,
            text="진행상황 알려주세요",
            kind=Comment.Kind.REQUEST,
            now=CURRENT_TIME + datetime.timedelta(seconds=1),
        )
    assert "10:00" in str(refused.value)
    assert milestone.comments.filter(kind=Comment.Kind.REQUEST).count() == 1

    later = CURRENT_TIME + services.UPDATE_REQUEST_WINDOW + datetime.timedelta(seconds=1)
    services.milestone_comment(
        milestone=milestone, by=team_lead, text="다시 요청", kind=Comment.Kind.REQUEST, now=later
    )
    assert milestone.comments.filter(kind=Comment.Kind.REQUEST).count() == 2


def test_the_request_window_is_per_milestone(milestone, manager):
    other = Milestone.objects.filter(project=milestone.project).exclude(pk=milestone.pk).first()
    services.milestone_comment(milestone=milestone, by=manager, text="?", kind=Comment.Kind.REQUEST, now=CURRENT_TIME)
    services.milestone_comment(milestone=other, by=manager, text="?", kind=Comment.Kind.REQUEST, now=CURRENT_TIME)
    assert Comment.objects.filter(kind=Comment.Kind.REQUEST).count() == 2
