"""The case list searches a case's reading and filters its categories on the case row's own
copies (Case.person_kana_key, Case.category_keys): every way a person's reading or a case's
person or categories change keeps the list's answers what the persons and the links say."""

import io

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from accounts.models import User
from consultations import services
from consultations.models import Case, Category, Person, Team
from tests.consultations.factories import CaseFactory, PersonFactory
from tests.staff.searches import find_person, search_cases
from tests.staff.test_case_list_rows import cells, row_of

pytestmark = pytest.mark.django_db


def found(client: Client, words: str) -> set[str]:
    response = search_cases(client, q=words)
    assert response.status_code == 200
    return {case.number for case in response.context["page"].object_list}


def persons_found(client: Client, kana: str) -> list[int]:
    return [person.pk for person in find_person(client, kana=kana).context["matches"]]


def listed_in(client: Client, category: Category) -> set[str]:
    response = client.get("/staff/cases/", {"category": category.pk})
    assert response.status_code == 200
    return {case.number for case in response.context["page"].object_list}


def category(slug: str) -> Category:
    return Category.objects.get(slug=slug)


@pytest.fixture
def case(staff_a: User) -> Case:
    return CaseFactory(
        primary_staff=staff_a,
        person=PersonFactory(kana="あおき けん"),
        categories=[category("hardship")],
    )


def test_a_new_case_is_found_by_its_persons_reading_and_listed_in_its_categories(
    staff_a_client: Client, staff_a: User, case: Case
) -> None:
    def intake(**fields: object) -> Case:
        return services.case_create(
            user=staff_a,
            channel=Case.Channel.PHONE,
            came_from=Case.CameFrom.SELF,
            team=Team.objects.get(slug="jiritsu"),
            **fields,
        )

    new_person = intake(
        person_fields={"kana": "かとう みさき"},
        categories=[category("housing-benefit"), category("special-loan")],
    )
    known_person = intake(person=case.person, categories=[category("housing-benefit")])

    assert found(staff_a_client, "かとう") == {new_person.number}
    assert found(staff_a_client, "あおき") == {case.number, known_person.number}
    assert listed_in(staff_a_client, category("housing-benefit")) == {
        new_person.number,
        known_person.number,
    }
    assert listed_in(staff_a_client, category("special-loan")) == {new_person.number}
    assert listed_in(staff_a_client, category("hardship")) == {case.number}


def test_a_corrected_reading_is_found_and_the_old_one_is_not(
    staff_a_client: Client, staff_a: User, case: Case
) -> None:
    services.person_update(person=case.person, user=staff_a, kana="おおき けん")

    assert found(staff_a_client, "おおき") == {case.number}
    assert found(staff_a_client, "あおき") == set()


def test_a_reading_taken_from_the_name_follows_the_name(
    staff_a_client: Client, staff_a: User
) -> None:
    person = PersonFactory(kana="", name="山田 花子")
    named = CaseFactory(primary_staff=staff_a, person=person)
    assert found(staff_a_client, "やまだ") == {named.number}

    services.person_update(person=person, user=staff_a, kana="さとう はなこ")

    assert found(staff_a_client, "さとう") == {named.number}
    assert found(staff_a_client, "やまだ") == set()


def test_a_case_given_another_person_is_found_by_that_persons_reading(
    staff_a_client: Client, staff_a: User, case: Case
) -> None:
    services.case_update(case=case, user=staff_a, person=PersonFactory(kana="いとう みき"))

    assert found(staff_a_client, "いとう") == {case.number}
    assert found(staff_a_client, "あおき") == set()


def test_a_case_whose_person_is_taken_off_is_not_found_by_the_reading(
    staff_a_client: Client, staff_a: User, case: Case
) -> None:
    services.case_update(case=case, user=staff_a, person=None)

    assert found(staff_a_client, "あおき") == set()


def test_changed_categories_move_the_case_between_the_filtered_lists(
    staff_a_client: Client, staff_a: User, case: Case
) -> None:
    services.case_update(
        case=case, user=staff_a, categories=[category("housing-benefit"), category("special-loan")]
    )

    assert listed_in(staff_a_client, category("hardship")) == set()
    assert listed_in(staff_a_client, category("housing-benefit")) == {case.number}
    assert listed_in(staff_a_client, category("special-loan")) == {case.number}


def test_a_corrected_intake_moves_the_case_to_its_new_category(
    staff_a_client: Client, supervisor_a: User, case: Case
) -> None:
    services.case_correct_intake(
        case=case, user=supervisor_a, reason="分類の誤り", categories=[category("special-loan")]
    )

    assert listed_in(staff_a_client, category("hardship")) == set()
    assert listed_in(staff_a_client, category("special-loan")) == {case.number}


