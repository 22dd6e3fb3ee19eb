# ruff: noqa: F811 (the personas are imported fixtures, and fixtures take them by name)
"""Fixtures for the staff workspace's tests.

The personas (staff_a, staff_a2 and staff_b of teams A and B, supervisor_a, system_admin,
staff_without_mfa, each with a TOTP authenticator unless named otherwise) are shared with the
record's own tests in tests/consultations/conftest.py; here they are imported, and each gets a
logged-in client. `a_case` and `a_restricted_case` are team A's.
"""

import pytest
from django.test import Client

from accounts.models import User
from consultations.models import Case, Team
from tests.conftest import client_for
from tests.consultations.conftest import (  # noqa: F401 (fixtures, found by pytest by name)
    TEAM_A,
    TEAM_B,
    an_inquiry,
    enrol_totp,
    staff_a,
    staff_a2,
    staff_b,
    staff_without_mfa,
    supervisor_a,
    system_admin,
)
from tests.consultations.factories import CaseFactory, PersonFactory

MARKER = "ZQX-唯一の目印"


def team(slug: str) -> Team:
    return Team.objects.get(slug=slug)


@pytest.fixture
def staff_a_client(staff_a: User) -> Client:
    return client_for(staff_a)


@pytest.fixture
def staff_a2_client(staff_a2: User) -> Client:
    return client_for(staff_a2)


@pytest.fixture
def staff_b_client(staff_b: User) -> Client:
    return client_for(staff_b)


@pytest.fixture
def supervisor_a_client(supervisor_a: User) -> Client:
    return client_for(supervisor_a)


@pytest.fixture
def staff_without_mfa_client(staff_without_mfa: User) -> Client:
    return client_for(staff_without_mfa)


@pytest.fixture
def a_case(staff_a: User) -> Case:
    """A 通常 case of team A with staff_a as 主担当."""
    return CaseFactory(
        primary_staff=staff_a,
        person=PersonFactory(name="石神井 花子", kana="しゃくじい はなこ"),
        main_concern=f"家賃の相談 {MARKER}",
    )


@pytest.fixture
def a_restricted_case(staff_a: User) -> Case:
    """A 制限 case of team A (DV): its own 主担当, its team's supervisors, nobody else."""
    return CaseFactory(
        primary_staff=staff_a,
        confidentiality=Case.Confidentiality.RESTRICTED,
        person=PersonFactory(name="大泉 秘子", kana="おおいずみ ひめこ"),
        main_concern=f"配偶者からの暴力 {MARKER}",
    )
