"""A coordinator changes the days of two sessions in one save of the activity's admin page so
that they trade days (the first takes the second's day, the second the first's), or each takes
the next one's day: the places on each date move with its session. Everyone who held a place
is told 「開催日変更」 with the new day and keeps a place there; a date that a session still
takes place on stays open to join. The capacity counts the places each day holds after the
save, so a swap that fits is saved, and one past the capacity is refused next to the
session's date with nothing changed."""

import datetime as dt

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from accounts.models import User
from networks.models import Activity, ActivitySession
from participation.models import OccurrenceChange, Participation, ParticipationSettings
from tests.factories import MemberFactory
from tests.participation.test_session_moved_in_admin import dated_form

pytestmark = pytest.mark.django_db


@pytest.fixture
def days() -> tuple[dt.date, dt.date, dt.date]:
    first = timezone.localdate() + dt.timedelta(days=10)
    return first, first + dt.timedelta(days=7), first + dt.timedelta(days=14)


@pytest.fixture
def salon(coordinator_client: Client, days: tuple[dt.date, dt.date, dt.date]) -> Activity:
    """A dated activity added in the admin with sessions on the first two days, one place a
    date."""
    first, second, _third = days
    data = dated_form(MemberFactory().pk, (first, "13:00"), (second, "13:00"))
    assert coordinator_client.post("/admin/networks/activity/add/", data).status_code == 302
    salon = Activity.objects.get()
    ParticipationSettings.objects.create(activity=salon, capacity=1, closes_hours_before=0)
    return salon


def sessions(salon: Activity) -> list[ActivitySession]:
    return list(salon.sessions.order_by("starts_at"))


def place(salon: Activity, user: User, date: dt.date, status: str = "confirmed") -> Participation:
    return Participation.objects.create(activity=salon, user=user, date=date, status=status)


def save(client: Client, salon: Activity, *new_days: dt.date, capture: object) -> object:
    """Save the activity with its saved sessions (in order) on `new_days`."""
    data = dated_form(
        salon.organiser_id, *((day, "13:00") for day in new_days), saved=sessions(salon)
    )
    mail.outbox.clear()
    with capture(execute=True):  # type: ignore[operator]
        return client.post(f"/admin/networks/activity/{salon.pk}/change/", data)


def active_places(user: User) -> list[tuple[dt.date, str]]:
    return sorted(Participation.objects.active().filter(user=user).values_list("date", "status"))


def moved_mails() -> list[tuple[str, str, str]]:
    """(to, subject, the new day in the body's 変更後 line) of each e-mail sent."""
    return sorted(
        (
            message.to[0],
            message.subject,
            next(line for line in message.body.splitlines() if line.startswith("変更後：")).split()[
                0
            ],
        )
        for message in mail.outbox
    )


def on(day: dt.date) -> str:
    weekday = "月火水木金土日"[day.weekday()]
    return f"変更後：{day.year}年{day.month}月{day.day}日（{weekday}）"


def test_two_sessions_trading_days_trade_their_places_and_tell_both(
    salon: Activity,
    resident: User,
    neighbour: User,
    coordinator_client: Client,
    days: tuple[dt.date, dt.date, dt.date],
    django_capture_on_commit_callbacks: object,
) -> None:
    first, second, _third = days
    place(salon, resident, first)
    place(salon, neighbour, second)

    response = save(
        coordinator_client, salon, second, first, capture=django_capture_on_commit_callbacks
    )

    assert response.status_code == 302  # one place each way fits the capacity of one
    assert active_places(resident) == [(second, "confirmed")]
    assert active_places(neighbour) == [(first, "confirmed")]
    subject = "開催日変更のお知らせ：ひかりサロン"
    assert moved_mails() == [
        ("neighbour@example.jp", subject, on(first)),
        ("resident@example.jp", subject, on(second)),
    ]
    # Both days still take place: nothing recorded as moved away, both open on the page
    assert not OccurrenceChange.objects.exists()
    page = Client().get(salon.get_absolute_url()).content.decode()
    for day in (first, second):
        assert f"%2Fjoin%2F%3Fdate%3D{day}" in page


