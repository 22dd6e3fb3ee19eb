"""The dashboard: my open cases, follow-ups due today and overdue, new inquiries, recent
activity — and nothing of a case the user may not see."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from accounts.models import User
from consultations.models import Case, Inquiry, Task
from tests.consultations.factories import CaseFactory, EntryFactory
from tests.html import visible_text
from tests.staff.conftest import team

pytestmark = pytest.mark.django_db


def test_it_shows_my_open_cases_and_not_closed_ones(staff_a: User, staff_a_client: Client):
    mine = CaseFactory(primary_staff=staff_a)
    closed = CaseFactory(primary_staff=staff_a, status=Case.Status.CLOSED)

    text = visible_text(staff_a_client.get("/staff/"))

    assert mine.number in text
    assert closed.number not in text


def test_it_lists_follow_ups_due_today_and_overdue(staff_a: User, staff_a_client: Client):
    case = CaseFactory(primary_staff=staff_a)
    today = timezone.localdate()
    for title, due in [
        ("家計表を受け取る", today - dt.timedelta(days=3)),
        ("大家さんに電話", today),
        ("来月の面談", today + dt.timedelta(days=30)),
    ]:
        Task.objects.create(
            case=case, title=title, due_on=due, assignee=staff_a, created_by=staff_a
        )

    text = visible_text(staff_a_client.get("/staff/"))

    assert "期限切れ" + f"{(today - dt.timedelta(days=3)):%-m}月" in text
    assert "家計表を受け取る" in text
    assert "大家さんに電話" in text
    assert "来月の面談" not in text


def test_it_shows_new_inquiries(staff_a_client: Client, an_inquiry: Inquiry) -> None:
    assert an_inquiry.reference in visible_text(staff_a_client.get("/staff/"))


def test_it_shows_recent_entries_of_visible_cases_only(
    staff_a: User, staff_a_client: Client, staff_b: User
) -> None:
    seen = EntryFactory(case=CaseFactory(primary_staff=staff_a), staff=staff_a, summary="見える")
    hidden = EntryFactory(
        case=CaseFactory(primary_staff=staff_b, team=team("shikin")), staff=staff_b
    )

    text = visible_text(staff_a_client.get("/staff/"))

    assert seen.case.number in text
    assert hidden.case.number not in text
