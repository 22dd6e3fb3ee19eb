"""A proposal is not public content (the cached page stays as it was, and that is right: the
public entry has not changed); approving it writes the public entry, and the next anonymous
visitor gets the new page. 「変更なし」 writes with bulk updates and invalidates too."""

import pytest

from accounts.models import User
from networks import editing, services
from networks.models import Proposal
from tests.networks.editors import Organisation
from tests.pagecache import assert_shows_the_change, cached, fresh

pytestmark = pytest.mark.django_db


def test_approving_a_proposal_shows_on_the_next_anonymous_request(
    org_a: Organisation, reviewer: User
) -> None:
    url = f"/network/facilities/{org_a.facility.pk}/"
    before = cached(url)
    proposal = services.proposal_submit(
        member=org_a.member,
        kind=Proposal.Kind.FACILITY,
        after={**editing.snapshot(org_a.facility, "facility"), "phone": "03-4444-5555"},
        by=org_a.editor,
        target=org_a.facility,
    )
    assert cached(url) == before == fresh(url)  # a proposal changes nothing public

    services.proposal_approve(proposal=proposal, by=reviewer)

    assert_shows_the_change(url, before)
    assert "03-4444-5555" in fresh(url).decode()  # type: ignore[union-attr]


def test_confirming_unchanged_shows_the_new_date(org_a: Organisation) -> None:
    url = f"/network/members/{org_a.member.pk}/"
    before = cached(url)
    services.member_confirm_unchanged(member=org_a.member)
    assert_shows_the_change(url, before)