def test_someone_with_a_place_on_both_traded_days_keeps_both(
    salon: Activity,
    resident: User,
    coordinator_client: Client,
    days: tuple[dt.date, dt.date, dt.date],
    django_capture_on_commit_callbacks: object,
) -> None:
    first, second, _third = days
    place(salon, resident, first)
    place(salon, resident, second)

    response = save(
        coordinator_client, salon, second, first, capture=django_capture_on_commit_callbacks
    )

    assert response.status_code == 302
    assert active_places(resident) == [(first, "confirmed"), (second, "confirmed")]
    assert [line for _to, _subject, line in moved_mails()] == sorted([on(first), on(second)])


def test_sessions_each_taking_the_next_ones_day_move_each_dates_places_once(
    salon: Activity,
    resident: User,
    neighbour: User,
    coordinator_client: Client,
    days: tuple[dt.date, dt.date, dt.date],
    django_capture_on_commit_callbacks: object,
) -> None:
    first, second, third = days
    place(salon, resident, first)
    place(salon, neighbour, second)

    response = save(
        coordinator_client, salon, second, third, capture=django_capture_on_commit_callbacks
    )

    assert response.status_code == 302
    assert active_places(resident) == [(second, "confirmed")]
    assert active_places(neighbour) == [(third, "confirmed")]
    assert [(to, line) for to, _subject, line in moved_mails()] == [
        ("neighbour@example.jp", on(third)),
        ("resident@example.jp", on(second)),
    ]
    # The first day no longer takes place; the second still does, and may be joined
    assert list(OccurrenceChange.objects.values_list("date", "moved_to")) == [(first, second)]
    page = Client().get(salon.get_absolute_url()).content.decode()
    assert f"%2Fjoin%2F%3Fdate%3D{second}" in page
    assert f"%2Fjoin%2F%3Fdate%3D{first}" not in page


def test_a_place_on_the_waiting_list_trades_days_behind_the_places_held(
    salon: Activity,
    resident: User,
    neighbour: User,
    third: User,
    coordinator_client: Client,
    days: tuple[dt.date, dt.date, dt.date],
    django_capture_on_commit_callbacks: object,
) -> None:
    first, second, _third = days
    place(salon, resident, first)
    place(salon, neighbour, first, status="waiting")
    place(salon, third, second)

    response = save(
        coordinator_client, salon, second, first, capture=django_capture_on_commit_callbacks
    )

    assert response.status_code == 302
    assert active_places(resident) == [(second, "confirmed")]
    assert active_places(neighbour) == [(second, "waiting")]
    assert active_places(third) == [(first, "confirmed")]
    assert len(mail.outbox) == 3


def test_a_shift_onto_a_day_that_would_be_past_the_capacity_is_refused(
    salon: Activity,
    resident: User,
    neighbour: User,
    third: User,
    coordinator_client: Client,
    days: tuple[dt.date, dt.date, dt.date],
    django_capture_on_commit_callbacks: object,
) -> None:
    first, second, last = days
    # A third session on the last day, which stays: its place and the second day's meet
    salon.sessions.create(
        starts_at=timezone.make_aware(dt.datetime.combine(last, dt.time(13))),
        ends_at=timezone.make_aware(dt.datetime.combine(last, dt.time(15))),
    )
    place(salon, third, first)  # onto the second day, which its own place leaves
    place(salon, resident, second)
    place(salon, neighbour, last)

    response = save(
        coordinator_client,
        salon,
        second,
        last,
        last,
        capture=django_capture_on_commit_callbacks,
    )

    assert response.status_code == 200
    refusal = "変更後の日に移すと、申込みが2人になり、定員（1人）を超えます。"
    assert response.content.decode().count(refusal) == 1  # the second session's, alone
    assert active_places(third) == [(first, "confirmed")]
    assert active_places(resident) == [(second, "confirmed")]
    assert active_places(neighbour) == [(last, "confirmed")]
    assert [timezone.localdate(s.starts_at) for s in sessions(salon)] == [first, second, last]
    assert mail.outbox == []
