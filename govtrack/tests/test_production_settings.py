"""The production settings, loaded as the web server loads them (a process of its own, its environment)."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent

PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "govtrack.settings.production",
    "DJANGO_SECRET_KEY": "test-only",
    "DJANGO_ALLOWED_HOSTS": "localhost",
    "DATABASE_URL": "postgres://govtrack@127.0.0.1:5432/govtrack",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
}


def production_database(**env):
    script = (
        "import django, json; from django.conf import settings; django.setup(); "
        "db = settings.DATABASES['default']; "
        "print(json.dumps({'age': db['CONN_MAX_AGE'], 'checks': db['CONN_HEALTH_CHECKS']}))"
    )
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_", "REDIS_"))}
    out = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env={**clean, **PRODUCTION_ENV, **env},
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_production_keeps_database_connections_between_requests_and_checks_them_before_use():
    assert production_database() == {"age": 300, "checks": True}


def test_production_connection_age_can_be_set_from_the_environment():
    assert production_database(DJANGO_CONN_MAX_AGE="0")["age"] == 0
