"""System checks of the API's settings: a malformed value fails at start, not at the first request or POST."""

import ipaddress

from django.conf import settings
from django.core import checks
from rest_framework.throttling import SimpleRateThrottle


@checks.register(checks.Tags.security)
def api_settings_check(app_configs=None, **kwargs):
    errors = []
    for network in settings.WEBHOOK_ALLOWED_NETWORKS:
        try:
            ipaddress.ip_network(network, strict=False)
        except ValueError:
            errors.append(
                checks.Error(
                    f"WEBHOOK_ALLOWED_NETWORKS holds {network!r}, which is not a network.",
                    hint="Write networks as addresses or in CIDR notation, e.g. 10.0.0.0/8.",
                    id="api.E001",
                )
            )
    try:
        SimpleRateThrottle.parse_rate(None, settings.API_THROTTLE_RATE)
    except (ValueError, KeyError, AttributeError):
        errors.append(
            checks.Error(
                f"API_THROTTLE_RATE is {settings.API_THROTTLE_RATE!r}.",
                hint="Write it as a number of requests per second, minute, hour or day, e.g. 1200/hour.",
                id="api.E002",
            )
        )
    return errors
