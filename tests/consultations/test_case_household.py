"""The household around a case: recorded at intake with the case, encrypted like the rest of
the case, in the change history, seen only through the case's visibility rule."""

import pytest
from django.db import connection

from accounts.models import User
from consultations import crypto, services
from consultations.models import Case, Category, ChangeRecord, HouseholdMember, Team

pytestmark = pytest.mark.django_db

MOTHER = {
    "relationship": "parent",
    "age_band": "80plus",
    "lives_together": True,
    "needs_support": True,
    "name": "谷原 ハナ",
    "notes": "要介護2。デイサービスを嫌がる。",
}
SISTER = {
    "relationship": "sibling",
    "age_band": "50s",
    "lives_together": False,
    "is_key_person": True,
    "name": "谷原 ゆき",
}


def intake(user: User, **changes):
    fields = {
        "user": user,
        "team": Team.objects.get(slug="jiritsu"),
        "channel": Case.Channel.PHONE,
        "came_from": Case.CameFrom.FAMILY,
        "categories": [Category.objects.get(slug="8050")],
        "main_concern": "兄がひきこもり、母の年金で暮らしている。",
        "person_fields": {"name": "谷原 一郎", "age_band": "50s"},
        "household": [MOTHER, SISTER],
        "household_type": None,
    }
    fields.update(changes)
    return services.case_create(**fields)


def test_an_intake_records_the_household_and_derives_8050(staff_a: User) -> None:
    case = intake(staff_a)

    members = list(case.household_members.current())
    assert [(m.relationship, m.age_band, m.lives_together) for m in members] == [
        ("parent", "80plus", True),
        ("sibling", "50s", False),
    ]
    assert [m.is_key_person for m in members] == [False, True]
    assert [m.needs_support for m in members] == [True, False]
    assert case.household_type == Case.HouseholdType.EIGHTY_FIFTY
    assert case.came_from == Case.CameFrom.FAMILY


def test_a_chosen_household_type_is_kept(staff_a: User) -> None:
    case = intake(staff_a, household_type=Case.HouseholdType.DISABILITY)
    assert case.household_type == Case.HouseholdType.DISABILITY


def test_names_and_notes_of_members_are_ciphertext_in_the_database(staff_a: User) -> None:
    intake(staff_a)
    with connection.cursor() as cursor:
        cursor.execute("SELECT name, notes FROM consultations_householdmember")
        stored = repr(cursor.fetchall())
        cursor.execute("SELECT old, new FROM consultations_changerecord")
        stored += repr(cursor.fetchall())
    for text in (MOTHER["name"], MOTHER["notes"], SISTER["name"]):
        assert text not in stored
    assert crypto.PREFIX in stored
    assert HouseholdMember.objects.get(relationship="parent").name == MOTHER["name"]


def test_each_member_starts_its_change_history(staff_a: User) -> None:
    case = intake(staff_a)
    mother = case.household_members.get(relationship="parent")

    history = ChangeRecord.objects.filter(
        model="consultations.householdmember", object_id=str(mother.pk)
    )
    recorded = {record.field: record.new for record in history}
    assert (
        recorded.items()
        >= {
            "relationship": "parent",
            "age_band": "80plus",
            "lives_together": "true",
            "name": MOTHER["name"],
        }.items()
    )
    assert {record.case_id for record in history} == {case.pk}
    assert {record.user_id for record in history} == {staff_a.pk}


def test_members_are_seen_only_by_those_who_see_the_case(
    staff_a: User, staff_b: User, supervisor_a: User
) -> None:
    case = intake(staff_a, confidentiality=Case.Confidentiality.RESTRICTED)

    assert HouseholdMember.objects.visible_to(staff_a).filter(case=case).count() == 2
    assert HouseholdMember.objects.visible_to(supervisor_a).filter(case=case).count() == 2
    assert not HouseholdMember.objects.visible_to(staff_b).exists()


def test_a_member_row_without_a_relationship_is_refused_and_nothing_is_stored(
    staff_a: User,
) -> None:
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        intake(staff_a, household=[{**MOTHER, "relationship": ""}])
    assert not Case.objects.exists()
    assert not HouseholdMember.objects.exists()


def test_members_are_never_deleted(staff_a: User) -> None:
    from consultations.models import AppendOnlyError

    member = intake(staff_a).household_members.first()
    with pytest.raises(AppendOnlyError):
        member.delete()
    with pytest.raises(AppendOnlyError):
        HouseholdMember.objects.all().delete()
