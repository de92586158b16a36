"""Clients with personal tokens; the frozen clock and the milestones are the milestones tests' own.

Personas (the shared conftest): the officer owns project 1's milestones (team digital-policy-planning); the
colleague is an officer of another team of the same department; the outsider is in another department.
"""

from django.utils import timezone
from rest_framework.test import APIClient

from api.tokens import api_token_create
from milestones.tests.conftest import CURRENT_TIME, TODAY, frozen, milestone, other_milestone  # noqa: F401


def token_client(user, *, read_only=False, days=90):
    """An API client that sends a new personal token of ``user``; the token row is ``client.token``."""
    new = api_token_create(user=user, name="script", days=days, read_only=read_only, now=timezone.now())
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {new.secret}")
    client.token = new.token
    return client
