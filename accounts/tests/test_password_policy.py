"""The password policy holds for every password, whether a person or a command sets it."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from conftest import PERSONA_PASSWORD

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("password", ["aaaaaaaaaaaa", " " * 12, "qwertyuiop12", "123456789012", "ZYXWVUTSRQPO"])
def test_one_repeated_character_or_a_keyboard_run_is_refused(password):
    with translation.override("en"), pytest.raises(ValidationError, match="repeats a character or runs along"):
        validate_password(password)


@pytest.mark.parametrize("password", [PERSONA_PASSWORD, "correct horse battery staple", "Gx7!pQ2#rT9@"])
def test_passwords_with_unpredictable_steps_pass(password):
    validate_password(password)


@pytest.mark.parametrize("password", ["x", "aaaaaaaaaaaa", "qwertyuiop12"])
def test_ensure_admin_refuses_a_password_against_the_policy_and_creates_nobody(settings, password):
    settings.ADMIN_PASSWORD = password
    with pytest.raises(CommandError, match="DJANGO_ADMIN_PASSWORD is refused by the password policy"):
        call_command("ensure_admin", stdout=io.StringIO())
    assert not get_user_model().objects.filter(username="admin").exists()


def test_ensure_admin_does_not_set_a_refused_password_on_an_existing_administrator(settings):
    admin = get_user_model().objects.create_superuser("admin", password=PERSONA_PASSWORD)
    settings.ADMIN_PASSWORD = "123456789012"
    with pytest.raises(CommandError):
        call_command("ensure_admin", stdout=io.StringIO())
    admin.refresh_from_db()
    assert admin.check_password(PERSONA_PASSWORD)


def test_seed_demo_refuses_a_demo_password_against_the_policy_and_creates_no_login(settings, plan_2023):
    settings.DEMO_PASSWORD = "x"
    with pytest.raises(CommandError, match="DJANGO_DEMO_PASSWORD is refused by the password policy"):
        call_command("seed_demo", stdout=io.StringIO())
    assert not get_user_model().objects.filter(username__startswith="demo-").exists()
