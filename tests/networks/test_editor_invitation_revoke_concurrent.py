"""A coordinator revokes an editor invitation at the very moment its invitee sets a password,
on PostgreSQL (each thread with its own connection): the invitation row's lock lets exactly
one through. Either the invitee is the organisation's editor and the revocation is refused,
or the invitation is revoked and no account was made."""

import importlib
import threading
import time
from typing import Any

import pytest
from django.apps import apps as django_apps
from django.db import connection

from accounts import services as account_services
from accounts.models import InvitationUnusableError, User
from accounts.roles import sync_roles
from networks import services
from networks.models import EditorInvitation, MemberEditor
from tests import races
from tests.factories import MemberFactory
from tests.networks.editors import make_coordinator

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="SQLite has one writer at a time anyway"
    ),
]

INVITEE = "henshu@example.jp"
PASSWORD = "hikarigaoka-salon-2026"


@pytest.fixture(autouse=True)
def _reference_data(transactional_db: None) -> None:
    importlib.import_module("networks.migrations.0003_reference_data").create(django_apps, None)
    sync_roles()


def make_invitation(coordinator: User) -> EditorInvitation:
    invitation = EditorInvitation(
        email=INVITEE, name="編集 一郎", member=MemberFactory(), created_by=coordinator
    )
    invitation.new_token()
    invitation.save()
    return invitation


def test_revoking_and_accepting_at_once_do_not_both_succeed() -> None:
    coordinator = make_coordinator()
    invitation = make_invitation(coordinator)
    start = threading.Barrier(2)

    def accept() -> None:
        start.wait()
        services.editor_invitation_accept(
            invitation=EditorInvitation.objects.get(pk=invitation.pk), password=PASSWORD
        )

    def revoke() -> None:
        start.wait()
        services.editor_invitation_revoke(
            invitation=EditorInvitation.objects.get(pk=invitation.pk), by=coordinator
        )

    outcomes = races.outcomes(accept, revoke, refused=InvitationUnusableError)

    assert sorted(outcomes) in (["accept", "refused"], ["refused", "revoke"])
    invitation.refresh_from_db()
    if "accept" in outcomes:
        assert invitation.state == EditorInvitation.State.ACCEPTED
        assert invitation.revoked_at is None
        assert MemberEditor.objects.filter(user__email=INVITEE).exists()
    else:
        assert invitation.state == EditorInvitation.State.REVOKED
        assert not User.objects.filter(email=INVITEE).exists()


def test_a_revocation_while_the_invitee_s_account_is_being_made_waits_and_is_refused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The acceptance has locked the row and is making the account (held there half a
    second): the coordinator's revocation in that moment waits for it, then finds it used."""
    coordinator = make_coordinator()
    invitation = make_invitation(coordinator)
    creating = threading.Event()
    create = account_services.invitation_account_create

    def slow_create(*args: Any, **kwargs: Any) -> User:
        creating.set()
        time.sleep(0.5)
        return create(*args, **kwargs)

    monkeypatch.setattr(services, "invitation_account_create", slow_create)

    def accept() -> None:
        services.editor_invitation_accept(
            invitation=EditorInvitation.objects.get(pk=invitation.pk), password=PASSWORD
        )

    def revoke() -> None:
        assert creating.wait(timeout=10)
        services.editor_invitation_revoke(
            invitation=EditorInvitation.objects.get(pk=invitation.pk), by=coordinator
        )

    outcomes = races.outcomes(accept, revoke, refused=InvitationUnusableError)

    assert sorted(outcomes) == ["accept", "refused"]
    invitation.refresh_from_db()
    assert invitation.state == EditorInvitation.State.ACCEPTED
    assert invitation.revoked_at is None
    assert MemberEditor.objects.filter(user__email=INVITEE).exists()
