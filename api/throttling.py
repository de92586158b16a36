from django.conf import settings
from django.core.cache import caches
from rest_framework.throttling import SimpleRateThrottle

from api.models import ApiToken


class PerTokenThrottle(SimpleRateThrottle):
    """``API_THROTTLE_RATE`` requests per token; a signed-in browser counts per person, anyone else per address."""

    scope = "token"
    cache = caches["api"]

    def get_rate(self):
        return settings.API_THROTTLE_RATE

    def get_cache_key(self, request, view):
        if isinstance(request.auth, ApiToken):
            ident = f"token-{request.auth.pk}"
        elif request.user and request.user.is_authenticated:
            ident = f"user-{request.user.pk}"
        else:
            ident = f"address-{self.get_ident(request)}"
        return self.cache_format % {"scope": self.scope, "ident": ident}
