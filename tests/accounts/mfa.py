"""Helpers for the two-factor tests: codes as an authenticator app computes them, the raw
`mfa_authenticator` table, and a password login through allauth's pages."""

import time

from allauth.account.models import EmailAddress
from allauth.mfa import app_settings
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.db import connection
from django.http import HttpResponse
from django.test import Client

from accounts.models import User
from tests.conftest import PASSWORD


def current_code(secret: str) -> str:
    """The code an authenticator app shows now for `secret` (allauth accepts only the current
    period's code: too close to the period's end, wait for the next one)."""
    period = app_settings.TOTP_PERIOD
    left = period - time.time() % period
    if left < 2:
        time.sleep(left)
    return format_hotp_value(hotp_value(secret, int(time.time()) // period))


def raw_authenticators() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM mfa_authenticator")
        return repr(cursor.fetchall())


def verified(user: User) -> User:
    """The account's address confirmed, as after the sign-up e-mail (the login needs it)."""
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def log_in_with_password(client: Client, user: User) -> HttpResponse:
    return client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
