"""The private calendar: what the person joined, at a secret URL that can be replaced."""

import datetime as dt
import re

import icalendar
import pytest
from django.test import Client

from accounts.models import User
from networks.models import Activity
from participation import services
from participation.models import CalendarFeed, ParticipationSettings

pytestmark = pytest.mark.django_db


def make_feed(client: Client) -> str:
    response = client.post("/my/calendar/")
    match = re.search(
        r'id="feed-url">https?://[^/]+(/calendar/[^<]+\.ics)<', response.content.decode()
    )
    assert match, response.content.decode()
    return match.group(1)


def events(response: object) -> list[icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(response.content)
    return list(calendar.walk("VEVENT"))


def test_the_feed_lists_what_the_person_joined(
    offer: ParticipationSettings,
    activity: Activity,
    resident: User,
    neighbour: User,
    resident_client: Client,
    day: dt.date,
) -> None:
    services.participation_join(user=resident, activity=activity, date=day)
    other = Activity.objects.create(
        title="ほかの人の活動",
        kind=activity.kind,
        theme=activity.theme,
        organiser=activity.organiser,
        district=activity.district,
    )
    ParticipationSettings.objects.create(activity=other, capacity=3)
    path = make_feed(resident_client)

    response = Client().get(path)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert "no-store" in response["Cache-Control"]
    found = events(response)
    assert [str(e["SUMMARY"]) for e in found] == [activity.title]
    start = found[0].decoded("DTSTART")
    assert start.date() == day
    assert start.hour == 10


def test_the_feed_never_shows_another_persons_places(
    offer: ParticipationSettings,
    activity: Activity,
    resident: User,
    neighbour: User,
    resident_client: Client,
    day: dt.date,
) -> None:
    services.participation_join(user=neighbour, activity=activity, date=day)
    path = make_feed(resident_client)

    assert events(Client().get(path)) == []


def test_a_reset_token_answers_404(resident_client: Client) -> None:
    old = make_feed(resident_client)
    new = make_feed(resident_client)

    assert Client().get(old).status_code == 404
    assert Client().get(new).status_code == 200
    assert CalendarFeed.objects.count() == 1


def test_the_secret_is_stored_only_as_a_hash(resident_client: Client) -> None:
    path = make_feed(resident_client)
    token = path.removeprefix("/calendar/").removesuffix(".ics")

    assert CalendarFeed.objects.get().token_hash != token
    assert token not in resident_client.get("/my/calendar/").content.decode()


def test_an_unknown_token_is_a_404() -> None:
    assert Client().get("/calendar/not-a-token.ics").status_code == 404


def test_the_feed_lists_the_meetings_a_member_registered_for(coordinator: User) -> None:
    from django.utils import timezone

    from networks.models import Meeting, MeetingAttendance
    from tests.conftest import client_for

    starts = timezone.now() + dt.timedelta(days=5)
    registered = Meeting.objects.create(
        kind=Meeting.Kind.ORGANISERS,
        title="世話人会（登録済み）",
        starts_at=starts,
        audience=Meeting.Audience.MEMBERS,
    )
    Meeting.objects.create(kind=Meeting.Kind.PLENARY, title="全体会（未登録）", starts_at=starts)
    MeetingAttendance.objects.create(meeting=registered, user=coordinator)

    response = Client().get(make_feed(client_for(coordinator)))

    assert [str(e["SUMMARY"]) for e in events(response)] == ["世話人会：世話人会（登録済み）"]
