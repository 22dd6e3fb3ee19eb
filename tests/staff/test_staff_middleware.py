"""Who gets into /staff/ at all: staff with a second factor; others are turned away."""

import pytest
from django.test import Client

from accounts.models import User
from tests.conftest import client_for
from tests.staff.conftest import enrol_totp

pytestmark = pytest.mark.django_db


def test_it_sends_anonymous_visitors_to_the_login_page(client: Client) -> None:
    response = client.get("/staff/cases/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=%2Fstaff%2Fcases%2F"


@pytest.mark.parametrize("persona", ["resident", "coordinator", "administrator", "system_admin"])
def test_it_404s_for_people_without_a_staff_role(
    persona: str, request: pytest.FixtureRequest
) -> None:
    client = client_for(request.getfixturevalue(persona))
    assert client.get("/staff/").status_code == 404
    assert client.get("/staff/cases/").status_code == 404


def test_it_sends_staff_without_a_second_factor_to_the_mfa_page(
    staff_without_mfa_client: Client,
) -> None:
    response = staff_without_mfa_client.get("/staff/cases/", follow=True)
    assert response.redirect_chain[0] == ("/accounts/2fa/", 302)
    assert "2段階認証" in response.content.decode()


def test_it_asks_for_the_code_when_the_authenticator_was_enrolled_outside_this_session(
    staff_without_mfa: User, staff_without_mfa_client: Client
) -> None:
    enrol_totp(staff_without_mfa)  # e.g. in another browser: this session never checked it

    response = staff_without_mfa_client.get("/staff/")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/reauthenticate/?next=%2Fstaff%2F"


def test_it_forbids_caching_every_staff_response(
    client: Client, resident_client: Client, staff_a_client: Client
) -> None:
    for response in (
        client.get("/staff/"),
        resident_client.get("/staff/cases/"),
        staff_a_client.get("/staff/"),
        staff_a_client.get("/staff/cases/2025-999999/"),
    ):
        assert "no-store" in response["Cache-Control"]
