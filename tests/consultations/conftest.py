"""Personas and helpers for the inquiry form and its staff side.

`consultation_staff` is in the group 相談員 and may enter the admin; the other personas
(anonymous, resident, coordinator, administrator) come from tests/conftest.py.
"""

from collections.abc import Callable

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.http import HttpResponse
from django.test import Client

from accounts.models import User
from accounts.roles import CONSULTATION_STAFF
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


@pytest.fixture
def consultation_staff(db: None) -> User:
    user = User.objects.create_user("soudan@example.jp", PASSWORD, name="相談 担当", is_staff=True)
    user.groups.add(Group.objects.get(name=CONSULTATION_STAFF))
    return user


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
