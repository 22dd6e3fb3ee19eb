"""An editor withdraws (取り下げ) a proposal of their organisation while it waits for a
coordinator: one button on the proposal's page, a POST with the CSRF token. The proposal stays,
marked withdrawn with who and when; the public entry is untouched; the coordinators' list of
proposals waiting no longer holds it."""

import re

import pytest
from django.core import mail
from django.test import Client

from accounts.models import User
from networks.models import MemberEditor, Proposal
from tests.conftest import PASSWORD, client_for
from tests.networks.editors import Organisation

pytestmark = pytest.mark.django_db


def withdraw_url(proposal: Proposal) -> str:
    return f"/network/editor/proposals/{proposal.pk}/withdraw/"


def test_the_proposal_page_has_a_withdraw_button_in_a_post_form(org_a: Organisation) -> None:
    page = client_for(org_a.editor).get(f"/network/editor/proposals/{org_a.proposal.pk}/")
    body = page.content.decode()

    form = re.search(
        rf'<form method="post" action="{withdraw_url(org_a.proposal)}"[^>]*>(.*?)</form>',
        body,
        re.S,
    )
    assert form, body
    assert 'name="csrfmiddlewaretoken"' in form.group(1)
    # A real button (keyboard-usable) whose text is its accessible name
    assert re.search(r'<button[^>]*type="submit"[^>]*>提案を取り下げる</button>', form.group(1))


def test_an_editor_withdraws_a_pending_proposal_and_it_stays_on_record(
    org_a: Organisation,
) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(org_a.editor)
    page = client.get(f"/network/editor/proposals/{org_a.proposal.pk}/").content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert token

    # Without the token: refused, nothing changes
    assert client.post(withdraw_url(org_a.proposal)).status_code == 403
    org_a.proposal.refresh_from_db()
    assert org_a.proposal.state == Proposal.State.PENDING

    response = client.post(
        withdraw_url(org_a.proposal), {"csrfmiddlewaretoken": token.group(1)}, follow=True
    )

    assert response.redirect_chain == [("/network/editor/", 302)]
    body = response.content.decode()
    assert "提案を取り下げました。コーディネーターは確認しません。" in body
    assert '<span class="badge badge--withdrawn">取り下げ</span>' in body
    org_a.proposal.refresh_from_db()
    assert org_a.proposal.state == Proposal.State.WITHDRAWN
    assert org_a.proposal.decided_by == org_a.editor
    assert org_a.proposal.decided_at is not None
    assert Proposal.objects.filter(member=org_a.member).count() == 1  # kept, not deleted
    org_a.facility.refresh_from_db()
    assert org_a.facility.opening_notes == ""
    assert mail.outbox == []


def test_the_withdrawn_proposals_page_says_so_and_offers_no_button(org_a: Organisation) -> None:
    client = client_for(org_a.editor)
    client.post(withdraw_url(org_a.proposal))

    body = client.get(f"/network/editor/proposals/{org_a.proposal.pk}/").content.decode()

    assert '<span class="badge badge--withdrawn">取り下げ</span>' in body
    assert "に取り下げました。コーディネーターは確認しません。" in body
    assert withdraw_url(org_a.proposal) not in body
    assert "提案MKRA" in body  # the proposed change is still there to read


def test_another_editor_of_the_same_organisation_may_withdraw_it(org_a: Organisation) -> None:
    colleague = User.objects.create_user("editor-a2@example.jp", PASSWORD, name="編集A2")
    MemberEditor.objects.create(user=colleague, member=org_a.member)

    response = client_for(colleague).post(withdraw_url(org_a.proposal))

    assert response.status_code == 302
    org_a.proposal.refresh_from_db()
    assert org_a.proposal.state == Proposal.State.WITHDRAWN
    assert org_a.proposal.decided_by == colleague


def test_a_withdrawn_proposal_no_longer_waits_for_the_coordinators(
    org_a: Organisation, reviewer: User
) -> None:
    review = client_for(reviewer)
    link = f'href="/network/review/proposals/{org_a.proposal.pk}/"'
    assert link in review.get("/network/review/").content.decode()

    client_for(org_a.editor).post(withdraw_url(org_a.proposal))

    body = review.get("/network/review/").content.decode()
    assert link not in body
    assert "確認を待っている提案はありません。" in body
