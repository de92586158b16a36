"""Who hears of what: every kind of event reaches exactly the people the rule names, once, never the one who
did it. The officer 김연숙 owns the milestone; 이영미 leads her team; 오경희 heads the department; the colleague
여언영 works in another team of it; the outsider in another department; the manager reads everything."""

import pytest
from django.db import transaction

from departments.models import Staff
from milestones import services
from milestones.events import event_record
from milestones.models import Comment, EventKind, Status
from notifications.models import Follow
from notifications.services import notify_event
from notifications.tests.conftest import CURRENT_TIME, TODAY, staff
from reminders.models import MENTION, Delivery

pytestmark = pytest.mark.django_db


def told(event):
    """``{username: kind}`` of the notifications of ``event``."""
    rows = Delivery.objects.filter(event=event).select_related("recipient__user")
    return {row.recipient.user.username if row.recipient.user else row.recipient.code: row.kind for row in rows}


def progress(milestone, user, **kwargs):
    milestone.refresh_from_db()
    kwargs.setdefault("status", milestone.status)
    return services.milestone_record_progress(
        milestone=milestone, by=user, version=milestone.version, today=TODAY, now=CURRENT_TIME, **kwargs
    )


def last_event(milestone):
    return milestone.events.order_by("-pk").first()


def mark_done(milestone, officer):
    progress(milestone, officer, status=Status.DONE, completed_on=TODAY)


def test_a_return_by_the_team_lead_tells_the_owner_only(milestone, everyone):
    mark_done(milestone, everyone["officer"])
    progress(milestone, everyone["team_lead"], status=Status.RETURNED, reason="자료 보완 바랍니다")

    assert told(last_event(milestone)) == {"officer": EventKind.RETURNED}


def test_a_return_by_the_department_head_tells_the_owner_and_the_team_lead(milestone, everyone):
    mark_done(milestone, everyone["officer"])
    progress(milestone, everyone["department_head"], status=Status.RETURNED, reason="근거 부족")

    assert told(last_event(milestone)) == {"officer": EventKind.RETURNED, "team-lead": EventKind.RETURNED}


def test_marking_done_tells_nobody_but_followers(milestone, everyone):
    mark_done(milestone, everyone["officer"])
    assert told(last_event(milestone)) == {}


def test_a_confirmation_and_a_reopening_tell_the_owner(milestone, everyone):
    mark_done(milestone, everyone["officer"])
    progress(milestone, everyone["team_lead"], status=Status.CONFIRMED)
    assert told(last_event(milestone)) == {"officer": EventKind.CONFIRMED}

    progress(milestone, everyone["department_head"], status=Status.IN_PROGRESS, reason="추가 행사")
    assert told(last_event(milestone)) == {"officer": EventKind.REOPENED}


def test_a_comment_tells_the_owner_and_the_team_lead_and_its_author_follows_from_then_on(milestone, everyone):
    services.milestone_comment(
        milestone=milestone, by=everyone["colleague"], text="일정 공유 부탁드립니다", now=CURRENT_TIME
    )

    assert told(last_event(milestone)) == {"officer": EventKind.COMMENTED, "team-lead": EventKind.COMMENTED}
    assert Follow.objects.filter(staff=staff(everyone["colleague"]), milestone=milestone).exists()

    services.milestone_comment(milestone=milestone, by=everyone["officer"], text="공유드렸습니다", now=CURRENT_TIME)
    assert told(last_event(milestone)) == {"team-lead": EventKind.COMMENTED, "colleague": EventKind.COMMENTED}


def test_an_update_request_from_a_manager_tells_the_owner_and_the_team_lead(milestone, everyone):
    services.milestone_comment(
        milestone=milestone, by=everyone["manager"], text="진행상황?", kind=Comment.Kind.REQUEST, now=CURRENT_TIME
    )

    assert told(last_event(milestone)) == {
        "officer": EventKind.UPDATE_REQUESTED,
        "team-lead": EventKind.UPDATE_REQUESTED,
    }


def test_a_mention_tells_the_person_named_once_and_the_owner_of_the_comment_itself(milestone, everyone):
    services.milestone_comment(
        milestone=milestone,
        by=everyone["team_lead"],
        text="@김연숙 자료 보완 바랍니다. @여언영님 참고",
        now=CURRENT_TIME,
    )

    assert told(last_event(milestone)) == {"officer": EventKind.COMMENTED, "colleague": MENTION}


