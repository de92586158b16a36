"""Production refuses to start half-configured, and believes forwarded headers only from its own proxy."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from django.test import RequestFactory, override_settings

from common.proxy import TrustedProxyMiddleware

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DJANGO_SETTINGS_MODULE": "govtrack.settings.production",
    "DJANGO_SECRET_KEY": "deployment-test-" + "k" * 50,
    "DJANGO_ALLOWED_HOSTS": "govtrack.example",
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/postgres",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
}


def manage(*args, **environment):
    # DJANGO_ALLOW_ASYNC_UNSAFE: set by the browser tests in this process, never in a deployment.
    env = {k: v for k, v in os.environ.items() if k not in PRODUCTION and k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env.update({k: v for k, v in {**PRODUCTION, **environment}.items() if v is not None})
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


@pytest.mark.parametrize(
    "missing, says",
    [
        ({"DATABASE_URL": None}, "Production needs DATABASE_URL"),
        ({"DATABASE_URL": "sqlite:///db.sqlite3"}, "PostgreSQL"),
        ({"REDIS_URL": None}, "Production needs REDIS_URL"),
    ],
)
def test_production_refuses_to_start_without_postgresql_or_redis(missing, says):
    result = manage("check", **missing)
    assert result.returncode != 0
    assert says in result.stderr


def test_production_settings_pass_the_deployment_checks():
    result = manage("check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stderr


def through(middleware, **meta):
    seen = {}

    def view(request):
        seen.update(secure=request.is_secure(), address=request.META["REMOTE_ADDR"])

    middleware(view)(RequestFactory().get("/", **meta))
    return seen


@override_settings(TRUSTED_PROXIES=["172.30.80.10"], SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https"))
def test_forwarded_headers_count_only_from_the_trusted_proxy():
    forwarded = {"HTTP_X_FORWARDED_PROTO": "https", "HTTP_X_FORWARDED_FOR": "10.9.9.9, 203.0.113.7"}
    direct = through(TrustedProxyMiddleware, REMOTE_ADDR="203.0.113.50", **forwarded)
    assert direct == {"secure": False, "address": "203.0.113.50"}, "a client cannot claim HTTPS or an address"
    proxied = through(TrustedProxyMiddleware, REMOTE_ADDR="172.30.80.10", **forwarded)
    assert proxied == {"secure": True, "address": "203.0.113.7"}, "the address the proxy was reached from"


def test_compose_publishes_only_the_proxy_and_trusts_its_address():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = compose["services"]
    assert [name for name, service in services.items() if service.get("ports")] == ["proxy"]
    assert services["proxy"]["image"].startswith("caddy:")
    proxy_address = services["proxy"]["networks"]["edge"]["ipv4_address"]
    assert services["web"]["environment"]["DJANGO_TRUSTED_PROXIES"] == proxy_address
    assert "edge" in services["web"]["networks"]
    assert "reverse_proxy web:8000" in (ROOT / "deploy" / "Caddyfile").read_text()
