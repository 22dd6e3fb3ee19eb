"""Logging in through allauth's pages with a TOTP secret stored encrypted (and with one still
in plain text, as before accounts.0002 ran: nobody is locked out mid-deploy)."""

import pytest
from allauth.mfa.models import Authenticator
from django.core.exceptions import ImproperlyConfigured
from django.test import Client, override_settings

from tests.accounts.mfa import current_code, log_in_with_password, raw_authenticators, verified
from tests.consultations.conftest import TOTP_SECRET, make_staff

CODE_FORM = "/accounts/2fa/authenticate/"


@pytest.fixture
def staff(db: None):
    user = verified(make_staff("totp@example.jp", "二段階 あり"))
    assert TOTP_SECRET not in raw_authenticators()
    return user


def logged_in_user_id(client: Client) -> str | None:
    return client.session.get("_auth_user_id")


@pytest.mark.django_db
def test_a_valid_code_logs_in(client: Client, staff) -> None:
    response = log_in_with_password(client, staff)
    assert response["Location"] == CODE_FORM
    assert logged_in_user_id(client) is None

    response = client.post(CODE_FORM, {"code": current_code(TOTP_SECRET)})

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert logged_in_user_id(client) == str(staff.pk)


@pytest.mark.django_db
def test_a_wrong_code_does_not(client: Client, staff) -> None:
    log_in_with_password(client, staff)
    wrong = f"{(int(current_code(TOTP_SECRET)) + 1) % 1_000_000:06d}"

    response = client.post(CODE_FORM, {"code": wrong})

    assert response.status_code == 200
    assert logged_in_user_id(client) is None


@pytest.mark.django_db
def test_a_secret_still_in_plain_text_logs_in_too(client: Client, staff) -> None:
    # Written around the adapter, as allauth stored it before MFA_ADAPTER was set.
    Authenticator.objects.filter(user=staff, type=Authenticator.Type.TOTP).update(
        data={"secret": TOTP_SECRET}
    )
    log_in_with_password(client, staff)

    client.post(CODE_FORM, {"code": current_code(TOTP_SECRET)})

    assert logged_in_user_id(client) == str(staff.pk)


@pytest.mark.django_db
def test_a_secret_the_keys_cannot_decrypt_fails_loudly(client: Client, staff) -> None:
    log_in_with_password(client, staff)

    with (
        override_settings(CASE_DATA_KEYS=["ijdVt5vcuFwxZaNkvDoHPJr1eOOAU7qCRE1sYZJ1HdY="]),
        pytest.raises(ImproperlyConfigured, match="cannot be decrypted"),
    ):
        client.post(CODE_FORM, {"code": current_code(TOTP_SECRET)})
    assert logged_in_user_id(client) is None
