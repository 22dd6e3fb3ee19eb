"""Attendance of places in the whole series (全日程), recorded date by date: the series roster
offers its past dates, and each date lists those who held a place by then (what is recorded
feeds the indicator: tests/progress/test_participants_indicator.py)."""

import datetime as dt

import pytest
from django.test import Client

from accounts.models import User
from networks.models import Activity, Theme
from participation.models import (
    OccurrenceChange,
    Participation,
    ParticipationSettings,
    SeriesAttendance,
)
from tests.factories import ActivityFactory
from tests.html import visible_text
from tests.networks.calendar_days import set_today

pytestmark = pytest.mark.django_db

D = dt.date
TODAY = D(2027, 2, 15)  # a Monday
EARLIER, LAST = D(2027, 2, 4), D(2027, 2, 11)  # two Thursdays that have passed
COMING = D(2027, 2, 18)


@pytest.fixture
def salon(monkeypatch: pytest.MonkeyPatch) -> Activity:
    """Every Thursday, joined as a whole series."""
    set_today(monkeypatch, TODAY)
    salon = ActivityFactory(
        title="ひかりサロン",
        theme=Theme.objects.get(slug="places-to-belong"),
        schedule=Activity.Schedule.WEEKLY,
        weekdays=[3],
        start_time=dt.time(10),
        end_time=dt.time(12),
    )
    ParticipationSettings.objects.create(activity=salon, capacity=5, scope="series")
    return salon


@pytest.fixture
def places(salon: Activity, resident: User, neighbour: User) -> dict[str, Participation]:
    """The resident held a series place from January, the neighbour from 8 February."""
    return {
        "resident": Participation.objects.create(
            activity=salon, user=resident, created_at=dt.datetime(2027, 1, 20, 12, tzinfo=dt.UTC)
        ),
        "neighbour": Participation.objects.create(
            activity=salon, user=neighbour, created_at=dt.datetime(2027, 2, 8, 12, tzinfo=dt.UTC)
        ),
    }


def roster(salon: Activity, date: dt.date | None = None) -> str:
    return f"/activities/{salon.pk}/roster/" + (f"?date={date:%Y-%m-%d}" if date else "")


def test_the_series_roster_offers_its_past_dates(
    places: dict[str, Participation], salon: Activity, coordinator_client: Client
) -> None:
    html = coordinator_client.get(roster(salon)).content.decode()

    assert f'href="?date={LAST:%Y-%m-%d}"' in html
    assert f'href="?date={EARLIER:%Y-%m-%d}"' in html
    assert f'href="?date={COMING:%Y-%m-%d}"' not in html
    assert html.index(f"?date={LAST:%Y-%m-%d}") < html.index(f"?date={EARLIER:%Y-%m-%d}")
    for not_a_past_date in (COMING, D(2027, 2, 5)):  # to come; a Friday
        assert coordinator_client.get(roster(salon, not_a_past_date)).status_code == 404


def test_a_date_lists_who_held_a_place_then_and_records_who_came(
    places: dict[str, Participation], salon: Activity, coordinator_client: Client
) -> None:
    earlier = coordinator_client.get(roster(salon, EARLIER)).content.decode()
    assert "練馬 花子" in earlier
    assert "石神井 次郎" not in earlier  # joined after that date

    response = coordinator_client.post(roster(salon, LAST), {"attended": [places["neighbour"].pk]})

    assert response.status_code == 302
    assert dict(
        SeriesAttendance.objects.filter(date=LAST).values_list(
            "participation__user__name", "attended"
        )
    ) == {"練馬 花子": False, "石神井 次郎": True}
    last = coordinator_client.get(roster(salon, LAST)).content.decode()
    assert "出席を記録しました（1人）。" in last
    assert not SeriesAttendance.objects.filter(date=EARLIER).exists()
    assert "未記録" in visible_text(coordinator_client.get(roster(salon, EARLIER)))
    places["neighbour"].refresh_from_db()
    assert places["neighbour"].attended is None  # the place itself is not one date


def test_a_resident_cannot_record_attendance(
    places: dict[str, Participation], salon: Activity, resident_client: Client
) -> None:
    response = resident_client.post(roster(salon, LAST), {"attended": [places["resident"].pk]})

    assert response.status_code == 404
    assert not SeriesAttendance.objects.exists()


def test_a_place_cancelled_since_is_still_on_the_dates_it_was_held(
    places: dict[str, Participation], salon: Activity, coordinator_client: Client
) -> None:
    Participation.objects.filter(pk=places["neighbour"].pk).update(
        status=Participation.Status.CANCELLED,
        cancelled_at=dt.datetime(2027, 2, 13, 12, tzinfo=dt.UTC),
    )

    last = coordinator_client.get(roster(salon, LAST)).content.decode()
    coordinator_client.post(roster(salon, LAST), {"attended": [places["neighbour"].pk]})

    assert "石神井 次郎" in last
    assert SeriesAttendance.objects.get(participation=places["neighbour"]).attended is True


def test_a_pause_begun_since_leaves_the_past_dates_to_record(
    places: dict[str, Participation], salon: Activity, coordinator_client: Client
) -> None:
    salon.is_paused = True
    salon.save()

    html = coordinator_client.get(roster(salon)).content.decode()

    assert f'href="?date={LAST:%Y-%m-%d}"' in html
    assert coordinator_client.get(roster(salon, LAST)).status_code == 200


def test_a_date_moved_then_called_off_is_not_offered(
    places: dict[str, Participation], salon: Activity, coordinator_client: Client
) -> None:
    OccurrenceChange.objects.create(
        activity=salon, date=EARLIER, kind="moved", moved_to=D(2027, 2, 6), reason="会場"
    )
    OccurrenceChange.objects.create(
        activity=salon, date=D(2027, 2, 6), kind="cancelled", reason="雪"
    )

    html = coordinator_client.get(roster(salon)).content.decode()

    assert f'href="?date={EARLIER:%Y-%m-%d}"' not in html
    assert 'href="?date=2027-02-06"' not in html
    assert f'href="?date={LAST:%Y-%m-%d}"' in html
