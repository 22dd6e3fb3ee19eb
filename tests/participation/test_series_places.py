"""A place in the whole series (全日程): it closes as its first coming date does, and when a
coordinator calls a date off or moves it, those in the series are told and their calendar
follows."""

import datetime as dt

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from accounts.models import User
from networks.models import Activity
from participation import services
from participation.models import Participation, ParticipationSettings
from tests.conftest import client_for
from tests.factories import ActivityFactory
from tests.html import visible_text
from tests.networks.calendar_days import TOKYO
from tests.participation.test_calendar_feed import events, make_feed

pytestmark = pytest.mark.django_db

D = dt.date


def clock(monkeypatch: pytest.MonkeyPatch, moment: dt.datetime) -> None:
    monkeypatch.setattr(timezone, "now", lambda: moment)


def join_series(client: Client, activity: Activity) -> str:
    response = client.post(f"/activities/{activity.pk}/join/", {"confirm": "1"}, follow=True)
    return visible_text(response)


@pytest.fixture
def series(offer: ParticipationSettings) -> ParticipationSettings:
    offer.scope = ParticipationSettings.Scope.SERIES
    offer.question = ""
    offer.closes_hours_before = 24
    offer.save()
    return offer


def test_the_series_closes_before_its_first_date(
    series: ParticipationSettings,
    activity: Activity,
    resident_client: Client,
    client: Client,
    day: dt.date,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    clock(monkeypatch, series.closes_at(day) + dt.timedelta(minutes=1))

    text = join_series(resident_client, activity)
    panel = visible_text(client.get(activity.get_absolute_url()))

    expected = "全日程の申込みは締め切りました。締切は、次の開催日"
    assert expected in text
    assert "の開始24時間前でした。" in text
    assert not Participation.objects.exists()
    assert expected in panel


def test_the_series_is_open_until_then(
    series: ParticipationSettings,
    activity: Activity,
    resident_client: Client,
    day: dt.date,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    clock(monkeypatch, series.closes_at(day) - dt.timedelta(minutes=1))

    text = join_series(resident_client, activity)

    assert "参加を申し込みました。" in text
    assert Participation.objects.get().date is None


def test_a_weekly_series_opens_again_once_the_date_has_begun(
    resident: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock(monkeypatch, dt.datetime(2027, 2, 3, 12, tzinfo=TOKYO))  # a Wednesday
    resident_client = client_for(resident)  # signed in on that day
    salon = ActivityFactory(schedule=Activity.Schedule.WEEKLY, weekdays=[3], start_time=dt.time(10))
    ParticipationSettings.objects.create(
        activity=salon, capacity=5, scope="series", closes_hours_before=24
    )

    refused = join_series(resident_client, salon)
    clock(monkeypatch, dt.datetime(2027, 2, 4, 11, tzinfo=TOKYO))  # Thursday's has begun
    accepted = join_series(resident_client, salon)

    expected = (
        "全日程の申込みは締め切りました。締切は、次の開催日2027年2月4日（木）の開始24時間前でした。"
    )
    assert expected in refused
    assert "参加を申し込みました。" in accepted


def test_calling_a_date_off_tells_the_series_and_leaves_its_calendar(
    series: ParticipationSettings,
    activity: Activity,
    resident: User,
    coordinator_client: Client,
    day: dt.date,
    django_capture_on_commit_callbacks: object,
) -> None:
    place = services.participation_join(user=resident, activity=activity, date=None)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        coordinator_client.post(
            "/admin/participation/occurrencechange/add/",
            {"activity": activity.pk, "date": day, "kind": "cancelled", "reason": "台風のため"},
        )

    (told,) = mail.outbox
    assert told.to == [resident.email]
    assert "開催中止のお知らせ" in told.subject
    assert "理由：台風のため" in told.body
    place.refresh_from_db()
    assert place.status == Participation.Status.CONFIRMED
    assert events(Client().get(make_feed(client_for(resident)))) == []


def test_moving_a_date_tells_the_series_and_moves_it_in_its_calendar(
    series: ParticipationSettings,
    activity: Activity,
    resident: User,
    coordinator_client: Client,
    day: dt.date,
    django_capture_on_commit_callbacks: object,
) -> None:
    services.participation_join(user=resident, activity=activity, date=None)
    mail.outbox.clear()
    later = day + dt.timedelta(days=3)

    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        coordinator_client.post(
            "/admin/participation/occurrencechange/add/",
            {
                "activity": activity.pk,
                "date": day,
                "kind": "moved",
                "moved_to": later,
                "reason": "会場の都合",
            },
        )

    (told,) = mail.outbox
    assert "開催日変更" in told.subject
    feed = events(Client().get(make_feed(client_for(resident))))
    assert [e.decoded("DTSTART").date() for e in feed] == [later]
