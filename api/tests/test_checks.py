"""A malformed API setting fails the system checks at start."""

from django.test import override_settings

from api.checks import api_settings_check


def test_the_settings_as_shipped_pass():
    assert api_settings_check() == []


@override_settings(WEBHOOK_ALLOWED_NETWORKS=["10.0.0.0/8", "intranet"], API_THROTTLE_RATE="10/fortnight")
def test_a_network_that_is_not_one_and_a_rate_without_a_period_are_errors():
    assert [error.id for error in api_settings_check()] == ["api.E001", "api.E002"]
