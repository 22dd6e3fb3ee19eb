"""A case the user may not see answers 404 everywhere, and never appears in lists or counts."""

import pytest
from django.test import Client

from consultations.models import Case
from tests.staff.conftest import MARKER
from tests.staff.searches import search_cases

pytestmark = pytest.mark.django_db

CASE_PATHS = [
    "/staff/cases/{number}/",
    "/staff/cases/{number}/access-log/",
]
CASE_POSTS = [
    ("/staff/cases/{number}/entries/", {"entry-kind": "phone", "entry-summary": "x"}),
    ("/staff/cases/{number}/referrals/", {}),
    ("/staff/cases/{number}/consents/", {}),
    ("/staff/cases/{number}/tasks/", {}),
    ("/staff/cases/{number}/flags/", {}),
    ("/staff/cases/{number}/status/", {"status-status": "assessment"}),
]


def assert_hidden(client: Client, case: Case) -> None:
    for path in CASE_PATHS:
        assert client.get(path.format(number=case.number)).status_code == 404, path
    for path, data in CASE_POSTS:
        assert client.post(path.format(number=case.number), data).status_code == 404, path
    listing = client.get("/staff/cases/")
    assert case.number not in listing.content.decode()
    assert listing.context["page"].paginator.count == 0
    # Searched for, it is not found (the search words are, of course, still in the box).
    for words in (case.number, case.person.kana):
        search = search_cases(client, q=words)
        assert search.context["page"].paginator.count == 0
        assert case.person.name not in search.content.decode()
        assert f'href="/staff/cases/{case.number}/"' not in search.content.decode()
    dashboard = client.get("/staff/").content.decode()
    assert MARKER not in dashboard
    assert case.number not in dashboard


def test_it_404s_another_teams_case(staff_b_client: Client, a_case: Case) -> None:
    assert_hidden(staff_b_client, a_case)


def test_it_404s_a_restricted_case_to_a_team_member_not_assigned(
    staff_a2_client: Client, a_restricted_case: Case
) -> None:
    assert_hidden(staff_a2_client, a_restricted_case)


def test_a_team_member_sees_a_normal_case_of_the_team(staff_a2_client: Client, a_case: Case):
    response = staff_a2_client.get(f"/staff/cases/{a_case.number}/")
    assert response.status_code == 200
    assert MARKER in response.content.decode()


def test_the_supervisor_sees_a_restricted_case_of_the_team(
    supervisor_a_client: Client, a_restricted_case: Case
) -> None:
    response = supervisor_a_client.get(f"/staff/cases/{a_restricted_case.number}/")
    assert response.status_code == 200
    assert MARKER in response.content.decode()


def test_an_unknown_case_number_is_the_same_404(staff_a_client: Client) -> None:
    assert staff_a_client.get("/staff/cases/2025-999999/").status_code == 404
