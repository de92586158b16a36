"""The embedded default: SQLite, debug pages, mail to the console."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DJANGO_DEBUG", default=True)

# Static files come from the app folders through WhiteNoise's finders; no collectstatic needed.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
