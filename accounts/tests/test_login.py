"""Signing in and out: the home redirect, throttling of failed logins, session limits and security headers."""

import datetime

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse

from conftest import PERSONA_PASSWORD

pytestmark = pytest.mark.django_db

START = datetime.datetime(2023, 9, 15, 9, 0, tzinfo=datetime.UTC)


def sign_in(client, username, password, address="10.0.0.1"):
    return client.post(reverse("accounts:login"), {"username": username, "password": password}, REMOTE_ADDR=address)


def test_home_sends_visitors_to_login_and_people_to_their_work(client, officer):
    assert client.get("/").url == reverse("accounts:login")
    client.force_login(officer)
    assert client.get("/").url == reverse("my:work")


def test_signing_in_leads_to_my_work(client, officer):
    response = sign_in(client, "officer", PERSONA_PASSWORD)
    assert response.status_code == 302 and response.url == reverse("home")
    assert client.get(reverse("my:work")).status_code == 200


def test_logging_out_needs_a_post_and_ends_the_session(client, officer):
    client.force_login(officer)
    assert client.post(reverse("accounts:logout")).status_code == 302
    assert client.get(reverse("my:work")).status_code == 302


def test_passwords_shorter_than_twelve_characters_are_refused(client, officer):
    client.force_login(officer)
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": PERSONA_PASSWORD, "new_password1": "Short-pw-1", "new_password2": "Short-pw-1"},
    )
    assert response.status_code == 200 and "errorlist" in response.text
    officer.refresh_from_db()
    assert officer.check_password(PERSONA_PASSWORD)


def test_repeated_failures_throttle_that_account_from_that_address_then_cool_off(client, officer):
    with time_machine.travel(START, tick=False) as clock:
        for _ in range(settings.AXES_FAILURE_LIMIT - 1):
            assert sign_in(client, "officer", "wrong-password-123").status_code == 200
        assert sign_in(client, "officer", "wrong-password-123").status_code == 429

        locked = sign_in(client, "officer", PERSONA_PASSWORD)
        assert locked.status_code == 429
        assert 'class="card narrow"' in locked.text and "<form" not in locked.text.split("<main")[1]

        other_address = sign_in(client, "officer", PERSONA_PASSWORD, address="10.0.0.2")
        assert other_address.status_code == 302, "the lock is per account and address, not per account alone"
        client.logout()

        clock.shift(settings.AXES_COOLOFF_TIME + datetime.timedelta(seconds=1))
        assert sign_in(client, "officer", PERSONA_PASSWORD).status_code == 302, "never a permanent lock-out"


def test_a_session_ends_after_thirty_idle_minutes(client, officer):
    with time_machine.travel(START, tick=False) as clock:
        client.force_login(officer)
        clock.shift(datetime.timedelta(minutes=29))
        assert client.get(reverse("my:work")).status_code == 200, "activity renews the session"
        clock.shift(datetime.timedelta(minutes=29))
        assert client.get(reverse("my:work")).status_code == 200
        clock.shift(datetime.timedelta(minutes=31))
        response = client.get(reverse("my:work"))
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))


def test_a_session_ends_twelve_hours_after_login_even_when_active(client, officer):
    assert settings.SESSION_ABSOLUTE_AGE == 12 * 60 * 60
    with time_machine.travel(START, tick=False) as clock:
        client.force_login(officer)
        for _ in range(12 * 60 // 25):
            clock.shift(datetime.timedelta(minutes=25))
            assert client.get(reverse("my:work")).status_code == 200
        clock.shift(datetime.timedelta(minutes=25))
        response = client.get(reverse("my:work"))
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))


@pytest.mark.parametrize("url", ["/accounts/login/", "/admin/login/"])
def test_pages_carry_a_content_security_policy_without_inline_script_and_the_security_headers(client, url):
    response = client.get(url)
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_the_session_cookie_is_http_only_and_same_site(client, officer):
    response = sign_in(client, "officer", PERSONA_PASSWORD)
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    assert cookie["max-age"] == 30 * 60


def test_an_attempt_during_the_cool_off_does_not_restart_it_even_with_the_right_password(client, officer):
    with time_machine.travel(START, tick=False) as clock:
        for _ in range(settings.AXES_FAILURE_LIMIT):
            sign_in(client, "officer", "wrong-password-123")
        for minutes in (5, 10, 14):
            clock.move_to(START + datetime.timedelta(minutes=minutes))
            assert sign_in(client, "officer", PERSONA_PASSWORD).status_code == 429
            assert sign_in(client, "officer", "wrong-password-123").status_code == 429
        clock.move_to(START + settings.AXES_COOLOFF_TIME + datetime.timedelta(seconds=1))
        assert sign_in(client, "officer", PERSONA_PASSWORD).status_code == 302, "15 minutes after the last failure"


class HasherCalls:
    """Counts the password hashes computed (the test settings' hasher), to show a refusal costs none."""

    def __init__(self, monkeypatch):
        from django.contrib.auth.hashers import get_hasher

        self.count, hasher = 0, type(get_hasher())
        for name in ("encode", "verify"):
            original = getattr(hasher, name)
            monkeypatch.setattr(hasher, name, self.counting(original))

    def counting(self, original):
        def wrapper(*args, **kwargs):
            self.count += 1
            return original(*args, **kwargs)

        return wrapper


def test_a_flood_of_user_names_from_one_address_is_refused_before_any_password_is_hashed(client, officer, monkeypatch):
    limit = settings.AXES_ADDRESS_FAILURE_LIMIT
    assert limit > settings.AXES_FAILURE_LIMIT
    hashes = HasherCalls(monkeypatch)
    with time_machine.travel(START, tick=False) as clock:
        for number in range(limit):
            assert sign_in(client, f"nobody-{number}", "wrong-password-123").status_code == 200
        assert hashes.count == limit, "each failure let through costs one hash"
        for number in range(limit, limit + 50):
            assert sign_in(client, f"nobody-{number}", "wrong-password-123").status_code == 429
        assert sign_in(client, "officer", PERSONA_PASSWORD).status_code == 429, "the address waits, whoever it is"
        assert hashes.count == limit, "a refused attempt hashes nothing"

        assert sign_in(client, "officer", PERSONA_PASSWORD, address="10.0.0.2").status_code == 302
        client.logout()
        clock.shift(settings.AXES_COOLOFF_TIME + datetime.timedelta(seconds=1))
        assert sign_in(client, "officer", PERSONA_PASSWORD).status_code == 302, "the address cools off too"
