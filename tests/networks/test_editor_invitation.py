"""A coordinator invites an editor for a member organisation: the e-mail's link works once,
the password makes the account (signed in, no second factor asked), and the editor lands on
the organisation's page."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from accounts.models import User
from networks.models import EditorInvitation, MemberEditor
from tests.conftest import client_for
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db

LINK = re.compile(r"https?://[^/\s]+(/network/editor/invitation/[^/\s]+/)")
NEW_PASSWORD = "hikarigaoka-salon-2026"


def invite(reviewer: User, email: str = "henshu@example.jp") -> str:
    member = MemberFactory(name="社会福祉法人 ひかり会")
    client = client_for(reviewer)
    response = client.post(
        "/network/review/invitations/",
        {"member": member.pk, "name": "編集 一郎", "email": email},
    )
    assert response.status_code == 302
    message = [m for m in mail.outbox if email in m.to][-1]
    return LINK.search(message.body).group(1)


def test_the_invited_editor_sets_a_password_and_edits_their_organisation(
    reviewer: User,
) -> None:
    link = invite(reviewer)
    browser = Client()

    assert browser.get(link)["Location"] == "/network/editor/invitation/password/"
    page = browser.get("/network/editor/invitation/password/")
    assert "社会福祉法人 ひかり会" in page.content.decode()
    response = browser.post(
        "/network/editor/invitation/password/",
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )

    assert response["Location"] == "/network/editor/"
    user = User.objects.get(email="henshu@example.jp")
    assert user.check_password(NEW_PASSWORD)
    assert not user.is_staff
    assert MemberEditor.objects.get(user=user).member.name == "社会福祉法人 ひかり会"
    assert EditorInvitation.objects.get().accepted_at is not None
    assert browser.get("/network/editor/").status_code == 200


def test_the_link_works_once(reviewer: User) -> None:
    link = invite(reviewer)
    browser = Client()
    browser.get(link)
    browser.post(
        "/network/editor/invitation/password/",
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    again = Client().get(link)
    assert again.status_code == 410
    assert "すでに使われています" in again.content.decode()


def test_an_expired_or_forged_link_is_refused(reviewer: User) -> None:
    link = invite(reviewer)
    EditorInvitation.objects.update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    assert Client().get(link).status_code == 410
    assert Client().get("/network/editor/invitation/forged.token/").status_code == 404
    assert Client().get("/network/editor/invitation/password/").status_code == 404


def test_a_weak_password_is_explained_and_no_account_is_made(reviewer: User) -> None:
    browser = Client()
    browser.get(invite(reviewer))
    response = browser.post(
        "/network/editor/invitation/password/", {"password1": "1234", "password2": "1234"}
    )
    assert response.status_code == 200
    assert "error-summary" in response.content.decode()
    assert not User.objects.filter(email="henshu@example.jp").exists()


def test_an_address_with_a_pending_invitation_or_a_council_account_is_not_invited(
    reviewer: User, coordinator: User
) -> None:
    invite(reviewer)
    client = client_for(reviewer)
    member = MemberFactory()
    for email in ("henshu@example.jp", coordinator.email):
        response = client.post(
            "/network/review/invitations/", {"member": member.pk, "name": "二重", "email": email}
        )
        assert response.status_code == 400
    assert EditorInvitation.objects.count() == 1
    assert "協議会の職員か、ほかの会員の編集担当です" in response.content.decode()


def test_only_coordinators_invite(resident: User) -> None:
    member = MemberFactory()
    response = client_for(resident).post(
        "/network/review/invitations/", {"member": member.pk, "name": "x", "email": "x@example.jp"}
    )
    assert response.status_code == 404
    assert not EditorInvitation.objects.exists()
