"""Sessions in the database, read with their login, its role and the bell's count in one statement.

Django's database store reads the session, the authentication backend then reads the login the session names
(with its role), and the bell counts: three statements, each waiting for the last. Here the session row keeps the
id of its login
(``LoginSession.user``, set whenever the session is saved), and a statement built once per process
(common.prepared) reads the session, that login with its role's facts (accounts.roles.with_role_facts) and its
unread notifications (reminders.selectors.unread_count_of). The login is then handed to Django's own
``get_user`` (accounts.middleware), which still checks it against the session's data as always: it is used only
when it is the login the data names, and the role is read afresh on every request.

The expiry is compared in Python, so that the session's key is the statement's only parameter: a session past
its expiry is no session, as in Django's store.
"""

from contextvars import ContextVar

from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends import db
from django.db import router
from django.utils import timezone

from accounts.roles import ROLE_FLAGS, with_role_facts
from common.prepared import PreparedQuery

#: The login read with the session, while Django's ``get_user`` asks the backend for it (accounts.middleware).
READ_WITH_SESSION = ContextVar("login read with the session", default=None)


def _session_with_login(key):
    from accounts.models import LoginSession
    from reminders.selectors import unread_count_of

    sessions = LoginSession.objects.filter(session_key=key)
    return with_role_facts(sessions, login="user").annotate(unread_notifications=unread_count_of("user_id"))


_SESSION = PreparedQuery(_session_with_login, "\x00session key")


class SessionStore(db.SessionStore):
    #: The login the session names, read with it (None before the session is read, or without a login).
    login = None

    @classmethod
    def get_model_class(cls):
        from accounts.models import LoginSession

        return LoginSession

    def create_model_instance(self, data):
        session = super().create_model_instance(data)
        try:
            session.user_id = int(data.get(SESSION_KEY))
        except (TypeError, ValueError):
            session.user_id = None
        return session

    def _get_session_from_db(self):
        self.login = None
        found = _SESSION.objects(self.session_key, using=router.db_for_read(self.model)) if self.session_key else []
        if not found or found[0].expire_date <= timezone.now():
            self._session_key = None
            return None
        session = found[0]
        if session.user_id is not None and session.user is not None:
            login = session.user
            for flag in (*ROLE_FLAGS, "unread_notifications"):
                setattr(login, flag, getattr(session, flag))
            self.login = login
        return session
