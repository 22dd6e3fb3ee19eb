"""Every view, search and export of case data in the workspace leaves an access-log row."""

import pytest
from django.test import Client

from accounts.models import User
from consultations.models import AccessLog, Case
from tests.staff.searches import find_person, search_cases

pytestmark = pytest.mark.django_db


def test_opening_a_case_is_logged(staff_a: User, staff_a_client: Client, a_case: Case) -> None:
    staff_a_client.get(f"/staff/cases/{a_case.number}/", REMOTE_ADDR="198.51.100.4")

    log = AccessLog.objects.get(action=AccessLog.Action.VIEW, case=a_case)
    assert log.user == staff_a
    assert log.ip == "198.51.100.4"


def test_a_search_is_logged_with_its_terms(staff_a: User, staff_a_client: Client, a_case) -> None:
    search_cases(staff_a_client, q="しゃくじい", status="received")

    log = AccessLog.objects.get(action=AccessLog.Action.SEARCH)
    assert log.user == staff_a
    assert "q=しゃくじい" in log.detail
    assert "status=received" in log.detail


def test_a_person_search_at_intake_is_logged(staff_a_client: Client) -> None:
    find_person(staff_a_client, kana="やまだ")
    assert "kana=やまだ" in AccessLog.objects.get(action=AccessLog.Action.SEARCH).detail


def test_a_refused_case_view_is_not_a_view(staff_b_client: Client, a_case: Case) -> None:
    staff_b_client.get(f"/staff/cases/{a_case.number}/")
    assert not AccessLog.objects.filter(case=a_case).exists()


def test_the_supervisor_sees_who_opened_the_case(
    staff_a: User, staff_a_client: Client, supervisor_a_client: Client, a_case: Case
) -> None:
    staff_a_client.get(f"/staff/cases/{a_case.number}/")

    response = supervisor_a_client.get(f"/staff/cases/{a_case.number}/access-log/")

    assert response.status_code == 200
    assert staff_a.name in response.content.decode()


def test_staff_cannot_read_the_access_log(staff_a_client: Client, a_case: Case) -> None:
    assert staff_a_client.get(f"/staff/cases/{a_case.number}/access-log/").status_code == 404
