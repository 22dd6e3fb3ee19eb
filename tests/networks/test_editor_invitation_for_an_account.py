"""An invited address that already has an account (a resident's): its owner signs in and
accepts, and that account becomes the editor, its password and data as they were. Nobody
else can accept it, signed in or not; another organisation's editor is not invited."""

import re

import pytest
from django.core import mail
from django.test import Client

from accounts.models import User
from accounts.services import user_email_vouch
from networks.models import EditorInvitation, MemberEditor
from tests.conftest import PASSWORD, client_for
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db

LINK = re.compile(r"https?://[^/\s]+(/network/editor/invitation/[^/\s]+/)")
ACCEPT = "/network/editor/invitation/password/"


def invite(reviewer: User, email: str) -> str:
    member = MemberFactory(name="社会福祉法人 ひかり会")
    response = client_for(reviewer).post(
        "/network/review/invitations/", {"member": member.pk, "name": "練馬 花子", "email": email}
    )
    assert response.status_code == 302
    return LINK.search(mail.outbox[-1].body).group(1)


def test_the_owner_signs_in_and_accepts(reviewer: User, resident: User) -> None:
    user_email_vouch(user=resident)  # a resident who confirmed the address long ago
    link = invite(reviewer, resident.email)
    browser = Client()
    assert browser.get(link)["Location"] == ACCEPT

    page = browser.get(ACCEPT).content.decode()
    assert "アカウントはすでにあります" in page
    assert f'href="/accounts/login/?next={ACCEPT}"' in page
    assert browser.post(ACCEPT).status_code == 403  # not signed in: nothing happens
    assert not MemberEditor.objects.exists()

    signed_in = browser.post(
        f"/accounts/login/?next={ACCEPT}", {"login": resident.email, "password": PASSWORD}
    )
    assert signed_in["Location"] == ACCEPT  # back here, the invitation still in the session
    assert "編集担当にします" in browser.get(ACCEPT).content.decode()
    response = browser.post(ACCEPT)

    assert response["Location"] == "/network/editor/"
    assert MemberEditor.objects.get(user=resident).member.name == "社会福祉法人 ひかり会"
    assert EditorInvitation.objects.get().accepted_at is not None
    resident.refresh_from_db()
    assert resident.check_password(PASSWORD)
    assert User.objects.filter(email__iexact=resident.email).count() == 1
    assert browser.get("/network/editor/").status_code == 200
    assert Client().get(link).status_code == 410  # used up


def test_nobody_else_accepts_it(reviewer: User, resident: User) -> None:
    link = invite(reviewer, resident.email)
    neighbour = User.objects.create_user("neighbour@example.jp", PASSWORD, name="石神井 次郎")
    someone_else = client_for(neighbour)
    someone_else.get(link)

    page = someone_else.get(ACCEPT)
    response = someone_else.post(ACCEPT)

    assert "別のアカウントでログインしています" in page.content.decode()
    assert response.status_code == 403
    assert not MemberEditor.objects.exists()
    assert EditorInvitation.objects.get().accepted_at is None


def test_another_organisations_editor_is_not_invited(reviewer: User, resident: User) -> None:
    MemberEditor.objects.create(user=resident, member=MemberFactory())
    response = client_for(reviewer).post(
        "/network/review/invitations/",
        {"member": MemberFactory().pk, "name": "練馬 花子", "email": resident.email.upper()},
    )

    assert response.status_code == 400
    assert not EditorInvitation.objects.exists()
