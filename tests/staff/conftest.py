"""Fixtures for the staff workspace's tests.

Personas (staff of team A and B, a supervisor of A, a coordinator, an administrator…) come
from tests/consultations/conftest.py where they are shared with the record's own tests; what
is here is what only the workspace needs: logged-in clients, and a TOTP code at hand.
"""

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth.models import Group
from django.test import Client

from accounts.models import User
from accounts.roles import CONSULTATION_STAFF
from tests.conftest import PASSWORD, client_for


def enrol_totp(user: User) -> str:
    """Give the user a confirmed TOTP authenticator, as the MFA page does; returns the secret."""
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


@pytest.fixture
def staff_without_mfa(db: None) -> User:
    user = User.objects.create_user("no-mfa@example.jp", PASSWORD, name="未設定", is_staff=True)
    user.groups.add(Group.objects.get(name=CONSULTATION_STAFF))
    return user


@pytest.fixture
def staff_without_mfa_client(staff_without_mfa: User) -> Client:
    return client_for(staff_without_mfa)
