"""Repeated failed logins to a staff account are throttled (ACCOUNT_RATE_LIMITS)."""

import pytest
from allauth.account.models import EmailAddress
from django.core.cache import cache
from django.test import Client

from tests.conftest import PASSWORD


@pytest.fixture(autouse=True)
def _fresh_counts() -> None:
    cache.clear()  # allauth counts attempts in the cache


def login(client: Client, email: str, password: str, ip: str = "192.0.2.10"):
    return client.post("/accounts/login/", {"login": email, "password": password}, REMOTE_ADDR=ip)


@pytest.mark.django_db
def test_the_sixth_attempt_after_five_failures_is_refused_even_with_the_password(
    client: Client, staff_a
) -> None:
    EmailAddress.objects.create(user=staff_a, email=staff_a.email, verified=True, primary=True)
    for attempt in range(5):
        response = login(client, staff_a.email, f"wrong-{attempt}", ip=f"192.0.2.{attempt}")
        assert response.status_code == 200

    response = login(client, staff_a.email, PASSWORD, ip="192.0.2.99")

    # Refused on the login form (without throttling it would go on to the second factor).
    assert response.status_code in (200, 429)
    assert "Location" not in response
    assert "ログイン" in response.content.decode()


@pytest.mark.django_db
def test_a_few_failures_do_not_lock_the_account(client: Client, staff_a) -> None:
    EmailAddress.objects.create(user=staff_a, email=staff_a.email, verified=True, primary=True)
    for attempt in range(2):
        login(client, staff_a.email, f"wrong-{attempt}")

    response = login(client, staff_a.email, PASSWORD)

    # The password is right: on to the second factor (allauth's MFA stage), not refused.
    assert response.status_code == 302
    assert "/2fa/" in response["Location"]
