"""A coordinator approves a proposal at the very moment its editor withdraws it, on PostgreSQL
(each thread with its own connection): the proposal row's lock lets exactly one through; the
other is told the proposal no longer waits, and the public entry holds the one outcome."""

import importlib
import threading
import time
from typing import Any

import pytest
from django.apps import apps as django_apps
from django.db import connection

from accounts.roles import sync_roles
from networks import editing, services
from networks.models import Facility, Proposal
from tests import races
from tests.networks.editors import make_coordinator, make_organisation, make_proposal

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="SQLite has one writer at a time anyway"
    ),
]


@pytest.fixture(autouse=True)
def _reference_data(transactional_db: None) -> None:
    importlib.import_module("networks.migrations.0003_reference_data").create(django_apps, None)
    sync_roles()


def test_approving_and_withdrawing_at_once_do_not_both_succeed() -> None:
    org = make_organisation("A")
    coordinator = make_coordinator("one@example.jp")
    proposal = make_proposal(org)
    start = threading.Barrier(2)

    def approve() -> None:
        start.wait()
        services.proposal_approve(proposal=Proposal.objects.get(pk=proposal.pk), by=coordinator)

    def withdraw() -> None:
        start.wait()
        services.proposal_withdraw(proposal=Proposal.objects.get(pk=proposal.pk), by=org.editor)

    outcomes = races.outcomes(approve, withdraw, refused=services.ProposalDecidedError)

    assert sorted(outcomes) in (["approve", "refused"], ["refused", "withdraw"])
    proposal.refresh_from_db()
    phone = Facility.objects.get(pk=org.facility.pk).phone
    if "approve" in outcomes:
        assert proposal.state == Proposal.State.APPROVED
        assert proposal.decided_by == coordinator
        assert phone == "03-8888-0000"
    else:
        assert proposal.state == Proposal.State.WITHDRAWN
        assert proposal.decided_by == org.editor
        assert phone == "03-1111-1111"


def test_a_withdrawal_while_an_approval_holds_the_proposal_waits_and_is_refused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The approval has locked the row and is applying the change (held there half a second):
    the editor's withdrawal in that moment waits for it, then finds it approved."""
    org = make_organisation("A")
    coordinator = make_coordinator("one@example.jp")
    proposal = make_proposal(org)
    applying = threading.Event()
    apply = editing.apply

    def slow_apply(*args: Any, **kwargs: Any) -> None:
        applying.set()
        time.sleep(0.5)
        apply(*args, **kwargs)

    monkeypatch.setattr(editing, "apply", slow_apply)

    def approve() -> None:
        services.proposal_approve(proposal=Proposal.objects.get(pk=proposal.pk), by=coordinator)

    def withdraw() -> None:
        assert applying.wait(timeout=10)
        services.proposal_withdraw(proposal=Proposal.objects.get(pk=proposal.pk), by=org.editor)

    outcomes = races.outcomes(approve, withdraw, refused=services.ProposalDecidedError)

    assert sorted(outcomes) == ["approve", "refused"]
    proposal.refresh_from_db()
    assert proposal.state == Proposal.State.APPROVED
    assert proposal.decided_by == coordinator
    assert Facility.objects.get(pk=org.facility.pk).phone == "03-8888-0000"
