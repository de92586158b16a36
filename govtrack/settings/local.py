"""The embedded default: SQLite, debug pages, mail to the console."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DJANGO_DEBUG", default=True)

# Static files come from the app folders through WhiteNoise's finders; no collectstatic needed.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True

# A webhook receiver on this machine (e.g. ``python -m http.server``) may be tried out locally.
WEBHOOK_ALLOWED_NETWORKS = env.list("WEBHOOK_ALLOWED_NETWORKS", default=["127.0.0.0/8", "::1/128"])
