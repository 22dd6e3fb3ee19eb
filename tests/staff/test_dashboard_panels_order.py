"""The dashboard's panels list the first ten in their order, and no more: my open cases
newest first (as 主担当 or 副担当, not my team's others), my follow-ups due by today earliest
first (not done ones, not on a case I can no longer see)."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from accounts.models import User
from consultations.models import Case, Task
from tests.consultations.factories import CaseFactory
from tests.html import visible_text
from tests.staff.conftest import team

pytestmark = pytest.mark.django_db


def test_my_cases_are_the_ten_newest_open_ones_i_am_assigned_to(
    staff_a: User, staff_a2: User, staff_a_client: Client
) -> None:
    day = dt.date(2025, 6, 1)
    as_primary = [
        CaseFactory(primary_staff=staff_a, received_on=day + dt.timedelta(days=n))
        for n in range(0, 12, 2)
    ]
    as_secondary = [
        CaseFactory(
            primary_staff=staff_a2,
            secondary_staff=staff_a,
            received_on=day + dt.timedelta(days=n),
        )
        for n in range(1, 12, 2)
    ]
    newest_closed = CaseFactory(
        primary_staff=staff_a, status=Case.Status.CLOSED, received_on=day + dt.timedelta(days=30)
    )
    teams_other = CaseFactory(primary_staff=staff_a2, received_on=day + dt.timedelta(days=31))

    text = visible_text(staff_a_client.get("/staff/"))

    mine = sorted(as_primary + as_secondary, key=lambda case: case.received_on, reverse=True)
    shown = [case.number for case in mine[:10]]
    assert [number for number in shown if number in text] == shown
    assert [text.index(number) for number in shown] == sorted(
        text.index(number) for number in shown
    )
    for left_out in [*mine[10:], newest_closed, teams_other]:
        assert left_out.number not in text


def test_my_follow_ups_are_the_ten_due_earliest_on_cases_i_see(
    staff_a: User, staff_b: User, staff_a_client: Client
) -> None:
    today = timezone.localdate()
    case = CaseFactory(primary_staff=staff_a)
    due = [
        Task.objects.create(
            case=case,
            title=f"やること{n:02d}",
            due_on=today - dt.timedelta(days=20 - n),
            assignee=staff_a,
            created_by=staff_a,
        )
        for n in range(12)
    ]
    done = Task.objects.create(
        case=case,
        title="済んだこと",
        due_on=today - dt.timedelta(days=30),
        assignee=staff_a,
        created_by=staff_a,
        done_on=today,
    )
    elsewhere = Task.objects.create(
        case=CaseFactory(primary_staff=staff_b, team=team("shikin")),
        title="見えないケースのこと",
        due_on=today - dt.timedelta(days=40),
        assignee=staff_a,
        created_by=staff_b,
    )

    text = visible_text(staff_a_client.get("/staff/"))

    shown = [task.title for task in due[:10]]
    assert [title for title in shown if title in text] == shown
    assert [text.index(title) for title in shown] == sorted(text.index(title) for title in shown)
    for left_out in [*due[10:], done, elsewhere]:
        assert left_out.title not in text
