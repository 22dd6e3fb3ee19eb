"""「本人に関して保有している情報のすべて」: everything on a person, for their supervisor."""

import pytest
from django.core.exceptions import PermissionDenied

from consultations import disclosure, services
from consultations.models import Case, Consent, Entry, HouseholdLink, Referral, Team
from tests.consultations.factories import CaseFactory, PersonFactory, ReferralDestinationFactory


@pytest.fixture
def case(staff_a) -> Case:
    return CaseFactory(primary_staff=staff_a)


@pytest.mark.django_db
def test_the_document_holds_every_part_including_superseded_versions_and_disclosures(
    staff_a, supervisor_a, case
) -> None:
    person = case.person
    mother = PersonFactory(name="練馬 トメ")
    HouseholdLink.objects.create(person=person, other=mother, relationship="parent")
    destination = ReferralDestinationFactory()
    consent = services.consent_record(
        person=person,
        user=staff_a,
        scope=Consent.Scope.NAMED_ORGANISATIONS,
        method=Consent.Method.WRITTEN,
        destinations=[destination],
    )
    entry = services.entry_add(
        case=case, user=staff_a, kind=Entry.Kind.MEETING, summary="面談", detail="旧"
    )
    services.entry_correct(entry=entry, user=staff_a, detail="新")
    services.referral_create(
        case=case,
        user=staff_a,
        destination=destination,
        reason="就労",
        basis=Referral.Basis.CONSENT,
        consent=consent,
        shared_information="氏名",
    )
    services.access_log(user=staff_a, action="view", case=case)

    document = disclosure.build(person, supervisor_a)

    assert document["person"] == person
    assert [h["other"] for h in document["household"]] == [mother]
    assert document["consents"] == [consent]
    (section,) = document["cases"]
    assert [e.detail for e in section["entries"]] == ["旧", "新"]
    assert section["entries"][0].superseded
    assert [r.destination for r in document["disclosure_records"]] == [destination]
    assert staff_a in [row.user for row in section["access_log"]]


@pytest.mark.django_db
def test_staff_who_are_not_supervisors_cannot_build_it(staff_a, staff_b, case) -> None:
    for user in (staff_a, staff_b):
        with pytest.raises(PermissionDenied):
            disclosure.build(case.person, user)


@pytest.mark.django_db
def test_it_covers_only_cases_the_supervisor_may_see(supervisor_a, case) -> None:
    CaseFactory(
        person=case.person, team=Team.objects.get(slug="shikin"), confidentiality="restricted"
    )

    document = disclosure.build(case.person, supervisor_a)

    assert [s["case"] for s in document["cases"]] == [case]
