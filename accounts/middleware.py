"""Session limits: ``SESSION_COOKIE_AGE`` idle seconds and ``SESSION_ABSOLUTE_AGE`` seconds after login.

Activity renews the session (its cookie and its expiry in the store), at most once every
``SESSION_RENEW_SECONDS`` so that a page view does not always write the session: a session
therefore ends between ``SESSION_COOKIE_AGE - SESSION_RENEW_SECONDS`` and ``SESSION_COOKIE_AGE``
seconds after the last request. The absolute limit counts from the login, whatever the activity.
"""

import time

from django.conf import settings
from django.contrib import auth, messages
from django.contrib.auth import logout
from django.contrib.auth.middleware import AuthenticationMiddleware
from django.contrib.auth.signals import user_logged_in
from django.contrib.auth.views import redirect_to_login
from django.dispatch import receiver
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _

from accounts.sessions import READ_WITH_SESSION

LOGIN_TIME_KEY = "govtrack_login_at"
RENEWED_KEY = "govtrack_renewed_at"


@receiver(user_logged_in)
def remember_login_time(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        request.session[LOGIN_TIME_KEY] = request.session[RENEWED_KEY] = time.time()


class SessionLimitsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            session, now = request.session, time.time()
            started = session.setdefault(LOGIN_TIME_KEY, now)
            if now - started > settings.SESSION_ABSOLUTE_AGE:
                logout(request)
                messages.info(request, _("Your session has ended; please sign in again."))
                return redirect_to_login(request.get_full_path())
            if now - session.get(RENEWED_KEY, 0) >= settings.SESSION_RENEW_SECONDS:
                session[RENEWED_KEY] = now  # saving the session moves its expiry on
        return self.get_response(request)


class SessionLoginMiddleware(AuthenticationMiddleware):
    """Django's AuthenticationMiddleware, handing Django's ``get_user`` the login read with the session
    (accounts.sessions): the backend takes it only when it is the login the session's data names, and Django
    checks it as any other. The bell's count read with it is for pages that change nothing (GET and HEAD):
    any other request counts again when it shows the bell."""

    def process_request(self, request):
        super().process_request(request)
        request.user = SimpleLazyObject(lambda: _user_of(request))


def _user_of(request):
    if not hasattr(request, "_cached_user"):
        session = request.session
        session.get(auth.SESSION_KEY)  # reads the session and, with it, its login
        login = getattr(session, "login", None)
        if login is not None and request.method not in ("GET", "HEAD"):
            login.unread_notifications = None
        token = READ_WITH_SESSION.set(login)
        try:
            request._cached_user = auth.get_user(request)
        finally:
            READ_WITH_SESSION.reset(token)
    return request._cached_user
