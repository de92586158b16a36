"""@mentions: by name or login among the people who may see the milestone; anyone else is refused by name and
nothing is saved."""

import pytest
from django.core.exceptions import ValidationError

from milestones import services
from milestones.mentions import mention_tokens, mentioned_staff
from milestones.models import Comment, Event, Status
from notifications.tests.conftest import CURRENT_TIME, TODAY, staff
from reminders.models import Delivery

pytestmark = pytest.mark.django_db


def test_words_after_an_at_sign_are_mentions_but_an_email_address_is_not():
    assert mention_tokens("@김연숙 자료 보완 바랍니다, cc @kim.ys. mail a@b.kr") == ["김연숙", "kim.ys"]


def test_a_person_is_found_by_name_with_a_particle_after_it_or_by_login(milestone, everyone):
    found = mentioned_staff(milestone=milestone, text="@김연숙님 그리고 @team-lead")

    assert found == [staff(everyone["officer"]), staff(everyone["team_lead"])]


def test_a_mention_of_someone_outside_the_department_is_refused_naming_them_and_nothing_is_saved(milestone, everyone):
    with pytest.raises(ValidationError) as refused:
        services.milestone_comment(
            milestone=milestone, by=everyone["team_lead"], text="@원유복 @김연숙 확인 바랍니다", now=CURRENT_TIME
        )

    assert "원유복" in str(refused.value.message_dict["text"])
    assert "김연숙" not in str(refused.value.message_dict["text"])
    assert not Comment.objects.exists() and not Event.objects.exists() and not Delivery.objects.exists()


def test_a_mention_of_nobody_known_is_refused(milestone, everyone):
    with pytest.raises(ValidationError) as refused:
        services.milestone_comment(
            milestone=milestone, by=everyone["team_lead"], text="@홍길동 확인", now=CURRENT_TIME
        )

    assert "@홍길동" in str(refused.value.message_dict["text"])


def test_a_return_whose_reason_names_an_outsider_is_refused_and_the_milestone_stays_done(milestone, everyone):
    services.milestone_record_progress(
        milestone=milestone, by=everyone["officer"], version=milestone.version, status=Status.DONE, today=TODAY
    )
    milestone.refresh_from_db()

    with pytest.raises(ValidationError) as refused:
        services.milestone_record_progress(
            milestone=milestone,
            by=everyone["team_lead"],
            version=milestone.version,
            status=Status.RETURNED,
            reason="@원유복 참고",
            today=TODAY,
        )

    assert "원유복" in str(refused.value.message_dict["reason"])
    milestone.refresh_from_db()
    assert milestone.status == Status.DONE


def test_the_comment_form_shows_the_refusal_with_the_name(client, milestone, everyone):
    client.force_login(everyone["team_lead"])

    response = client.post(
        f"/milestones/{milestone.pk}/comment/", {"text": "@원유복 확인 바랍니다", "kind": "comment"}
    )

    assert response.status_code == 400
    assert "원유복" in response.content.decode()
    assert not Comment.objects.exists()
