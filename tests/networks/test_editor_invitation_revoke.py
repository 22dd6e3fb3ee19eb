"""A coordinator revokes a pending editor invitation (a mistyped address, say): its link then
says it cannot be used, nobody can become the organisation's editor through it — not even a
browser that opened the link before — and the address may be invited again."""

import pytest
from django.test import Client

from accounts.models import User
from networks.models import EditorInvitation, MemberEditor
from tests.conftest import client_for
from tests.networks.invitations import (
    INVITATIONS,
    NEW_PASSWORD,
    PASSWORD_PAGE,
    invite,
    links_mailed,
)

pytestmark = pytest.mark.django_db


def revoke(reviewer: User, invitation: EditorInvitation):
    return client_for(reviewer).post(f"{INVITATIONS}{invitation.pk}/revoke/", follow=True)


def test_a_revoked_invitation_s_link_cannot_be_used(reviewer: User) -> None:
    invitation = invite(reviewer)
    [link] = links_mailed()

    response = revoke(reviewer, invitation)

    assert response.redirect_chain == [(INVITATIONS, 302)]
    assert "編集 一郎 さんへの招待を取り消しました。" in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.state == EditorInvitation.State.REVOKED
    page = Client().get(link)
    assert page.status_code == 410
    assert "この招待は取り消されました。" in page.content.decode()


def test_a_browser_that_opened_the_link_before_cannot_set_a_password(reviewer: User) -> None:
    invitation = invite(reviewer)
    [link] = links_mailed()
    browser = Client()
    assert browser.get(link)["Location"] == PASSWORD_PAGE

    revoke(reviewer, invitation)

    response = browser.post(PASSWORD_PAGE, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 410
    assert not User.objects.filter(email=invitation.email).exists()
    assert not MemberEditor.objects.exists()


def test_the_address_may_be_invited_again_once_revoked(reviewer: User) -> None:
    revoke(reviewer, invite(reviewer))

    invite(reviewer)

    assert EditorInvitation.objects.count() == 2
    assert len(links_mailed()) == 2


def test_a_pending_invitation_has_buttons_named_for_the_invitee(reviewer: User) -> None:
    invitation = invite(reviewer)
    page = client_for(reviewer).get(INVITATIONS).content.decode()
    assert f'action="{INVITATIONS}{invitation.pk}/revoke/"' in page
    assert f'action="{INVITATIONS}{invitation.pk}/resend/"' in page
    hidden = '<span class="visually-hidden"><span lang="ja">編集 一郎</span>さんへの招待を</span>'
    assert f"{hidden}取り消す</button>" in page
    assert f"{hidden}送り直す</button>" in page

    revoke(reviewer, invitation)

    page = client_for(reviewer).get(INVITATIONS).content.decode()
    assert "/revoke/" not in page
    assert "/resend/" not in page
