"""The dashboard's panels are read with SQL kept per process for each user's visibility
(core.compiled): whoever asked before, each user's panels show what the rule lets them see
now, after a change of team or role, and on the day it is."""

import datetime as dt
from unittest import mock

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.utils import timezone

from accounts.models import User
from accounts.roles import SUPERVISOR
from consultations.models import Case, Task, TeamMembership
from tests.consultations.factories import CaseFactory, EntryFactory
from tests.html import visible_text
from tests.staff.conftest import client_for, team

pytestmark = pytest.mark.django_db


@pytest.fixture
def cases(staff_a: User, staff_a2: User, staff_b: User) -> dict[str, Case]:
    """A 通常 and a 制限 case of team A (staff_a2's), one of team B; each with an entry, so
    that each shows in the recent activity of those who may see it."""
    made = {
        "a_normal": CaseFactory(primary_staff=staff_a2),
        "a_restricted": CaseFactory(
            primary_staff=staff_a2, confidentiality=Case.Confidentiality.RESTRICTED
        ),
        "b_normal": CaseFactory(primary_staff=staff_b, team=team("shikin")),
    }
    for case in made.values():
        EntryFactory(case=case, staff=case.primary_staff)
    return made


def shown(client: Client, cases: dict[str, Case]) -> set[str]:
    text = visible_text(client.get("/staff/"))
    return {name for name, case in cases.items() if case.number in text}


def test_each_user_sees_their_own_panels_whoever_asked_before(
    staff_a: User, staff_b: User, supervisor_a: User, cases: dict[str, Case]
) -> None:
    expected = {
        staff_a: {"a_normal"},
        staff_b: {"b_normal"},
        supervisor_a: {"a_normal", "a_restricted"},
    }
    clients = {user: client_for(user) for user in expected}

    for user in [staff_a, staff_b, supervisor_a, staff_a, supervisor_a, staff_b]:
        assert shown(clients[user], cases) == expected[user], user.email


def test_a_change_of_team_or_role_shows_on_the_next_dashboard(
    staff_a: User, staff_a_client: Client, cases: dict[str, Case]
) -> None:
    assert shown(staff_a_client, cases) == {"a_normal"}

    TeamMembership.objects.filter(user=staff_a).update(team=team("shikin"))
    assert shown(staff_a_client, cases) == {"b_normal"}

    TeamMembership.objects.filter(user=staff_a).update(team=team("jiritsu"), is_supervisor=True)
    staff_a.groups.add(Group.objects.get(name=SUPERVISOR))  # supervision needs the role too
    assert shown(staff_a_client, cases) == {"a_normal", "a_restricted"}

    TeamMembership.objects.filter(user=staff_a).delete()
    assert shown(staff_a_client, cases) == set()


def test_follow_ups_due_are_those_of_the_day_it_is(staff_a: User, staff_a_client: Client) -> None:
    today = timezone.localdate()
    tomorrow = today + dt.timedelta(days=1)
    case = CaseFactory(primary_staff=staff_a)
    for title, due_on in (("今日のやること", today), ("明日のやること", tomorrow)):
        Task.objects.create(
            case=case, title=title, due_on=due_on, assignee=staff_a, created_by=staff_a
        )

    text = visible_text(staff_a_client.get("/staff/"))
    assert "今日のやること" in text
    assert "明日のやること" not in text

    with mock.patch("django.utils.timezone.localdate", return_value=tomorrow):
        text = visible_text(staff_a_client.get("/staff/"))
    assert "今日のやること" in text  # overdue now
    assert "明日のやること" in text
