"""Personal tokens: made on the settings page and shown once, kept hashed, expiring, revocable, read-only,
throttled; the browsable API with a session needs the CSRF token."""

import datetime

import pytest
from django.core.cache import caches
from django.test import override_settings
from rest_framework.test import APIClient

from api.models import ApiToken
from api.tests.conftest import CURRENT_TIME, token_client
from milestones.models import Milestone

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_throttle():
    caches["api"].clear()
    yield
    caches["api"].clear()


def test_a_token_is_made_on_the_settings_page_and_shown_once(client, officer, milestone):
    client.force_login(officer)

    made = client.post("/settings/api-tokens/", {"name": "nightly", "days": 90, "read_only": ""})
    listed = client.get("/settings/api-tokens/")

    token = ApiToken.objects.get(user=officer)
    secret = made.context["new"].secret
    assert made.status_code == 201 and secret in made.content.decode()
    assert secret not in listed.content.decode() and f"gt_{token.prefix}_" in listed.content.decode()
    assert token.secret_hash != secret and secret not in token.secret_hash  # only the hash is kept
    assert token.name == "nightly" and not token.read_only
    assert (token.expires_at - token.created_at) == datetime.timedelta(days=90)
    assert made["Cache-Control"].startswith("max-age=0")

    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert api.get(f"/api/v1/milestones/{milestone.pk}/").status_code == 200


def test_the_header_links_to_the_tokens_page(client, officer):
    client.force_login(officer)

    assert 'href="/settings/api-tokens/"' in client.get("/my/").content.decode()


def test_a_token_without_a_name_or_with_an_unoffered_lifetime_is_refused(client, officer):
    client.force_login(officer)

    response = client.post("/settings/api-tokens/", {"name": " ", "days": 5000})

    assert response.status_code == 400 and not ApiToken.objects.exists()


def test_a_revoked_token_stops_at_once_and_only_its_owner_revokes_it(client, officer, colleague, milestone):
    api = token_client(officer)
    client.force_login(colleague)
    client.post(f"/settings/api-tokens/{api.token.pk}/revoke/")
    assert api.get(f"/api/v1/milestones/{milestone.pk}/").status_code == 200

    client.force_login(officer)
    client.post(f"/settings/api-tokens/{api.token.pk}/revoke/")

    response = api.get(f"/api/v1/milestones/{milestone.pk}/")
    assert response.status_code == 401 and response["WWW-Authenticate"] == "Bearer"
    assert ApiToken.objects.get().revoked_at is not None


def test_an_expired_token_is_refused(officer, milestone, time_machine):
    time_machine.move_to(CURRENT_TIME, tick=False)
    api = token_client(officer, days=30)
    assert api.get("/api/v1/plans/").status_code == 200

    time_machine.move_to(CURRENT_TIME + datetime.timedelta(days=30, seconds=1), tick=False)

    assert api.get("/api/v1/plans/").status_code == 401


@pytest.mark.parametrize("raw", ["gt_nothing", "gt_abc_def", "Basic abc", ""])
def test_unknown_tokens_are_refused(raw, plan_2023):
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}" if raw and not raw.startswith("Basic") else raw)

    assert api.get("/api/v1/plans/").status_code == 401


def test_a_read_only_token_reads_but_changes_nothing(officer, milestone):
    api = token_client(officer, read_only=True)

    read = api.get(f"/api/v1/milestones/{milestone.pk}/")
    write = api.post(
        f"/api/v1/milestones/{milestone.pk}/progress/", {"percent_complete": 5}, format="json", HTTP_IF_MATCH='"1"'
    )
    comment = api.post(f"/api/v1/milestones/{milestone.pk}/comments/", {"text": "x"}, format="json")

    assert read.status_code == 200 and write.status_code == comment.status_code == 403
    assert write.json() == {"detail": "이 토큰은 읽기 전용입니다."}
    assert Milestone.objects.get(pk=milestone.pk).version == 1 and not milestone.comments.exists()


def test_the_last_use_is_recorded(officer, time_machine):
    time_machine.move_to(CURRENT_TIME, tick=False)
    api = token_client(officer)
    assert ApiToken.objects.get().last_used_at is None

    api.get("/api/v1/plans/")

    assert ApiToken.objects.get().last_used_at == CURRENT_TIME


def test_a_login_without_a_role_gets_nothing(plan_2023):
    from conftest import make_persona

    api = token_client(make_persona("no-role"))

    assert api.get("/api/v1/plans/").status_code == 403


@override_settings(API_THROTTLE_RATE="3/minute")
def test_requests_are_throttled_per_token(officer):
    busy, other = token_client(officer), token_client(officer)

    answers = [busy.get("/api/v1/plans/").status_code for _ in range(4)]

    assert answers == [200, 200, 200, 429]
    assert other.get("/api/v1/plans/").status_code == 200


def test_a_session_writes_only_with_the_csrf_token(officer, milestone, frozen):
    browser = APIClient(enforce_csrf_checks=True)
    browser.force_login(officer)
    url = f"/api/v1/milestones/{milestone.pk}/progress/"

    page = browser.get(url.replace("progress/", ""), HTTP_ACCEPT="text/html")
    refused = browser.post(url, {"percent_complete": 5}, format="json", HTTP_IF_MATCH='"1"')
    csrf = browser.cookies["csrftoken"].value
    accepted = browser.post(url, {"percent_complete": 5}, format="json", HTTP_IF_MATCH='"1"', HTTP_X_CSRFTOKEN=csrf)

    assert page.status_code == 200 and b"<html" in page.content  # the browsable API
    assert refused.status_code == 403 and "CSRF" in refused.json()["detail"]
    assert accepted.status_code == 200 and accepted.json()["percent_complete"] == 5
