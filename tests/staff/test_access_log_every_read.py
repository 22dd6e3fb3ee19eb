"""Every read of the workspace writes exactly one access-log row, however the page was made
cheaper: the dashboard, the case list (plain, filtered, searched, any page) and a case."""

import pytest
from django.test import Client

from accounts.models import User
from consultations.models import AccessLog, Case
from tests.consultations.factories import CaseFactory, PersonFactory

pytestmark = pytest.mark.django_db


def logged(client: Client, path: str) -> list[AccessLog]:
    before = set(AccessLog.objects.values_list("pk", flat=True))
    assert client.get(path).status_code == 200
    return list(AccessLog.objects.exclude(pk__in=before))


@pytest.fixture
def many_cases(staff_a: User) -> list[Case]:
    return [
        CaseFactory(primary_staff=staff_a, person=PersonFactory(kana=f"よみ {i}"))
        for i in range(55)
    ]


@pytest.mark.parametrize(
    ("path", "detail"),
    [
        ("/staff/", "dashboard"),
        ("/staff/cases/", "cases"),
        ("/staff/cases/?page=2", "cases"),
        ("/staff/inquiries/", "inquiries"),
    ],
)
def test_each_page_view_writes_one_row(
    staff_a: User, staff_a_client: Client, many_cases, path: str, detail: str
) -> None:
    for _ in range(2):
        (row,) = logged(staff_a_client, path)
        assert (row.user, row.action, row.case, row.detail) == (
            staff_a,
            AccessLog.Action.VIEW,
            None,
            detail,
        )


def test_a_filtered_list_writes_one_search_row(
    staff_a: User, staff_a_client: Client, many_cases
) -> None:
    (row,) = logged(staff_a_client, "/staff/cases/?status=received&page=2")
    assert row.action == AccessLog.Action.SEARCH
    assert "status=received" in row.detail


def test_a_searched_list_writes_one_row_per_page_read(
    staff_a: User, staff_a_client: Client, many_cases
) -> None:
    location = staff_a_client.post("/staff/cases/", {"q": "よみ"})["Location"]
    for _ in range(2):
        (row,) = logged(staff_a_client, location)
        assert row.action == AccessLog.Action.SEARCH
        assert "q=よみ" in row.detail


def test_each_case_view_writes_one_row(staff_a: User, staff_a_client: Client, a_case: Case) -> None:
    for _ in range(2):
        (row,) = logged(staff_a_client, f"/staff/cases/{a_case.number}/")
        assert (row.user, row.action, row.case) == (staff_a, AccessLog.Action.VIEW, a_case)