def test_a_mention_reaches_its_person_even_in_progress_that_tells_nobody_else(milestone, everyone):
    with transaction.atomic():
        event = event_record(
            kind=EventKind.PROGRESS,
            milestone=milestone,
            actor=everyone["officer"],
            data={"mentions": [staff(everyone["department_head"]).pk]},
            now=CURRENT_TIME,
        )

    assert told(event) == {"department-head": MENTION}


def test_a_mention_in_a_return_reason_tells_the_person_named(milestone, everyone):
    mark_done(milestone, everyone["officer"])
    progress(
        milestone, everyone["department_head"], status=Status.RETURNED, reason="@여언영 주무관 자료 참고 바랍니다"
    )

    assert told(last_event(milestone)) == {
        "officer": EventKind.RETURNED,
        "team-lead": EventKind.RETURNED,
        "colleague": MENTION,
    }


def test_a_reassignment_tells_the_new_and_the_former_owner(milestone, everyone):
    new_owner = staff(everyone["colleague"])
    services.milestone_edit(
        milestone=milestone, by=everyone["team_lead"], version=milestone.version, changes={"owner": new_owner}
    )

    assert told(last_event(milestone)) == {"colleague": EventKind.ASSIGNED, "officer": EventKind.ASSIGNED}


def test_a_due_date_moved_by_someone_else_tells_the_owner_and_their_own_move_is_a_proposal_to_the_lead(
    milestone, everyone
):
    import datetime

    progress(milestone, everyone["team_lead"], due_date=datetime.date(2023, 10, 6), reason="장소 변경")
    assert told(last_event(milestone)) == {"officer": EventKind.DUE_DATE_CHANGED}

    progress(milestone, everyone["officer"], due_date=datetime.date(2023, 10, 13), reason="장소 변경")
    assert told(last_event(milestone)) == {"team-lead": EventKind.DATE_PROPOSED}


@pytest.mark.parametrize(
    ("kind", "actor", "expected"),
    [
        (EventKind.DATE_PROPOSED, "officer", {"team-lead": EventKind.DATE_PROPOSED}),
        (EventKind.DATE_APPROVED, "team_lead", {"officer": EventKind.DATE_APPROVED}),
        (EventKind.DATE_REJECTED, "team_lead", {"officer": EventKind.DATE_REJECTED}),
        (EventKind.CREATED, "department_head", {"officer": EventKind.CREATED}),
        (EventKind.EDITED, "team_lead", {"officer": EventKind.EDITED}),
        (EventKind.PROGRESS, "team_lead", {}),
    ],
)
def test_proposals_decisions_additions_and_edits_reach_the_right_people(milestone, everyone, kind, actor, expected):
    with transaction.atomic():
        event = event_record(
            kind=kind, milestone=milestone, actor=everyone[actor], data={"reason": "사유"}, now=CURRENT_TIME
        )

    assert told(event) == expected


def test_followers_of_the_milestone_or_its_project_hear_of_every_kind_but_progress(milestone, everyone):
    Follow.objects.create(staff=staff(everyone["department_head"]), milestone=milestone)
    Follow.objects.create(staff=staff(everyone["colleague"]), project=milestone.project)

    mark_done(milestone, everyone["officer"])
    assert told(last_event(milestone)) == {"department-head": EventKind.DONE, "colleague": EventKind.DONE}

    progress(milestone, everyone["team_lead"], status=Status.CONFIRMED)
    assert told(last_event(milestone)) == {
        "officer": EventKind.CONFIRMED,
        "department-head": EventKind.CONFIRMED,
        "colleague": EventKind.CONFIRMED,
    }


def test_an_event_is_told_once_to_each_person_even_if_its_listener_runs_again(milestone, everyone):
    Follow.objects.create(staff=staff(everyone["team_lead"]), milestone=milestone)
    comment = services.milestone_comment(
        milestone=milestone, by=everyone["colleague"], text="@김연숙 @이영미 확인", now=CURRENT_TIME
    )
    event = comment.events.get()
    with transaction.atomic():
        notify_event(event)  # a listener run twice (a retried transaction step) inserts nothing more

    assert told(event) == {"officer": EventKind.COMMENTED, "team-lead": EventKind.COMMENTED}
    assert Delivery.objects.filter(event=event).count() == 2


def test_nobody_without_a_staff_record_is_told(milestone, everyone):
    services.milestone_comment(milestone=milestone, by=everyone["officer"], text="완료 예정", now=CURRENT_TIME)

    assert set(told(last_event(milestone))) == {"team-lead"}
    assert not Staff.objects.filter(user=everyone["manager"]).exists()
