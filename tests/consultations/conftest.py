"""Personas and helpers for the inquiry form and the consultation back office.

`consultation_staff` is in the group 相談員 and may enter the admin. The back office's
personas, each with a confirmed TOTP authenticator (made through allauth's own model, so they
pass the MFA check exactly as an enrolled person does):

- `staff_a`: 相談員 in team A (自立相談支援); `staff_a2`: a colleague in team A
- `staff_b`: 相談員 in team B (生活福祉資金)
- `supervisor_a`: 主任相談員 supervising team A
- `system_admin`: 管理者 (configuration and the admin's break-glass view)
- `staff_without_mfa`: 相談員 in team A who has not enrolled a second factor

The other personas (anonymous, resident, coordinator, administrator) come from tests/conftest.py.
"""

from collections.abc import Callable

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.http import HttpResponse
from django.test import Client

from accounts.models import User
from accounts.roles import CONSULTATION_STAFF, SUPERVISOR, SYSTEM_ADMIN
from consultations.models import Inquiry
from tests.conftest import PASSWORD, client_for

SENDER_IP = "203.0.113.7"

# What a resident might send: every personal detail distinct, so a test can look for each.
PERSONAL = {
    "name": "石神井 よし子",
    "phone": "03-9876-5432",
    "email": "yoshiko.shakujii@example.jp",
    "message": "八十代の母と五十代の兄の暮らしが心配です。近所づきあいもありません。",
}


def inquiry_data(**changes: str | None) -> dict[str, str]:
    """A valid form submission; a change of None leaves that field out."""
    data = {
        **PERSONAL,
        "contact_method": "phone",
        "district": "shakujii",
        "topic": "isolation",
        "consent": "on",
        "homepage": "",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def enrol_totp(user: User) -> None:
    """A confirmed TOTP authenticator, as allauth stores one after the code was checked."""
    from allauth.mfa.totp.internal.auth import TOTP

    TOTP.activate(user, TOTP_SECRET)
    # Enrolling proves the code in this session (accounts.second_factor.record_enrolment):
    # services called directly with this object act as that session would.
    user.second_factor_passed = True


def make_staff(
    email: str,
    name: str,
    *,
    role: str = CONSULTATION_STAFF,
    team: str | None = None,
    supervisor: bool = False,
    mfa: bool = True,
) -> User:
    from consultations.models import Team, TeamMembership

    user = User.objects.create_user(email, PASSWORD, name=name, is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    if team:
        TeamMembership.objects.create(
            user=user, team=Team.objects.get(slug=team), is_supervisor=supervisor
        )
    if mfa:
        enrol_totp(user)
    return user


TEAM_A = "jiritsu"
TEAM_B = "shikin"


@pytest.fixture
def consultation_staff(db: None) -> User:
    return make_staff("soudan@example.jp", "相談 担当")


@pytest.fixture
def staff_a(db: None) -> User:
    return make_staff("staff-a@example.jp", "相談員 A", team=TEAM_A)


@pytest.fixture
def staff_a2(db: None) -> User:
    return make_staff("staff-a2@example.jp", "相談員 A2", team=TEAM_A)


@pytest.fixture
def staff_b(db: None) -> User:
    return make_staff("staff-b@example.jp", "相談員 B", team=TEAM_B)


@pytest.fixture
def supervisor_a(db: None) -> User:
    return make_staff(
        "supervisor-a@example.jp", "主任 A", role=SUPERVISOR, team=TEAM_A, supervisor=True
    )


@pytest.fixture
def system_admin(db: None) -> User:
    return make_staff("sysadmin@example.jp", "管理 者", role=SYSTEM_ADMIN)


@pytest.fixture
def staff_without_mfa(db: None) -> User:
    return make_staff("no-mfa@example.jp", "二段階なし", team=TEAM_A, mfa=False)


@pytest.fixture
def staff_client(consultation_staff: User) -> Client:
    return client_for(consultation_staff)


@pytest.fixture
def submit(
    client: Client, django_capture_on_commit_callbacks: Callable
) -> Callable[..., HttpResponse]:
    """Posts the form as a browser at `ip` would; runs what waits for the commit (the e-mail)."""

    def post(
        data: dict[str, str], *, ip: str = SENDER_IP, using: Client | None = None
    ) -> HttpResponse:
        with django_capture_on_commit_callbacks(execute=True):
            return (using or client).post("/consult/", data, REMOTE_ADDR=ip)

    return post


@pytest.fixture
def an_inquiry(db: None) -> Inquiry:
    from django.utils import timezone

    from networks.models import District

    return Inquiry.objects.create(
        **PERSONAL,
        contact_method=Inquiry.ContactMethod.PHONE,
        district=District.objects.get(slug="shakujii"),
        topic=Inquiry.Topic.ISOLATION,
        consented_at=timezone.now(),
        sender_key="x" * 64,
    )


def mail_texts(message: mail.EmailMessage) -> list[str]:
    """Everything a reader of the message sees: subject, text body and any HTML body."""
    texts = [message.subject, message.body]
    texts += [content for content, _mimetype in getattr(message, "alternatives", [])]
    return texts
