"""The workspace's own forms keep the case list's copies (Case.person_kana_key,
Case.category_keys): a case taken in on the intake page, for a new person or for one found
and chosen there, is found by that person's reading and listed in its categories; a
correction of the intake moves it between the category lists."""

import pytest
from django.test import Client

from accounts.models import User
from consultations.models import Case, Category
from tests.conftest import client_for
from tests.consultations.factories import CaseFactory, PersonFactory
from tests.staff.searches import find_person
from tests.staff.test_case_list_kept_copies import found, listed_in
from tests.staff.test_intake import intake
from tests.staff.test_intake_correction_page import correction

pytestmark = pytest.mark.django_db


def category(slug: str) -> Category:
    return Category.objects.get(slug=slug)


def test_a_case_taken_in_for_a_new_person_is_found_by_their_reading_and_listed(
    staff_a: User, staff_a_client: Client
) -> None:
    response = staff_a_client.post("/staff/cases/new/", intake(primary_staff=staff_a.pk))
    assert response.status_code == 302
    case = Case.objects.get()

    assert found(staff_a_client, "たにはら") == {case.number}
    assert listed_in(staff_a_client, category("8050")) == {case.number}
    assert listed_in(staff_a_client, category("hardship")) == set()


def test_a_case_taken_in_for_a_person_chosen_from_the_results_is_found_with_their_others(
    staff_a: User, staff_a_client: Client
) -> None:
    earlier = CaseFactory(primary_staff=staff_a, person=PersonFactory(kana="やまだ はなこ"))
    results = find_person(staff_a_client, kana="やまだ")
    chosen = (
        f"{results.request['PATH_INFO']}?{results.request['QUERY_STRING']}"
        f"&person={earlier.person.pk}"
    )
    response = staff_a_client.post(
        chosen,
        intake(
            person=earlier.person.pk,
            person_name=None,
            person_kana=None,
            person_phone=None,
            primary_staff=staff_a.pk,
        ),
    )
    assert response.status_code == 302
    case = Case.objects.exclude(pk=earlier.pk).get()

    assert found(staff_a_client, "やまだ") == {earlier.number, case.number}
    assert listed_in(staff_a_client, category("8050")) == {case.number}


def test_a_corrected_intake_moves_the_case_between_the_category_lists(
    a_case: Case, staff_a_client: Client, supervisor_a: User
) -> None:
    response = client_for(supervisor_a).post(
        f"/staff/cases/{a_case.number}/intake/correct/",
        correction(a_case, categories=[category("8050").pk, category("special-loan").pk]),
    )
    assert response.status_code == 302

    assert listed_in(staff_a_client, category("hardship")) == set()
    assert listed_in(staff_a_client, category("8050")) == {a_case.number}
    assert listed_in(staff_a_client, category("special-loan")) == {a_case.number}
    assert found(staff_a_client, "しゃくじい") == {a_case.number}
