"""The disclosure document: everything held on one person, for supervisors only, logged."""

import pytest
from django.test import Client

from accounts.models import User
from consultations.models import AccessLog, Case, Referral, ReferralDestination
from tests.consultations.factories import CaseFactory, EntryFactory
from tests.html import visible_text
from tests.staff.conftest import MARKER

pytestmark = pytest.mark.django_db


def test_a_supervisor_gets_the_whole_record_of_a_person(
    supervisor_a: User, supervisor_a_client: Client, staff_a: User, a_case: Case
) -> None:
    EntryFactory(case=a_case, staff=staff_a, detail="面談の詳細")
    Referral.objects.create(
        case=a_case,
        destination=ReferralDestination.objects.create(name="ねりま就労支援センター"),
        reason="就労",
        shared_information="氏名と連絡先",
        basis=Referral.Basis.STATUTORY,
        statutory_ground="個人情報保護法27条1項2号",
        created_by=staff_a,
    )

    response = supervisor_a_client.get(f"/staff/persons/{a_case.person.pk}/disclosure/")

    assert response.status_code == 200
    text = visible_text(response)
    for expected in (
        "石神井花子",
        MARKER.replace(" ", ""),
        "面談の詳細",
        "ねりま就労支援センター",
        "氏名と連絡先",
    ):
        assert expected in text
    log = AccessLog.objects.get(action=AccessLog.Action.EXPORT)
    assert (log.user, log.person) == (supervisor_a, a_case.person)


def test_staff_who_are_not_supervisors_get_404(staff_a_client: Client, a_case: Case) -> None:
    assert staff_a_client.get(f"/staff/persons/{a_case.person.pk}/disclosure/").status_code == 404


def test_a_person_without_a_visible_case_is_404(supervisor_a_client: Client) -> None:
    assert supervisor_a_client.get("/staff/persons/999999/disclosure/").status_code == 404


def test_the_case_page_links_the_document_for_supervisors_only(
    supervisor_a_client: Client, staff_a: User, staff_a_client: Client, a_case: Case
) -> None:
    link = f"/staff/persons/{a_case.person.pk}/disclosure/"
    anonymous = CaseFactory(primary_staff=staff_a, person=None)

    assert link in supervisor_a_client.get(f"/staff/cases/{a_case.number}/").content.decode()
    assert link not in staff_a_client.get(f"/staff/cases/{a_case.number}/").content.decode()
    page = supervisor_a_client.get(f"/staff/cases/{anonymous.number}/").content.decode()
    assert "/disclosure/" not in page
