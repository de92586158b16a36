"""The site's frame (session, login, role, header, bell) costs a fixed few queries on every page."""

import pytest
from django.contrib.auth import get_user_model

from accounts.backends import RoleModelBackend
from accounts.roles import Role, actor_for

pytestmark = pytest.mark.django_db


def request_user(user):
    """The login as a signed-in request reads it."""
    return RoleModelBackend().get_user(user.pk)


@pytest.mark.parametrize(
    ("persona", "role"),
    [("team_lead", Role.TEAM_LEAD), ("officer", Role.STAFF), ("manager", Role.MANAGER), ("outsider", Role.STAFF)],
)
def test_the_role_of_a_signed_in_request_comes_with_its_login_in_one_query(
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


def test_a_login_taken_out_of_the_managers_group_is_no_manager_on_its_next_request(manager):
    from django.contrib.auth.models import Group

    assert actor_for(request_user(manager)).role == Role.MANAGER
    manager.groups.remove(Group.objects.get(name="bureau managers"))

    assert actor_for(request_user(manager)).role is None


def test_a_page_in_the_sites_frame_reads_the_session_the_login_with_its_role_and_the_bell(
    client, team_lead, django_assert_num_queries
):
    client.force_login(team_lead)

    # Session, login with staff record and role groups, unread notifications: nothing per menu item or role check.
    with django_assert_num_queries(3):
        response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert 'class="site-header"' in response.content.decode()
