"""A place in the whole series (全日程) taken from the waiting list counts from the day it was
moved up, not from the day it was asked for: the series roster of a date before then does not
list its holder (nor offers to record their attendance, which feeds the indicator), the
dates after it do. The place it was freed by still counts on the dates it was held."""

import datetime as dt

import pytest
from django.test import Client

from accounts.models import User
from networks.models import Activity
from participation.models import Participation, ParticipationSettings, SeriesAttendance
from tests.conftest import client_for
from tests.factories import ActivityFactory
from tests.networks.calendar_days import set_today

pytestmark = pytest.mark.django_db

D = dt.date
ASKED, MOVED_UP, TODAY = D(2027, 1, 25), D(2027, 2, 8), D(2027, 2, 15)
EARLIER, LAST = D(2027, 2, 4), D(2027, 2, 11)  # two Thursdays, before and after moving up


@pytest.fixture
def salon(monkeypatch: pytest.MonkeyPatch, resident: User, neighbour: User) -> Activity:
    """Every Thursday, joined as a whole series, one place: the resident took it on 20
    January, the neighbour asked on 25 January and waited; the resident gave it up on 8
    February, which moved the neighbour up."""
    set_today(monkeypatch, D(2027, 1, 20))
    salon = ActivityFactory(
        title="ひかりサロン",
        schedule=Activity.Schedule.WEEKLY,
        weekdays=[3],
        start_time=dt.time(10),
        end_time=dt.time(12),
    )
    ParticipationSettings.objects.create(
        activity=salon, capacity=1, scope="series", closes_hours_before=0
    )
    for user, day in ((resident, D(2027, 1, 20)), (neighbour, ASKED)):
        set_today(monkeypatch, day)
        response = client_for(user).post(f"/activities/{salon.pk}/join/", {"confirm": "1"})
        assert response.status_code == 302
    held = Participation.objects.get(user=resident)
    assert Participation.objects.get(user=neighbour).status == "waiting"
    set_today(monkeypatch, MOVED_UP)
    cancel = client_for(resident).post(f"/my/participations/{held.pk}/cancel/")
    assert cancel.status_code == 302
    assert Participation.objects.get(user=neighbour).status == "confirmed"
    set_today(monkeypatch, TODAY)
    return salon


def roster(salon: Activity, date: dt.date) -> str:
    return f"/activities/{salon.pk}/roster/?date={date:%Y-%m-%d}"


def test_a_place_moved_up_is_not_on_the_roster_of_the_dates_it_waited_through(
    salon: Activity, coordinator_client: Client
) -> None:
    earlier = coordinator_client.get(roster(salon, EARLIER)).content.decode()
    last = coordinator_client.get(roster(salon, LAST)).content.decode()

    assert "練馬 花子" in earlier  # held the place then
    assert "石神井 次郎" not in earlier  # still waiting then
    assert "石神井 次郎" in last
    assert "練馬 花子" not in last  # gave it up before


def test_attendance_is_not_recorded_for_a_date_waited_through(
    salon: Activity, neighbour: User, coordinator_client: Client
) -> None:
    moved_up = Participation.objects.get(user=neighbour)

    coordinator_client.post(roster(salon, EARLIER), {"attended": [moved_up.pk]})
    coordinator_client.post(roster(salon, LAST), {"attended": [moved_up.pk]})

    assert list(
        SeriesAttendance.objects.filter(participation=moved_up).values_list("date", "attended")
    ) == [(LAST, True)]
