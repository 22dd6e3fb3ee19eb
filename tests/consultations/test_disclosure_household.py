"""The disclosure document (everything held on a person) includes the household recorded in
their cases — members removed later too — and the corrections of the intake with reasons."""

import pytest
from django.test import Client

from consultations import disclosure, services
from consultations.models import Case, HouseholdMember
from tests.conftest import client_for
from tests.consultations.factories import CaseFactory
from tests.html import visible_text

pytestmark = pytest.mark.django_db


def test_members_and_corrections_are_in_the_document(staff_a, supervisor_a) -> None:
    case: Case = CaseFactory(primary_staff=staff_a)
    mother = HouseholdMember.objects.create(
        case=case, relationship="parent", age_band="80plus", name="練馬 トメ"
    )
    services.case_correct_intake(
        case=case,
        user=supervisor_a,
        reason="施設に入所したため世帯から外す。",
        household=[{"member": mother, "remove": True}],
    )

    section = disclosure.build(case.person, supervisor_a)["cases"][0]
    assert section["household_members"] == [mother]
    assert [c.reason for c in section["corrections"]] == ["施設に入所したため世帯から外す。"]

    client: Client = client_for(supervisor_a)
    text = visible_text(client.get(f"/staff/persons/{case.person_id}/disclosure/"))
    assert "練馬トメ" in text
    assert "世帯から外した" in text
    assert "施設に入所したため世帯から外す。" in text
