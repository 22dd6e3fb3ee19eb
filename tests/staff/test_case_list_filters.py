"""The case list: filters by status, category, district, assignee and received date, search by
case number, kana or phone — always within the cases the user may see."""

import datetime as dt

import pytest
from django.test import Client

from accounts.models import User
from consultations.models import Case, Category
from networks.models import District
from tests.consultations.factories import CaseFactory, PersonFactory
from tests.staff.searches import search_cases

pytestmark = pytest.mark.django_db


def listed(client: Client, **params: object) -> set[str]:
    response = client.get("/staff/cases/", params)
    assert response.status_code == 200
    return {case.number for case in response.context["page"].object_list}


@pytest.fixture
def cases(staff_a: User, staff_a2: User) -> dict[str, Case]:
    return {
        "rent": CaseFactory(
            primary_staff=staff_a,
            received_on=dt.date(2025, 4, 10),
            person=PersonFactory(kana="あおき けん", phone="03-3333-1111"),
            categories=[Category.objects.get(slug="housing-benefit")],
            district=District.objects.get(slug="nerima"),
        ),
        "loan": CaseFactory(
            primary_staff=staff_a2,
            received_on=dt.date(2025, 7, 1),
            status=Case.Status.SUPPORT,
            person=PersonFactory(kana="いとう みき"),
            categories=[
                Category.objects.get(slug="special-loan"),
                Category.objects.get(slug="hardship"),
            ],
            district=District.objects.get(slug="oizumi"),
        ),
        "anonymous": CaseFactory(
            primary_staff=staff_a2,
            secondary_staff=staff_a,
            received_on=dt.date(2025, 9, 30),
            person=None,
            district=District.objects.get(slug="oizumi"),
        ),
    }


def numbers(cases: dict[str, Case], *keys: str) -> set[str]:
    return {cases[key].number for key in keys}


def test_it_lists_every_visible_case_without_filters(staff_a_client: Client, cases) -> None:
    assert listed(staff_a_client) == numbers(cases, "rent", "loan", "anonymous")


def test_it_filters_by_status(staff_a_client: Client, cases) -> None:
    assert listed(staff_a_client, status="support") == numbers(cases, "loan")


def test_it_filters_by_category_listing_a_case_once(staff_a_client: Client, cases) -> None:
    hardship = Category.objects.get(slug="hardship")
    response = staff_a_client.get("/staff/cases/", {"category": hardship.pk})
    found = [case.number for case in response.context["page"].object_list]
    assert found.count(cases["loan"].number) == 1
    assert set(found) == numbers(cases, "loan") | {
        c.number for c in cases.values() if c.categories.filter(pk=hardship.pk).exists()
    }


def test_it_filters_by_district(staff_a_client: Client, cases) -> None:
    oizumi = District.objects.get(slug="oizumi")
    assert listed(staff_a_client, district=oizumi.pk) == numbers(cases, "loan", "anonymous")


def test_it_filters_by_assignee_as_main_or_second(
    staff_a_client: Client, staff_a: User, cases
) -> None:
    assert listed(staff_a_client, assignee=staff_a.pk) == numbers(cases, "rent", "anonymous")


def test_it_filters_by_received_date_range(staff_a_client: Client, cases) -> None:
    assert listed(staff_a_client, received_from="2025-05-01", received_to="2025-09-29") == numbers(
        cases, "loan"
    )


def test_it_searches_by_case_number_kana_and_phone(staff_a_client: Client, cases) -> None:
    def searched(words: str) -> set[str]:
        response = search_cases(staff_a_client, q=words)
        return {case.number for case in response.context["page"].object_list}

    assert searched(cases["loan"].number) == numbers(cases, "loan")
    assert searched("アオキ") == numbers(cases, "rent")
    assert searched("03-3333-1111") == numbers(cases, "rent")


def test_it_says_so_when_a_filter_value_is_invalid(staff_a_client: Client, cases) -> None:
    response = staff_a_client.get("/staff/cases/", {"received_from": "not-a-date"})
    assert response.status_code == 200
    assert "日付" in response.content.decode()


@pytest.mark.parametrize("value", ["999999", "abc", "1.5", ""])
def test_a_category_district_or_assignee_not_offered_narrows_nothing(
    staff_a_client: Client, staff_a: User, cases, value: str
) -> None:
    """The chosen row is looked up among the rows the select offers (staff.filters'
    ListedModelChoiceField): one that is not offered is refused, as Django's own check did."""
    everything = numbers(cases, "rent", "loan", "anonymous")
    for name in ("category", "district", "assignee"):
        response = staff_a_client.get("/staff/cases/", {name: value})
        assert response.status_code == 200
        shown = {case.number for case in response.context["page"].object_list}
        assert shown == everything, name
        refused = response.context["filter"].form.errors
        assert (name in refused) == bool(value), name


def test_an_assignee_who_left_the_case_roles_is_no_longer_offered_nor_accepted(
    staff_a_client: Client, staff_a: User, staff_a2: User, cases
) -> None:
    assert listed(staff_a_client, assignee=staff_a2.pk) == numbers(cases, "loan", "anonymous")
    staff_a2.is_active = False
    staff_a2.save()
    response = staff_a_client.get("/staff/cases/", {"assignee": staff_a2.pk})
    assert "assignee" in response.context["filter"].form.errors
    page = response.content.decode()
    assignees = page[page.index('<select name="assignee"') :]
    assignees = assignees[: assignees.index("</select>")]
    assert f'<option value="{staff_a.pk}"' in assignees
    assert f'<option value="{staff_a2.pk}"' not in assignees


def test_it_pages_through_long_lists(staff_a: User, staff_a_client: Client) -> None:
    for _ in range(55):
        CaseFactory(primary_staff=staff_a)
    first = staff_a_client.get("/staff/cases/")
    second = staff_a_client.get("/staff/cases/", {"page": 2})
    assert len(first.context["page"].object_list) == 50
    assert len(second.context["page"].object_list) == 5
