"""The editor's and the coordinators' pages have an English UI under /en/ (the entries' own
texts stay as written)."""

import pytest

from accounts.models import User
from tests.conftest import client_for
from tests.networks.editors import Organisation

pytestmark = pytest.mark.django_db


def test_the_editors_page_in_english(org_a: Organisation) -> None:
    body = client_for(org_a.editor).get("/en/network/editor/").content.decode()
    assert "Managing the organisation's information" in body
    assert "施設MKRA" in body


def test_the_review_page_in_english(org_a: Organisation, reviewer: User) -> None:
    client = client_for(reviewer)
    body = client.get(f"/en/network/review/proposals/{org_a.proposal.pk}/").content.decode()
    assert "Before (published)" in body
    assert "Send back" in body


def test_withdrawing_a_proposal_in_english(org_a: Organisation) -> None:
    client = client_for(org_a.editor)
    page = client.get(f"/en/network/editor/proposals/{org_a.proposal.pk}/").content.decode()
    assert "Withdraw the proposal</button>" in page

    response = client.post(
        f"/en/network/editor/proposals/{org_a.proposal.pk}/withdraw/", follow=True
    )

    body = response.content.decode()
    assert response.redirect_chain == [("/en/network/editor/", 302)]
    assert "The proposal was withdrawn." in body
    assert ">Withdrawn</span>" in body
