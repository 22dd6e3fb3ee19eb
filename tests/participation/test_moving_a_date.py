"""A coordinator moves a date onto another day in the admin: the places move with it. Someone
who already holds a place on the new day keeps one place there (the better of the two), and a
move that would leave the new day holding more places than the capacity is refused, next to
the new date, with nothing changed."""

import datetime as dt

import pytest
from django.core import mail
from django.test import Client

from accounts.models import User
from networks.models import Activity
from participation import services
from participation.models import OccurrenceChange, Participation, ParticipationSettings
from tests.factories import ActivityFactory
from tests.networks.calendar_days import set_today

pytestmark = pytest.mark.django_db

D = dt.date
FIRST, SECOND = D(2027, 2, 4), D(2027, 2, 11)  # two Thursdays


@pytest.fixture
def salon(monkeypatch: pytest.MonkeyPatch) -> Activity:
    """Every Thursday 10:00–12:00, two places a date."""
    set_today(monkeypatch, D(2027, 2, 1))
    salon = ActivityFactory(
        title="ひかりサロン",
        schedule=Activity.Schedule.WEEKLY,
        weekdays=[3],
        start_time=dt.time(10),
        end_time=dt.time(12),
    )
    ParticipationSettings.objects.create(activity=salon, capacity=2, closes_hours_before=0)
    return salon


def place(salon: Activity, user: User, date: dt.date, status: str = "confirmed") -> Participation:
    return Participation.objects.create(activity=salon, user=user, date=date, status=status)


def move(
    client: Client,
    salon: Activity,
    capture: object,
    date: dt.date = FIRST,
    to: dt.date = SECOND,
    reason: str = "会場の都合",
) -> object:
    """A coordinator moves `date` to `to` in the admin (the e-mails sent at the commit)."""
    with capture(execute=True):  # type: ignore[operator]
        return client.post(
            "/admin/participation/occurrencechange/add/",
            {"activity": salon.pk, "date": date, "kind": "moved", "moved_to": to, "reason": reason},
        )


def active_places(user: User) -> list[tuple[dt.date, str]]:
    return list(Participation.objects.active().filter(user=user).values_list("date", "status"))


def test_someone_with_a_place_on_both_days_keeps_one(
    salon: Activity,
    resident: User,
    coordinator_client: Client,
    django_capture_on_commit_callbacks: object,
) -> None:
    place(salon, resident, FIRST)
    place(salon, resident, SECOND)

    response = move(coordinator_client, salon, django_capture_on_commit_callbacks)

    assert response.status_code == 302
    assert active_places(resident) == [(SECOND, "confirmed")]
    assert [m.to for m in mail.outbox] == [[resident.email]]


def test_a_held_place_wins_over_a_place_on_the_waiting_list(
    salon: Activity,
    resident: User,
    neighbour: User,
    coordinator_client: Client,
    django_capture_on_commit_callbacks: object,
) -> None:
    place(salon, resident, FIRST)
    place(salon, neighbour, SECOND)
    waiting = place(salon, resident, SECOND, status="waiting")

    response = move(coordinator_client, salon, django_capture_on_commit_callbacks)

    assert response.status_code == 302
    assert active_places(resident) == [(SECOND, "confirmed")]
    waiting.refresh_from_db()
    assert waiting.status == Participation.Status.CANCELLED
    assert active_places(neighbour) == [(SECOND, "confirmed")]


def test_a_move_past_the_capacity_is_refused_until_it_is_raised(
    salon: Activity,
    resident: User,
    neighbour: User,
    third: User,
    coordinator_client: Client,
    django_capture_on_commit_callbacks: object,
) -> None:
    place(salon, resident, FIRST)
    place(salon, neighbour, FIRST)
    place(salon, third, SECOND)

    response = move(coordinator_client, salon, django_capture_on_commit_callbacks)

    assert response.status_code == 200
    assert (
        "変更後の日に移すと、申込みが3人になり、定員（2人）を超えます。"
        "定員を増やしてから変更するか、別の日を選んでください。"
    ) in response.content.decode()
    assert not OccurrenceChange.objects.exists()
    assert active_places(resident) == [(FIRST, "confirmed")]
    assert mail.outbox == []

    ParticipationSettings.objects.filter(activity=salon).update(capacity=3)
    assert move(coordinator_client, salon, django_capture_on_commit_callbacks).status_code == 302
    assert active_places(resident) == [(SECOND, "confirmed")]
    assert active_places(third) == [(SECOND, "confirmed")]


def test_a_date_moved_back_can_be_joined_again(
    salon: Activity,
    resident: User,
    coordinator_client: Client,
    django_capture_on_commit_callbacks: object,
) -> None:
    place(salon, resident, FIRST)
    assert move(coordinator_client, salon, django_capture_on_commit_callbacks).status_code == 302
    back = move(
        coordinator_client,
        salon,
        django_capture_on_commit_callbacks,
        date=SECOND,
        to=FIRST,
        reason="元に戻します",
    )

    assert back.status_code == 302
    assert active_places(resident) == [(FIRST, "confirmed")]
    assert FIRST in services.joinable_dates(salon.participation_settings)
    assert list(OccurrenceChange.objects.values_list("date", "moved_to")) == [(SECOND, FIRST)]
