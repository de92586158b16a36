"""``/healthz``: 200 while the database and the broker answer, 503 when either does not."""

import socket
from unittest import mock

import pytest
from django.db import OperationalError

pytestmark = pytest.mark.django_db


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_healthy_without_a_broker_when_tasks_run_in_process(client, settings):
    settings.REDIS_URL = ""
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "broker": "in-process"}


@pytest.mark.services
def test_healthy_with_the_machines_redis(client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:6379/5"
    assert client.get("/healthz").json()["broker"] == "ok"


def test_unavailable_when_redis_does_not_answer(client, settings):
    settings.REDIS_URL = f"redis://127.0.0.1:{free_port()}/0"
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["broker"].startswith("error")


def test_unavailable_when_the_database_does_not_answer(client, settings):
    settings.REDIS_URL = ""
    with mock.patch("govtrack.health.connection.cursor", side_effect=OperationalError("gone")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "error: OperationalError"
