"""Production: PostgreSQL and Redis from the environment, HTTPS only, behind a reverse proxy.

Without ``DATABASE_URL`` (PostgreSQL) or ``REDIS_URL`` the settings refuse to load, so that nothing starts
on a local SQLite file or runs tasks in the web process by mistake.
"""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env


def _required(name):
    value = env(name, default="")
    if not value:
        raise ImproperlyConfigured(f"Production needs {name}: set it in the environment.")
    return value


DATABASES = {"default": env.db_url_config(_required("DATABASE_URL"))}
if "postgresql" not in DATABASES["default"]["ENGINE"]:
    raise ImproperlyConfigured("Production needs DATABASE_URL to name a PostgreSQL database.")
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"].setdefault("OPTIONS", {}).update(POSTGRESQL_OPTIONS)  # noqa: F405
REDIS_URL = _required("REDIS_URL")
CELERY_BROKER_URL = REDIS_URL
CELERY_TASK_ALWAYS_EAGER = False

DEBUG = False
SECRET_KEY = env("DJANGO_SECRET_KEY")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

# Believed only from the addresses in DJANGO_TRUSTED_PROXIES (common/proxy.py removes it otherwise).
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Health probes come from inside the deployment, over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
EMAIL_BACKEND = env("DJANGO_EMAIL_BACKEND", default="django.core.mail.backends.smtp.EmailBackend")

# Keep each worker's database connection between requests (opening one costs 14-21 ms a page on a large
# database); the health check replaces a connection the server closed before it is used.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=300)  # noqa: F405
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True  # noqa: F405
