"""Settings of the benchmark: the application's own, with e-mail kept in memory and quiet logs.

``BENCH_REDIS_URL`` (set by bench/run.py) queues the reminder e-mails on a real Redis broker as in production;
without it they are sent in the run itself, as on a machine without Redis. ``DJANGO_EMAIL_BACKEND`` and
``DJANGO_EMAIL_PORT`` point the benchmark's workers at its SMTP sink.
"""

from govtrack.settings.base import *  # noqa: F403
from govtrack.settings.base import env

DEBUG = False
EMAIL_BACKEND = env("DJANGO_EMAIL_BACKEND", default="django.core.mail.backends.locmem.EmailBackend")
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
BENCH_REDIS_URL = env("BENCH_REDIS_URL", default="")
CELERY_TASK_ALWAYS_EAGER = not BENCH_REDIS_URL
CELERY_BROKER_URL = BENCH_REDIS_URL or "memory://"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
# One warning per person without an e-mail address would drown the figures.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "ERROR"},
}
# The site's own addresses and the framework's floor (bench.frame).
ROOT_URLCONF = "bench.frame"
