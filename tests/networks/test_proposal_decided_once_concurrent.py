"""Two coordinators decide the same proposal at the same moment on PostgreSQL (each thread with
its own connection): the proposal row's lock lets exactly one decision through; the other is
told it was decided meanwhile, and the public entry holds the one decision's outcome."""

import importlib
import threading

import pytest
from django.apps import apps as django_apps
from django.db import connection

from accounts.roles import sync_roles
from networks import services
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


def test_a_proposal_is_decided_once() -> None:
    org = make_organisation("A")
    first, second = make_coordinator("one@example.jp"), make_coordinator("two@example.jp")
    proposal = make_proposal(org)
    start = threading.Barrier(2)

    def approve() -> None:
        start.wait()
        services.proposal_approve(proposal=Proposal.objects.get(pk=proposal.pk), by=first)

    def send_back() -> None:
        start.wait()
        services.proposal_send_back(
            proposal=Proposal.objects.get(pk=proposal.pk), by=second, reason="理由"
        )

    outcomes = races.outcomes(approve, send_back, refused=services.ProposalDecidedError)

    assert sorted(outcomes) in (["approve", "refused"], ["refused", "send_back"])
    proposal.refresh_from_db()
    phone = Facility.objects.get(pk=org.facility.pk).phone
    if "approve" in outcomes:
        assert proposal.state == Proposal.State.APPROVED
        assert phone == "03-8888-0000"
    else:
        assert proposal.state == Proposal.State.SENT_BACK
        assert phone == "03-1111-1111"
