"""Test settings: a fast hasher and a local mailbox."""

from .base import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Static files come from the app folders through WhiteNoise's finders; no collectstatic needed.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True

# The webhook tests run their receiver on 127.0.0.1.
WEBHOOK_ALLOWED_NETWORKS = ["127.0.0.1/32"]
# Request counts stay in the test process, whatever REDIS_URL says.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "api": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "api"},
}
