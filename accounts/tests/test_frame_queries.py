"""The site's frame (session, login, role, header, bell) costs one query on every page: the session is read
with its login, the login's role and the bell's count in one statement (accounts/sessions.py)."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from accounts.backends import RoleModelBackend
from accounts.models import LoginSession
from accounts.roles import Role, actor_for
from milestones.models import Milestone
from reminders.models import Delivery, Kind

pytestmark = pytest.mark.django_db


def request_user(user):
    """The login as the backend reads it without a session."""
    return RoleModelBackend().get_user(user.pk)


def notify(user, count):
    """``count`` unread reminders for ``user``, on milestones of an open plan."""
    staff = user.staff
    milestones = Milestone.objects.filter(project__plan__closed_at__isnull=True).order_by("pk")[:count]
    for milestone in milestones:
        Delivery.objects.create(
            recipient=staff,
            milestone=milestone,
            kind=Kind.LEAD,
            step=1,
            due_date=datetime.date(2023, 9, 20),
            remind_on=datetime.date(2023, 9, 18),
            created_at=timezone.now(),
        )


def bell_count(response):
    html = response.content.decode()
    if 'class="bell-count"' not in html:
        return 0
    return int(html.split('class="bell-count">', 1)[1].split("<", 1)[0])


@pytest.mark.parametrize(
    ("persona", "role"),
    [("team_lead", Role.TEAM_LEAD), ("officer", Role.STAFF), ("manager", Role.MANAGER), ("outsider", Role.STAFF)],
)
def test_the_role_of_a_login_read_without_a_session_comes_with_it_in_one_query(
    persona, role, request, django_assert_num_queries
):
    expected = actor_for(get_user_model().objects.get(pk=request.getfixturevalue(persona).pk))

    with django_assert_num_queries(1):
        actor = actor_for(request_user(request.getfixturevalue(persona)))
        assert (actor.role, actor.department_id, actor.team_id) == (
            expected.role,
            expected.department_id,
            role and expected.team_id,
        )
        assert actor.role == role


def test_a_login_taken_out_of_the_managers_group_is_no_manager_on_its_next_request(client, manager):
    client.force_login(manager)
    page, dashboard = reverse("plansite:glossary"), f'href="{reverse("reviews:dashboard")}"'
    assert dashboard in client.get(page).content.decode()

    manager.groups.remove(Group.objects.get(name="bureau managers"))

    assert dashboard not in client.get(page).content.decode()
    assert client.get(reverse("reviews:dashboard")).status_code == 403
    assert actor_for(request_user(manager)).role is None


def test_a_page_in_the_sites_frame_reads_the_session_the_login_with_its_role_and_the_bell_in_one_query(
    client, team_lead, django_assert_num_queries
):
    notify(team_lead, 2)
    client.force_login(team_lead)

    # One statement: the session, the login with its staff record and role groups, the unread notifications.
    with django_assert_num_queries(1):
        response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert 'class="site-header"' in response.content.decode()
    assert bell_count(response) == 2
    assert str(team_lead.staff.name) in response.content.decode()


def test_a_new_notification_is_in_the_bell_on_the_next_page(client, team_lead):
    client.force_login(team_lead)
    assert bell_count(client.get("/no-such-page/")) == 0

    notify(team_lead, 1)

    assert bell_count(client.get("/no-such-page/")) == 1


def test_the_reminder_list_marks_them_read_and_its_own_bell_shows_it(client, team_lead):
    notify(team_lead, 3)
    client.force_login(team_lead)
    assert bell_count(client.get("/no-such-page/")) == 3

    assert bell_count(client.get("/reminders/")) == 0
    assert bell_count(client.get("/no-such-page/")) == 0


def test_a_request_that_may_change_things_counts_the_bell_again(client, team_lead, django_assert_num_queries):
    notify(team_lead, 1)
    client.force_login(team_lead)
    user = client.get("/no-such-page/").wsgi_request.user
    assert user.unread_notifications == 1

    user = client.post("/no-such-page/").wsgi_request.user
    assert user.unread_notifications is None


def test_a_session_row_keeps_the_id_of_its_login_and_only_the_data_names_the_login(client, team_lead, officer):
    client.force_login(team_lead)
    session = LoginSession.objects.get(session_key=client.session.session_key)
    assert session.user_id == team_lead.pk

    # The row's id is a shortcut only: a row naming another login still signs in the login its data names.
    LoginSession.objects.filter(pk=session.pk).update(user=officer)
    response = client.get("/no-such-page/")
    assert response.wsgi_request.user == team_lead
    assert str(team_lead.staff.name) in response.content.decode()


def test_signing_out_ends_the_session_row(client, team_lead):
    client.force_login(team_lead)
    key = client.session.session_key

    client.post("/accounts/logout/")

    assert not LoginSession.objects.filter(session_key=key).exists()
    assert client.get("/no-such-page/").wsgi_request.user.is_authenticated is False
