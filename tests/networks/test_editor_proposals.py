"""An editor proposes changes to its organisation's entries; a coordinator approves them (the
public entry changes, its 確認日 becomes today) or sends them back with a reason (nothing
public changes). Coordinators are told of a proposal, the editor of the decision."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from accounts.models import User
from networks import services
from networks.models import Activity, Facility, Proposal
from tests.conftest import client_for
from tests.networks.editors import Organisation

pytestmark = pytest.mark.django_db


def facility_post(org: Organisation, **changes: str) -> dict[str, object]:
    facility = org.facility
    data = {
        "name": facility.name,
        "name_kana": facility.name_kana,
        "district": facility.district_id,
        "target_groups": [g.pk for g in facility.target_groups.all()],
        "address": facility.address,
        "phone": facility.phone,
        "opening_notes": facility.opening_notes,
        "accessibility_notes": facility.accessibility_notes,
    }
    data.update(changes)
    return data


def test_an_editors_change_is_a_proposal_and_the_public_page_keeps_the_old_value(
    org_a: Organisation, reviewer: User
) -> None:
    client = client_for(org_a.editor)
    response = client.post(
        f"/network/editor/facilities/{org_a.facility.pk}/",
        facility_post(org_a, phone="03-2222-3333"),
    )

    assert response.status_code == 302
    proposal = Proposal.objects.exclude(pk=org_a.proposal.pk).get()
    assert proposal.state == Proposal.State.PENDING
    assert proposal.before["phone"] == "03-1111-1111"
    assert proposal.after["phone"] == "03-2222-3333"
    org_a.facility.refresh_from_db()
    assert org_a.facility.phone == "03-1111-1111"
    public = client.get(f"/network/facilities/{org_a.facility.pk}/").content.decode()
    assert "03-1111-1111" in public
    assert "03-2222-3333" not in public
    # The coordinators are told, with the review page's link
    assert [m.to for m in mail.outbox] == [[reviewer.email]]
    assert f"/network/review/proposals/{proposal.pk}/" in mail.outbox[0].body


def test_an_unchanged_form_makes_no_proposal(org_a: Organisation) -> None:
    client = client_for(org_a.editor)
    client.post(f"/network/editor/facilities/{org_a.facility.pk}/", facility_post(org_a))
    assert Proposal.objects.count() == 1  # the fixture's own


def test_bad_input_is_explained_next_to_the_field_and_kept(org_a: Organisation) -> None:
    client = client_for(org_a.editor)
    response = client.post(
        f"/network/editor/facilities/{org_a.facility.pk}/", facility_post(org_a, phone="電話")
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "電話番号は数字とハイフンで入力してください" in body
    assert 'value="電話"' in body
    assert Proposal.objects.count() == 1


def test_approving_applies_the_change_and_renews_the_confirmation_date(
    org_a: Organisation, reviewer: User
) -> None:
    proposal = services.proposal_submit(
        member=org_a.member,
        kind=Proposal.Kind.FACILITY,
        after={**services.editing.snapshot(org_a.facility, "facility"), "phone": "03-9999-0000"},
        by=org_a.editor,
        target=org_a.facility,
    )
    mail.outbox.clear()
    client = client_for(reviewer)

    page = client.get(f"/network/review/proposals/{proposal.pk}/").content.decode()
    assert "03-1111-1111" in page
    assert "03-9999-0000" in page
    response = client.post(f"/network/review/proposals/{proposal.pk}/", {"action": "approve"})

    assert response.status_code == 302
    org_a.facility.refresh_from_db()
    assert org_a.facility.phone == "03-9999-0000"
    assert org_a.facility.last_confirmed_on == timezone.localdate()
    proposal.refresh_from_db()
    assert proposal.state == Proposal.State.APPROVED
    assert proposal.decided_by == reviewer
    assert [m.to for m in mail.outbox] == [[org_a.editor.email]]
    assert "承認" in mail.outbox[0].subject


def test_approving_applies_only_the_changed_fields(org_a: Organisation, reviewer: User) -> None:
    proposal = services.proposal_submit(
        member=org_a.member,
        kind=Proposal.Kind.FACILITY,
        after={**services.editing.snapshot(org_a.facility, "facility"), "phone": "03-9999-0000"},
        by=org_a.editor,
        target=org_a.facility,
    )
    Facility.objects.filter(pk=org_a.facility.pk).update(address="コーディネーターが直した住所")

    services.proposal_approve(proposal=proposal, by=reviewer)

    org_a.facility.refresh_from_db()
    assert org_a.facility.address == "コーディネーターが直した住所"
    assert org_a.facility.phone == "03-9999-0000"


def test_a_new_activity_is_created_on_approval(org_a: Organisation, reviewer: User) -> None:
    client = client_for(org_a.editor)
    data = {
        "title": "新しいサロン",
        "kind": Activity.Kind.PLACE_TO_BELONG,
        "theme": org_a.activity.theme_id,
        "district": org_a.activity.district_id,
        "facility": org_a.facility.pk,
        "schedule": Activity.Schedule.WEEKLY,
        "weekdays": ["2"],
        "start_time": "10:00",
        "end_time": "12:00",
    }
    assert client.post("/network/editor/activities/new/", data).status_code == 302
    proposal = Proposal.objects.get(after__title="新しいサロン")
    assert not Activity.objects.filter(title="新しいサロン").exists()

    activity = services.proposal_approve(proposal=proposal, by=reviewer)

    assert isinstance(activity, Activity)
    assert activity.organiser == org_a.member
    assert activity.weekdays == [2]
    assert activity.last_confirmed_on == timezone.localdate()
    assert activity.next_date is not None  # its dates were built


def test_an_editor_cannot_choose_another_organisations_facility(
    org_a: Organisation, org_b: Organisation
) -> None:
    client = client_for(org_a.editor)
    response = client.post(
        "/network/editor/activities/new/",
        {
            "title": "よその施設で",
            "kind": Activity.Kind.EVENT,
            "theme": org_a.activity.theme_id,
            "district": org_a.activity.district_id,
            "facility": org_b.facility.pk,
            "schedule": Activity.Schedule.DATED,
        },
    )
    assert response.status_code == 200
    assert not Proposal.objects.filter(after__title="よその施設で").exists()


def test_sending_back_needs_a_reason_and_changes_nothing_public(
    org_a: Organisation, reviewer: User
) -> None:
    client = client_for(reviewer)
    url = f"/network/review/proposals/{org_a.proposal.pk}/"

    empty = client.post(url, {"action": "send_back", "reason": ""})
    assert empty.status_code == 400
    assert "差し戻す理由を書いてください" in empty.content.decode()
    org_a.proposal.refresh_from_db()
    assert org_a.proposal.state == Proposal.State.PENDING

    client.post(url, {"action": "send_back", "reason": "開所時間の書き方をそろえてください"})
    org_a.proposal.refresh_from_db()
    assert org_a.proposal.state == Proposal.State.SENT_BACK
    org_a.facility.refresh_from_db()
    assert org_a.facility.opening_notes == ""
    assert org_a.facility.last_confirmed_on is None
    assert [m.to for m in mail.outbox] == [[org_a.editor.email]]
    assert "開所時間の書き方をそろえてください" in mail.outbox[0].body
    editor_page = client_for(org_a.editor).get(f"/network/editor/proposals/{org_a.proposal.pk}/")
    assert "開所時間の書き方をそろえてください" in editor_page.content.decode()


def test_a_decided_proposal_is_not_decided_twice(org_a: Organisation, reviewer: User) -> None:
    services.proposal_send_back(proposal=org_a.proposal, by=reviewer, reason="理由")
    with pytest.raises(services.ProposalDecidedError):
        services.proposal_approve(proposal=org_a.proposal, by=reviewer)
    org_a.facility.refresh_from_db()
    assert org_a.facility.opening_notes == ""


def test_only_coordinators_with_the_second_factor_decide(
    org_a: Organisation, reviewer: User
) -> None:
    reviewer.second_factor_passed = False
    with pytest.raises(PermissionDenied):
        services.proposal_approve(proposal=org_a.proposal, by=reviewer)
    with pytest.raises(PermissionDenied):
        services.proposal_approve(proposal=org_a.proposal, by=org_a.editor)
    org_a.proposal.refresh_from_db()
    assert org_a.proposal.state == Proposal.State.PENDING


def test_a_coordinator_session_without_the_code_is_asked_for_it(
    org_a: Organisation, reviewer: User
) -> None:
    client = client_for(reviewer, second_factor=False)
    url = f"/network/review/proposals/{org_a.proposal.pk}/"
    response = client.post(url, {"action": "approve"})
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/2fa/reauthenticate/")
    org_a.proposal.refresh_from_db()
    assert org_a.proposal.state == Proposal.State.PENDING


def test_a_coordinator_without_an_authenticator_is_sent_to_set_one_up(
    org_a: Organisation, coordinator: User
) -> None:
    response = client_for(coordinator).get("/network/review/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/"


def test_editors_submit_only_for_their_own_organisation(
    org_a: Organisation, org_b: Organisation
) -> None:
    with pytest.raises(PermissionDenied):
        services.proposal_submit(
            member=org_b.member,
            kind=Proposal.Kind.FACILITY,
            after={"phone": "03-0000-0000"},
            by=org_a.editor,
            target=org_b.facility,
        )


def test_the_review_says_when_the_published_value_changed_since_the_proposal(
    org_a: Organisation, reviewer: User
) -> None:
    proposal = services.proposal_submit(
        member=org_a.member,
        kind=Proposal.Kind.FACILITY,
        after={**services.editing.snapshot(org_a.facility, "facility"), "phone": "03-9999-0000"},
        by=org_a.editor,
        target=org_a.facility,
    )
    Facility.objects.filter(pk=org_a.facility.pk).update(phone="03-7777-0000")

    page = client_for(reviewer).get(f"/network/review/proposals/{proposal.pk}/")

    assert "提案の後に公開中の値が変わりました。いまの値：03-7777-0000" in page.content.decode()


def test_the_form_says_when_a_proposal_for_the_entry_is_waiting(org_a: Organisation) -> None:
    page = client_for(org_a.editor).get(f"/network/editor/facilities/{org_a.facility.pk}/")
    body = page.content.decode()
    assert "まだ確認を待っています" in body
    assert f"/network/editor/proposals/{org_a.proposal.pk}/" in body
