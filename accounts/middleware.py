"""Session limits: ``SESSION_COOKIE_AGE`` idle seconds and ``SESSION_ABSOLUTE_AGE`` seconds after login.

Activity renews the session (its cookie and its expiry in the store), at most once every
``SESSION_RENEW_SECONDS`` so that a page view does not always write the session: a session
therefore ends between ``SESSION_COOKIE_AGE - SESSION_RENEW_SECONDS`` and ``SESSION_COOKIE_AGE``
seconds after the last request. The absolute limit counts from the login, whatever the activity.
"""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.contrib.auth.views import redirect_to_login
from django.dispatch import receiver
from django.utils.translation import gettext as _

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