def test_categories_changed_from_the_categorys_side_are_followed(
    staff_a_client: Client, case: Case
) -> None:
    other = CaseFactory(primary_staff=case.primary_staff, categories=[category("hardship")])
    loan = category("special-loan")

    loan.cases.add(case, other)
    assert listed_in(staff_a_client, loan) == {case.number, other.number}
    loan.cases.remove(other)
    assert listed_in(staff_a_client, loan) == {case.number}
    loan.cases.clear()
    assert listed_in(staff_a_client, loan) == set()
    assert listed_in(staff_a_client, category("hardship")) == {case.number, other.number}


def test_a_case_saved_from_a_copy_read_before_a_change_keeps_the_change(
    staff_a_client: Client, staff_a: User, case: Case
) -> None:
    """A case read, then its person's reading and its categories changed elsewhere, then the
    first copy saved: the copy's older reading and categories are not written back."""
    read_before = Case.objects.get(pk=case.pk)
    services.person_update(person=case.person, user=staff_a, kana="おおき けん")
    services.case_update(case=case, user=staff_a, categories=[category("special-loan")])

    read_before.urgency = Case.Urgency.HIGH
    read_before.save()

    assert Case.objects.get(pk=case.pk).urgency == Case.Urgency.HIGH
    assert found(staff_a_client, "おおき") == {case.number}
    assert listed_in(staff_a_client, category("special-loan")) == {case.number}
    assert listed_in(staff_a_client, category("hardship")) == set()


def test_a_case_saved_from_a_copy_read_before_it_was_given_another_person_keeps_that_person(
    staff_a_client: Client, staff_a: User, case: Case
) -> None:
    """The first copy still has the former person: it writes neither them nor their reading
    back, so the case and the reading it is found by stay the new person's."""
    read_before = Case.objects.get(pk=case.pk)
    new_person = PersonFactory(kana="いとう みき")
    services.case_update(case=case, user=staff_a, person=new_person)

    read_before.urgency = Case.Urgency.HIGH
    read_before.save()

    saved = Case.objects.get(pk=case.pk)
    assert saved.urgency == Case.Urgency.HIGH
    assert saved.person == new_person
    assert found(staff_a_client, "いとう") == {case.number}
    assert found(staff_a_client, "あおき") == set()


def test_a_person_saved_from_a_copy_read_before_their_reading_was_corrected_keeps_it(
    staff_a_client: Client, staff_a: User, case: Case
) -> None:
    """Only the phone is saved from the older copy: the corrected reading stays, on the
    person (the intake's person search) and on their case (the list's search)."""
    read_before = Person.objects.get(pk=case.person.pk)
    services.person_update(person=case.person, user=staff_a, kana="おおき けん")

    read_before.phone = "03-1234-5678"
    read_before.save(update_fields=["phone"])

    assert persons_found(staff_a_client, "おおき") == [case.person.pk]
    assert found(staff_a_client, "おおき") == {case.number}
    assert found(staff_a_client, "あおき") == set()


def test_a_person_saved_whole_from_an_older_copy_is_found_on_their_cases_as_saved(
    staff_a_client: Client, staff_a: User, case: Case
) -> None:
    """The whole older copy saved puts its reading back; their case's copy follows it."""
    read_before = Person.objects.get(pk=case.person.pk)
    services.person_update(person=case.person, user=staff_a, kana="おおき けん")

    read_before.save()

    assert persons_found(staff_a_client, "あおき") == [case.person.pk]
    assert found(staff_a_client, "あおき") == {case.number}
    assert found(staff_a_client, "おおき") == set()


def test_an_anonymised_case_is_not_found_by_its_former_reading(
    staff_a_client: Client, staff_a: User
) -> None:
    today = timezone.localdate()
    long_ago = today.replace(year=today.year - 8)
    old = CaseFactory(
        primary_staff=staff_a,
        person=PersonFactory(kana="はいき たいしょうこ"),
        received_on=long_ago,
        status=Case.Status.CLOSED,
        closed_on=long_ago,
        outcome=Case.Outcome.RESOLVED,
    )
    assert found(staff_a_client, "はいき") == {old.number}

    call_command("apply_retention", "--confirm", stdout=io.StringIO())

    assert found(staff_a_client, "はいき") == set()
    assert Case.objects.get(pk=old.pk).person_kana_key == ""


def test_the_list_names_a_cases_categories_as_they_stand_in_their_order(
    staff_a_client: Client, staff_a: User, case: Case
) -> None:
    loan, housing = category("special-loan"), category("housing-benefit")
    loan.order, housing.order = 1, 2
    loan.save()
    housing.save()
    services.case_update(case=case, user=staff_a, categories=[housing, loan])
    housing.name = "住居確保給付金（改）"
    housing.save()

    html = staff_a_client.get("/staff/cases/").content.decode()

    assert cells(row_of(html, case.number))[3] == "特例貸付、住居確保給付金（改）"
