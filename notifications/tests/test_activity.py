"""Activity feeds: a person's (their work and what they follow), a project's and the bureau's, paged, from
the record of events, each scoped by who may see what; and following from the milestone and project pages."""

import datetime

import pytest
from django.db import transaction

from milestones import services
from milestones.events import event_record
from milestones.models import EventKind, Milestone
from notifications.models import Follow
from notifications.tests.conftest import CURRENT_TIME, staff
from notifications.views import FEED_PAGE_ROWS

pytestmark = pytest.mark.django_db


@pytest.fixture
def other_milestone(plan_2023):
    """A milestone of project 3, in the big-data department (the outsider's)."""
    return Milestone.objects.filter(project__plan=plan_2023, project__number=3).order_by("order").first()


@pytest.fixture
def colleagues_milestone(plan_2023, colleague):
    """A milestone of the digital-policy department that is neither the officer's nor her team's."""
    return (
        Milestone.objects.filter(project__department__code="digital-policy")
        .exclude(owner__team__code="digital-policy-planning")
        .order_by("pk")
        .first()
    )


def comment(milestone, user, text, minutes=0):
    return services.milestone_comment(
        milestone=milestone, by=user, text=text, now=CURRENT_TIME + datetime.timedelta(minutes=minutes)
    )


def feed(client, user, url="/activity/"):
    client.force_login(user)
    response = client.get(url)
    return response.status_code, response.content.decode()


def test_my_feed_shows_my_work_and_what_i_follow_but_not_the_rest_of_the_department(
    client, milestone, colleagues_milestone, other_milestone, officer, colleague, outsider
):
    comment(milestone, colleague, "내 일정에 대한 의견")
    comment(colleagues_milestone, colleague, "다른 팀 일정 의견")
    comment(other_milestone, outsider, "빅데이터 일정 의견")

    status, text = feed(client, officer)
    assert status == 200
    assert "내 일정에 대한 의견" in text
    assert "다른 팀 일정 의견" not in text and "빅데이터 일정 의견" not in text

    Follow.objects.create(staff=staff(officer), project=colleagues_milestone.project)
    assert "다른 팀 일정 의견" in feed(client, officer)[1]


def test_following_another_departments_project_shows_nothing_of_it(client, other_milestone, officer, outsider):
    Follow.objects.create(staff=staff(officer), project=other_milestone.project)  # e.g. before she moved
    comment(other_milestone, outsider, "빅데이터 일정 의견")

    assert "빅데이터 일정 의견" not in feed(client, officer)[1]


def test_the_project_feed_is_for_those_who_may_see_the_project(client, milestone, officer, outsider, manager):
    comment(milestone, officer, "사업 소식")
    url = f"/activity/projects/{milestone.project_id}/"

    assert "사업 소식" in feed(client, officer, url)[1]
    assert "사업 소식" in feed(client, manager, url)[1]
    assert feed(client, outsider, url)[0] == 404


def test_the_bureau_feed_is_for_managers_and_shows_every_department(
    client, milestone, other_milestone, officer, outsider, manager
):
    comment(milestone, officer, "정책 소식")
    comment(other_milestone, outsider, "빅데이터 소식")

    status, text = feed(client, manager, "/activity/bureau/")
    assert status == 200 and "정책 소식" in text and "빅데이터 소식" in text
    assert feed(client, officer, "/activity/bureau/")[0] == 403


def test_feeds_are_paged_newest_first(client, milestone, officer):
    for i in range(FEED_PAGE_ROWS + 2):
        comment(milestone, officer, f"의견 {i:03d}", minutes=i)

    first = feed(client, officer)[1]
    assert f"의견 {FEED_PAGE_ROWS + 1:03d}" in first and "의견 000" not in first
    assert "의견 000" in feed(client, officer, "/activity/?page=2")[1]


def test_a_feed_reads_a_fixed_number_of_queries_however_many_events(
    client, milestone, officer, team_lead, django_assert_max_num_queries
):
    client.force_login(officer)
    for i in range(3):
        comment(milestone, team_lead, f"의견 {i}", minutes=i)
    with django_assert_max_num_queries(14) as few:
        client.get("/activity/")
    for i in range(3, 30):
        comment(milestone, team_lead, f"의견 {i}", minutes=i)

    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get("/activity/").status_code == 200


def test_feeds_show_who_what_and_the_changes(client, milestone, officer, team_lead):
    with transaction.atomic():
        event_record(
            kind=EventKind.DUE_DATE_CHANGED,
            milestone=milestone,
            actor=team_lead,
            data={"due_date": {"from": "2023-09-24", "to": "2023-10-06"}, "reason": "장소 변경"},
            now=CURRENT_TIME,
        )

    text = feed(client, officer)[1]
    assert "이영미" in text and "장소 변경" in text and "2023-09-24 → 2023-10-06" in text


def test_a_milestone_and_a_project_are_followed_and_unfollowed_from_their_pages(client, milestone, colleague):
    client.force_login(colleague)
    page = client.get(f"/milestones/{milestone.pk}/").content.decode()
    assert f'action="/activity/follow/milestones/{milestone.pk}/"' in page

    client.post(f"/activity/follow/milestones/{milestone.pk}/", {"follow": "1"})
    assert Follow.objects.filter(staff=staff(colleague), milestone=milestone).exists()
    assert 'aria-pressed="true"' in client.get(f"/milestones/{milestone.pk}/").content.decode()
    client.post(f"/activity/follow/milestones/{milestone.pk}/", {"follow": "0"})
    assert not Follow.objects.filter(staff=staff(colleague), milestone=milestone).exists()

    project_page = client.get(f"/projects/{milestone.project_id}/").content.decode()
    assert f'action="/activity/follow/projects/{milestone.project_id}/"' in project_page
    client.post(f"/activity/follow/projects/{milestone.project_id}/", {"follow": "1"})
    assert Follow.objects.filter(staff=staff(colleague), project=milestone.project).exists()


def test_the_owner_hears_without_following_and_an_outsider_cannot_follow(client, milestone, officer, outsider):
    client.force_login(officer)
    assert "담당자로서 소식을 받습니다" in client.get(f"/milestones/{milestone.pk}/").content.decode()

    client.force_login(outsider)
    assert client.post(f"/activity/follow/milestones/{milestone.pk}/", {"follow": "1"}).status_code == 404
    assert client.post(f"/activity/follow/projects/{milestone.project_id}/", {"follow": "1"}).status_code == 404
    assert not Follow.objects.exists()


def test_a_login_without_a_staff_record_gets_no_follow_button(client, milestone, manager):
    client.force_login(manager)
    assert "/activity/follow/" not in client.get(f"/milestones/{milestone.pk}/").content.decode()
