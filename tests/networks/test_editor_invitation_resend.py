"""A coordinator sends a pending editor invitation again: a new e-mail (queued in the outbox)
carries a new link with a new expiry; the earlier link stops working, also in a browser that
opened it before."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from accounts.models import User
from core.models import OutboxEmail
from networks.models import EditorInvitation, MemberEditor
from tests.conftest import client_for
from tests.networks.invitations import (
    INVITATIONS,
    INVITEE,
    NEW_PASSWORD,
    PASSWORD_PAGE,
    invite,
    links_mailed,
)

pytestmark = pytest.mark.django_db


def resend(reviewer: User, invitation: EditorInvitation):
    return client_for(reviewer).post(f"{INVITATIONS}{invitation.pk}/resend/", follow=True)


def test_sending_again_mails_a_new_link_that_works(reviewer: User) -> None:
    invitation = invite(reviewer)
    EditorInvitation.objects.update(expires_at=timezone.now() + dt.timedelta(minutes=5))

    response = resend(reviewer, invitation)

    assert response.redirect_chain == [(INVITATIONS, 302)]
    assert "編集 一郎 さんに招待のメールを送り直しました。" in response.content.decode()
    assert OutboxEmail.objects.filter(kind="editor_invitation", to=INVITEE).count() == 2
    first, second = links_mailed()
    assert first != second
    invitation.refresh_from_db()
    assert invitation.expires_at > timezone.now() + dt.timedelta(hours=1)
    browser = Client()
    assert browser.get(second)["Location"] == PASSWORD_PAGE
    browser.post(PASSWORD_PAGE, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    editor = User.objects.get(email=INVITEE)
    assert MemberEditor.objects.get(user=editor).member == invitation.member


def test_the_earlier_link_stops_working(reviewer: User) -> None:
    invitation = invite(reviewer)

    resend(reviewer, invitation)

    first, _second = links_mailed()
    page = Client().get(first)
    assert page.status_code == 404  # no invitation has that link any more
    assert "リンクが正しくありません。" in page.content.decode()


def test_a_browser_that_opened_the_earlier_link_cannot_set_a_password(reviewer: User) -> None:
    invitation = invite(reviewer)
    [first] = links_mailed()
    browser = Client()
    assert browser.get(first)["Location"] == PASSWORD_PAGE

    resend(reviewer, invitation)

    response = browser.post(PASSWORD_PAGE, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 404
    assert not User.objects.filter(email=INVITEE).exists()
    invitation.refresh_from_db()
    assert invitation.state == EditorInvitation.State.PENDING
