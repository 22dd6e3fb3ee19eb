"""A coordinator opening a proposal its editor withdrew (from the e-mail that announced it,
say) reads that it was withdrawn, by whom, and is offered neither 承認 nor 差し戻し; a form
posted from a page opened before the withdrawal is refused with that reason."""

import pytest
from django.core import mail

from accounts.models import User
from networks import services
from networks.models import Proposal
from tests.conftest import client_for
from tests.networks.editors import Organisation

pytestmark = pytest.mark.django_db

REFUSED = "この提案は、編集担当が取り下げました。承認も差し戻しもできません。"


@pytest.fixture
def withdrawn(org_a: Organisation) -> Proposal:
    services.proposal_withdraw(proposal=org_a.proposal, by=org_a.editor)
    return org_a.proposal


def test_the_review_page_shows_it_withdrawn_without_the_decisions(
    withdrawn: Proposal, reviewer: User
) -> None:
    body = client_for(reviewer).get(f"/network/review/proposals/{withdrawn.pk}/").content.decode()

    assert '<span class="badge badge--withdrawn">取り下げ</span>' in body
    assert "編集Aさん（編集担当）が取り下げました。承認も差し戻しもできません。" in body
    assert 'value="approve"' not in body
    assert 'value="send_back"' not in body


@pytest.mark.parametrize(
    "data", [{"action": "approve"}, {"action": "send_back", "reason": "書き方をそろえて"}]
)
def test_approving_or_sending_back_a_withdrawn_proposal_is_refused(
    org_a: Organisation, withdrawn: Proposal, reviewer: User, data: dict[str, str]
) -> None:
    url = f"/network/review/proposals/{withdrawn.pk}/"

    response = client_for(reviewer).post(url, data, follow=True)

    assert response.redirect_chain == [(url, 302)]
    assert REFUSED in response.content.decode()
    withdrawn.refresh_from_db()
    assert withdrawn.state == Proposal.State.WITHDRAWN
    assert withdrawn.decided_by == org_a.editor
    assert withdrawn.reason == ""
    org_a.facility.refresh_from_db()
    assert org_a.facility.opening_notes == ""
    assert org_a.facility.last_confirmed_on is None
    assert mail.outbox == []


def test_the_services_refuse_a_withdrawn_proposal(
    org_a: Organisation, withdrawn: Proposal, reviewer: User
) -> None:
    with pytest.raises(services.ProposalDecidedError) as approving:
        services.proposal_approve(proposal=withdrawn, by=reviewer)
    with pytest.raises(services.ProposalDecidedError) as sending_back:
        services.proposal_send_back(proposal=withdrawn, by=reviewer, reason="理由")

    assert approving.value.state == sending_back.value.state == Proposal.State.WITHDRAWN
    org_a.facility.refresh_from_db()
    assert org_a.facility.opening_notes == ""
