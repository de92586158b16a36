"""Throttling of failed sign-ins: per account and address (django-axes), and per address alone.

django-axes counts failures per (username, address) and, once ``AXES_FAILURE_LIMIT`` is reached, its
backend refuses the pair before any password is hashed. A flood of sign-ins with ever new user names
from one address never reaches that limit, yet each costs a full password hash; this handler also refuses
an address once its failures over all user names reach ``AXES_ADDRESS_FAILURE_LIMIT`` within the cool-off.
A refused attempt is not recorded (``AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False``), so the
cool-off counts from the last failure that was let through and never slides.
"""

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum


def address_failures(request):
    """Failed sign-ins from the request's address, over every user name, within the cool-off."""
    attempts = AccessAttempt.objects.filter(
        ip_address=request.axes_ip_address, attempt_time__gte=get_cool_off_threshold(request)
    )
    return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0


class AddressLimitHandler(AxesDatabaseHandler):
    def is_locked(self, request, credentials=None):
        if super().is_locked(request, credentials):
            return True
        return address_failures(request) >= settings.AXES_ADDRESS_FAILURE_LIMIT
