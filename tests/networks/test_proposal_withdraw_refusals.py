"""Withdrawing is refused when the proposal no longer waits (approved, sent back, withdrawn
already: a message, nothing changes), for anyone but an editor of the proposal's organisation
(404, as every editor page), and for a GET (405: the button posts)."""

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client

from accounts.models import User
from networks import services
from networks.models import Proposal
from tests.conftest import client_for
from tests.networks.editors import Organisation

pytestmark = pytest.mark.django_db


def withdraw_url(proposal: Proposal) -> str:
    return f"/network/editor/proposals/{proposal.pk}/withdraw/"


def assert_still_pending(proposal: Proposal) -> None:
    proposal.refresh_from_db()
    assert proposal.state == Proposal.State.PENDING
    assert proposal.decided_by is None
    assert proposal.decided_at is None


def approve(org: Organisation, reviewer: User) -> None:
    services.proposal_approve(proposal=org.proposal, by=reviewer)


def send_back(org: Organisation, reviewer: User) -> None:
    services.proposal_send_back(proposal=org.proposal, by=reviewer, reason="書き方をそろえて")


def withdraw(org: Organisation, reviewer: User) -> None:
    services.proposal_withdraw(proposal=org.proposal, by=org.editor)


@pytest.mark.parametrize(
    ("close", "state", "message"),
    [
        (
            approve,
            Proposal.State.APPROVED,
            "この提案は、すでにコーディネーターが承認したため、取り下げられません。",
        ),
        (
            send_back,
            Proposal.State.SENT_BACK,
            "この提案は、すでにコーディネーターが差し戻したため、取り下げられません。",
        ),
        (withdraw, Proposal.State.WITHDRAWN, "この提案は、すでに取り下げられています。"),
    ],
)
def test_a_proposal_that_no_longer_waits_is_not_withdrawn(
    org_a: Organisation, reviewer: User, close: object, state: str, message: str
) -> None:
    close(org_a, reviewer)  # type: ignore[operator]
    org_a.proposal.refresh_from_db()
    decided = (org_a.proposal.decided_by, org_a.proposal.decided_at)
    client = client_for(org_a.editor)
    page = f"/network/editor/proposals/{org_a.proposal.pk}/"
    assert withdraw_url(org_a.proposal) not in client.get(page).content.decode()

    response = client.post(withdraw_url(org_a.proposal), follow=True)

    assert response.redirect_chain == [(page, 302)]
    assert message in response.content.decode()
    org_a.proposal.refresh_from_db()
    assert org_a.proposal.state == state
    assert (org_a.proposal.decided_by, org_a.proposal.decided_at) == decided


def test_an_editor_of_another_organisation_gets_a_404(
    org_a: Organisation, org_b: Organisation
) -> None:
    response = client_for(org_a.editor).post(withdraw_url(org_b.proposal))

    assert response.status_code == 404
    assert "提案MKRB" not in response.content.decode()
    assert_still_pending(org_b.proposal)
    with pytest.raises(PermissionDenied):
        services.proposal_withdraw(proposal=org_b.proposal, by=org_a.editor)
    assert_still_pending(org_b.proposal)


def test_a_resident_and_a_coordinator_get_a_404(
    org_a: Organisation, resident: User, reviewer: User
) -> None:
    for user in (resident, reviewer):
        assert client_for(user).post(withdraw_url(org_a.proposal)).status_code == 404
    assert_still_pending(org_a.proposal)


def test_an_anonymous_visitor_is_sent_to_log_in(org_a: Organisation) -> None:
    response = Client().post(withdraw_url(org_a.proposal))

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert_still_pending(org_a.proposal)


def test_a_get_is_refused(org_a: Organisation) -> None:
    client = client_for(org_a.editor)
    assert client.get(withdraw_url(org_a.proposal)).status_code == 405
    assert client.head(withdraw_url(org_a.proposal)).status_code == 405
    assert_still_pending(org_a.proposal)
