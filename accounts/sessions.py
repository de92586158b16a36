"""Sessions in the database as Django keeps them, read by a statement prepared once per process.

Every signed-in request reads its session; Django's store builds the same query anew each time. Here it is
built once (common.prepared) and the expiry is compared in Python, so that the session's key is its only
parameter: a session past its expiry is no session, as in Django's store.
"""

from django.contrib.sessions.backends import db
from django.contrib.sessions.models import Session
from django.db import router
from django.utils import timezone

from common.prepared import PreparedQuery

_SESSION = PreparedQuery(
    lambda key: Session.objects.filter(session_key=key).values_list("session_data", "expire_date"),
    "\x00session key",
)


class SessionStore(db.SessionStore):
    def _get_session_from_db(self):
        found = _SESSION.values(self.session_key, using=router.db_for_read(self.model)) if self.session_key else []
        if found and found[0][1] > timezone.now():
            data, expires = found[0]
            return self.model(session_key=self.session_key, session_data=data, expire_date=expires)
        self._session_key = None
        return None
