"""The household and correction pages answer in a constant number of queries: ten members or
ten corrections cost not one query more than one (no query per row)."""

import pytest
from django.test import Client

from accounts.models import User
from consultations import services
from consultations.models import Case, HouseholdMember
from tests.consultations.factories import CaseFactory
from tests.staff.test_query_budgets import BUDGET, count, warm

pytestmark = pytest.mark.django_db


def case_with(staff: User, supervisor: User, n: int) -> Case:
    case = CaseFactory(primary_staff=staff)
    for i in range(n):
        HouseholdMember.objects.create(case=case, relationship="child", name=f"子{i}")
        services.case_correct_intake(
            case=case, user=supervisor, reason=f"理由{i}", main_concern=f"主訴 {i}"
        )
    return case


@pytest.mark.parametrize("page", ["", "intake/correct/", "intake/history/"])
def test_pages_cost_the_same_queries_for_ten_times_the_rows(
    staff_a: User, supervisor_a: User, supervisor_a_client: Client, page: str
) -> None:
    small = case_with(staff_a, supervisor_a, 1)
    big = case_with(staff_a, supervisor_a, 10)
    warm(supervisor_a_client)

    few = count(supervisor_a_client, f"/staff/cases/{small.number}/{page}")
    many = count(supervisor_a_client, f"/staff/cases/{big.number}/{page}")

    assert many == few
    assert many <= BUDGET
