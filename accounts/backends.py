"""Sign-in by Django's model backend; the login of each request read with its role's facts in one query."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from accounts.roles import users_with_role_facts
from common.prepared import PreparedQuery

#: The login of a signed-in request with its role's facts: one statement, built once per process.
_LOGIN = PreparedQuery(lambda pk: users_with_role_facts(get_user_model()._default_manager.filter(pk=pk)), -7_319)


class RoleModelBackend(ModelBackend):
    """Django's ModelBackend, except that the login of a signed-in request comes with its staff record and role
    groups (accounts.roles.users_with_role_facts): the role in the header, the menu and the page's permission
    checks then costs no query beyond the login's own, a statement prepared once per process
    (common.prepared)."""

    def get_user(self, user_id):
        users = _LOGIN.objects(get_user_model()._meta.pk.to_python(user_id))
        user = users[0] if users else None
        return user if user is not None and self.user_can_authenticate(user) else None
