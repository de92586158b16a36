from django.conf import settings
from django.contrib.sessions.base_session import AbstractBaseSession
from django.db import models


class LoginSession(AbstractBaseSession):
    """Django's database session with the id of its login beside the data (accounts/sessions.py), so that a
    signed-in request reads its session, its login and the login's role in one statement.

    ``user`` is only a shortcut: the login is still the one the session's data names, with Django's checks
    (accounts.backends). Sessions are not deleted with their login, as Django's are not."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )

    @classmethod
    def get_session_store_class(cls):
        from accounts.sessions import SessionStore

        return SessionStore

    class Meta(AbstractBaseSession.Meta):
        db_table = "accounts_login_session"
