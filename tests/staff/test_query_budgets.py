"""The workspace's pages answer in a constant number of queries: ten times the data costs
not one query more (no query per row), and no page costs more queries than its budget (the
counts of issue 10's measurement, less the two queries saved since: a page may get cheaper,
never dearer). Every count includes the session, the user, their permissions (one query,
accounts/backends.py), second factor and teams (one query, consultations.permissions._access),
and the access-log row."""

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import User
from consultations.models import Category, Flag, Referral, ReferralDestination, Task
from tests.consultations.factories import CaseFactory, EntryFactory, PersonFactory

pytestmark = pytest.mark.django_db

BUDGET = 25


def make_data(staff: User, n: int) -> str:
    """n cases with two categories, entries, tasks, flags and referrals; a case's number."""
    categories = list(Category.objects.all()[:2])
    destination = ReferralDestination.objects.create(name=f"つなぎ先{n}")
    today = timezone.localdate()
    case = None
    for i in range(n):
        case = CaseFactory(
            primary_staff=staff,
            person=PersonFactory(kana=f"てすと {n}-{i}"),
            categories=categories,
        )
        EntryFactory(case=case, staff=staff)
        Task.objects.create(
            case=case,
            title="確認",
            due_on=today - dt.timedelta(days=i),
            assignee=staff,
            created_by=staff,
        )
        Flag.objects.create(
            case=case, kind=Flag.Kind.CONTACT_CAUTION, instructions="注意", created_by=staff
        )
        Referral.objects.create(
            case=case,
            destination=destination,
            reason="理由",
            basis=Referral.Basis.NONE,
            created_by=staff,
        )
    return case.number


def warm(client: Client) -> None:
    """One request first: the session's idle-timeout mark is written at most once a minute,
    so only a session's first request pays for that write; the tests measure the rest."""
    assert client.get("/staff/").status_code == 200


def count(client: Client, path: str, params: dict | None = None) -> int:
    if params and "q" in params:  # a search is posted, and its result page measured
        path, params = client.post(path, params)["Location"], None
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, params or {})
    assert response.status_code == 200, path
    return len(queries)


# Each page writes one access-log row, chained to the one before (consultations/audit_chain.py:
# reading the chain's last hash is one query); the case page also reads the household.
PAGES = [
    ("/staff/", None, 10),
    ("/staff/cases/", None, 11),
    ("/staff/cases/", {"q": "てすと", "status": "received"}, 11),
    ("/staff/cases/", {"category": "CATEGORY", "district": "DISTRICT"}, 11),
    ("/staff/inquiries/", None, 7),
]
CASE_PAGE_BUDGET = 16


def _params(params: dict | None) -> dict | None:
    if params and params.get("category") == "CATEGORY":
        from networks.models import District

        return {"category": Category.objects.first().pk, "district": District.objects.first().pk}
    return params


@pytest.mark.parametrize(("path", "params", "budget"), PAGES)
def test_lists_cost_the_same_queries_for_ten_times_the_cases(
    staff_a: User, staff_a_client: Client, path, params, budget
) -> None:
    make_data(staff_a, 3)
    warm(staff_a_client)
    few = count(staff_a_client, path, _params(params))
    make_data(staff_a, 30)
    many = count(staff_a_client, path, _params(params))
    assert many == few <= budget


def test_the_case_page_costs_the_same_queries_however_long_its_record(
    staff_a: User, staff_a_client: Client
) -> None:
    small = CaseFactory(primary_staff=staff_a)
    EntryFactory(case=small, staff=staff_a)
    big = CaseFactory(primary_staff=staff_a)
    destination = ReferralDestination.objects.create(name="つなぎ先")
    for _ in range(10):
        old = EntryFactory(case=big, staff=staff_a)
        EntryFactory(case=big, staff=staff_a, version_of=old)
        Task.objects.create(
            case=big,
            title="確認",
            due_on=timezone.localdate(),
            assignee=staff_a,
            created_by=staff_a,
        )
        Referral.objects.create(
            case=big,
            destination=destination,
            reason="理由",
            basis=Referral.Basis.NONE,
            created_by=staff_a,
        )
        Flag.objects.create(
            case=big, kind=Flag.Kind.CONTACT_CAUTION, instructions="注意", created_by=staff_a
        )

    warm(staff_a_client)
    few = count(staff_a_client, f"/staff/cases/{small.number}/")
    many = count(staff_a_client, f"/staff/cases/{big.number}/")

    assert many == few <= CASE_PAGE_BUDGET


def test_reports_cost_the_same_queries_for_ten_times_the_cases(
    supervisor_a_client: Client, staff_a: User
) -> None:
    period = {"start": "2000-01-01", "end": "2100-01-01"}
    make_data(staff_a, 3)
    warm(supervisor_a_client)
    few = count(supervisor_a_client, "/staff/reports/", period)
    make_data(staff_a, 30)
    assert count(supervisor_a_client, "/staff/reports/", period) == few <= BUDGET
