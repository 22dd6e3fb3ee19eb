"""The 「取り消す」 and 「送り直す」 buttons of an editor invitation are refused, with nothing
changed and no e-mail: for an invitation no longer pending (used, expired, revoked — a clear
message says which), for anyone but a coordinator who passed the second factor (the
organisation's own editor, another organisation's editor, a resident, nobody signed in), and
for a GET."""

import datetime as dt

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from accounts.models import User
from networks.models import EditorInvitation
from tests.conftest import client_for
from tests.networks.editors import Organisation
from tests.networks.invitations import INVITATIONS, invite

pytestmark = pytest.mark.django_db

BUTTONS = ("revoke", "resend")


def snapshot(invitation: EditorInvitation) -> tuple[object, ...]:
    invitation.refresh_from_db()
    return (
        invitation.token_hash,
        invitation.created_at,
        invitation.expires_at,
        invitation.accepted_at,
        invitation.revoked_at,
    )


@pytest.mark.parametrize("button", BUTTONS)
@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"accepted_at": timezone.now()}, "編集 一郎 さんへの招待は、すでに使われています。"),
        ({"revoked_at": timezone.now()}, "編集 一郎 さんへの招待は、すでに取り消されています。"),
        (
            {"expires_at": timezone.now() - dt.timedelta(minutes=1)},
            "編集 一郎 さんへの招待は、有効期限が切れています。新しく招待してください。",
        ),
    ],
    ids=["accepted", "revoked", "expired"],
)
def test_an_invitation_no_longer_pending_is_left_as_it_is(
    reviewer: User, button: str, change: dict[str, object], message: str
) -> None:
    invitation = invite(reviewer)
    EditorInvitation.objects.filter(pk=invitation.pk).update(**change)
    before = snapshot(invitation)
    mails = len(mail.outbox)

    response = client_for(reviewer).post(f"{INVITATIONS}{invitation.pk}/{button}/", follow=True)

    assert response.redirect_chain == [(INVITATIONS, 302)]
    assert message in response.content.decode()
    assert snapshot(invitation) == before
    assert len(mail.outbox) == mails


@pytest.mark.parametrize("button", BUTTONS)
def test_only_a_coordinator_with_the_second_factor_may_press_them(
    reviewer: User,
    coordinator: User,
    org_a: Organisation,
    org_b: Organisation,
    resident: User,
    button: str,
) -> None:
    invitation = invite(reviewer)
    invitation.member = org_a.member
    invitation.save(update_fields=["member"])
    before = snapshot(invitation)
    mails = len(mail.outbox)
    url = f"{INVITATIONS}{invitation.pk}/{button}/"

    for someone in (org_a.editor, org_b.editor, resident):
        assert client_for(someone).post(url).status_code == 404
    assert Client().post(url)["Location"].startswith("/accounts/login/")
    # A coordinator whose session has not checked the second factor is asked for it first
    assert client_for(coordinator).post(url)["Location"].startswith("/accounts/2fa/")

    assert snapshot(invitation) == before
    assert len(mail.outbox) == mails


@pytest.mark.parametrize("button", BUTTONS)
def test_a_get_does_nothing(reviewer: User, button: str) -> None:
    invitation = invite(reviewer)
    before = snapshot(invitation)

    response = client_for(reviewer).get(f"{INVITATIONS}{invitation.pk}/{button}/")

    assert response.status_code == 405
    assert snapshot(invitation) == before
