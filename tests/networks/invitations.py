"""Helpers for the tests of editor invitations: a coordinator's invitation through the review
page, and the link in the e-mail it sent."""

import re

from django.core import mail

from accounts.models import User
from networks.models import EditorInvitation
from tests.conftest import client_for
from tests.factories import MemberFactory

INVITATIONS = "/network/review/invitations/"
LINK = re.compile(r"https?://[^/\s]+(/network/editor/invitation/[^/\s]+/)")
PASSWORD_PAGE = "/network/editor/invitation/password/"
NEW_PASSWORD = "hikarigaoka-salon-2026"
INVITEE = "henshu@example.jp"


def invite(reviewer: User, email: str = INVITEE) -> EditorInvitation:
    """The coordinator invites 編集 一郎 at `email` to edit 社会福祉法人 ひかり会."""
    member = MemberFactory(name="社会福祉法人 ひかり会")
    response = client_for(reviewer).post(
        INVITATIONS, {"member": member.pk, "name": "編集 一郎", "email": email}
    )
    assert response.status_code == 302
    return EditorInvitation.objects.get(email=email, accepted_at=None, revoked_at=None)


def links_mailed(to: str = INVITEE) -> list[str]:
    """The paths of the invitation links e-mailed to `to`, oldest first."""
    return [LINK.search(m.body).group(1) for m in mail.outbox if to in m.to]  # type: ignore[union-attr]
