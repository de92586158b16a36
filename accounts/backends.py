"""Sign-in by Django's model backend; the login of each request read with its role's facts in one query."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from accounts.roles import users_with_role_facts
from accounts.sessions import READ_WITH_SESSION
from common.prepared import PreparedQuery

#: The login of a signed-in request with its role's facts: one statement, built once per process.
_LOGIN = PreparedQuery(lambda pk: users_with_role_facts(get_user_model()._default_manager.filter(pk=pk)), -7_319)


class RoleModelBackend(ModelBackend):
    """Django's ModelBackend, except that the login of a signed-in request comes with its staff record and role
    groups (accounts.roles.users_with_role_facts): the role in the header, the menu and the page's permission
    checks then costs no query beyond the login's own, a statement prepared once per process
    (common.prepared). On a signed-in request the login was read with the session (accounts.sessions)."""

    def get_user(self, user_id):
        user_id = get_user_model()._meta.pk.to_python(user_id)
        login = READ_WITH_SESSION.get()
        if login is not None and login.pk == user_id:  # read with the session (accounts.sessions)
            return login if self.user_can_authenticate(login) else None
        users = _LOGIN.objects(user_id)
        user = users[0] if users else None
        return user if user is not None and self.user_can_authenticate(user) else None
