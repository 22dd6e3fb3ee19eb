"""A coordinator approves a proposal at the very moment its editor withdraws it, on PostgreSQL
(each thread with its own connection): the proposal row's lock lets exactly one through; the
other is told the proposal no longer waits, and the public entry holds the one outcome."""

import importlib
import threading

import pytest
from django.apps import apps as django_apps
from django.db import connection, connections

from accounts.roles import sync_roles
from networks import editing, services
from networks.models import Facility, Proposal
from tests.networks.editors import make_coordinator, make_organisation

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
    proposal = Proposal.objects.create(
        member=org.member,
        kind=Proposal.Kind.FACILITY,
        target_id=org.facility.pk,
        before=editing.snapshot(org.facility, "facility"),
        after={**editing.snapshot(org.facility, "facility"), "phone": "03-8888-0000"},
        created_by=org.editor,
    )
    start = threading.Barrier(2)
    outcomes: list[str] = []

    def act(action: str) -> None:
        try:
            start.wait()
            fresh = Proposal.objects.get(pk=proposal.pk)
            if action == "approve":
                services.proposal_approve(proposal=fresh, by=coordinator)
            else:
                services.proposal_withdraw(proposal=fresh, by=org.editor)
            outcomes.append(action)
        except services.ProposalDecidedError:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=act, args=(a,)) for a in ("approve", "withdraw")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

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
