"""The case list stops counting at a cap: past it, the heading says 「N件以上」, the pages end
at the cap and the page asks to narrow the list down; under it, the exact count is shown."""

import datetime as dt

import pytest
from django.test import Client

from accounts.models import User
from staff.pagination import CappedPaginator
from tests.consultations.factories import CaseFactory, PersonFactory
from tests.html import visible_text
from tests.staff.searches import search_cases

pytestmark = pytest.mark.django_db


@pytest.fixture
def five_cases(staff_a: User) -> list[str]:
    return [
        CaseFactory(primary_staff=staff_a, received_on=dt.date(2025, 5, day)).number
        for day in range(1, 6)
    ]


def test_past_the_cap_the_list_says_more_than_and_stops_paging(
    staff_a_client: Client, five_cases: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(CappedPaginator, "cap", 3)

    response = staff_a_client.get("/staff/cases/")

    text = visible_text(response)
    assert "3件以上のケース" in text
    assert "絞り込む" in text
    page = response.context["page"]
    assert page.paginator.count == 3
    assert page.paginator.capped is True
    # The newest come first; the oldest two are beyond the cap.
    shown = [case.number for case in page.object_list]
    assert shown[:3] == five_cases[::-1][:3]


def test_under_the_cap_the_exact_count_is_shown(
    staff_a_client: Client, five_cases: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(CappedPaginator, "cap", 5)

    response = staff_a_client.get("/staff/cases/")

    text = visible_text(response)
    assert "5件のケース" in text
    assert "件以上のケース" not in text
    assert response.context["page"].paginator.capped is False


def test_a_search_stops_counting_sooner_than_the_list(
    staff_a: User, staff_a_client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    for day in range(1, 6):
        CaseFactory(
            primary_staff=staff_a,
            person=PersonFactory(kana=f"ねりま {day}"),
            received_on=dt.date(2025, 5, day),
        )
    monkeypatch.setattr("staff.views.SEARCH_COUNT_CAP", 3)

    searched = visible_text(search_cases(staff_a_client, q="ねりま"))
    listed = visible_text(staff_a_client.get("/staff/cases/"))

    assert "3件以上のケース" in searched
    assert "5件のケース" in listed
