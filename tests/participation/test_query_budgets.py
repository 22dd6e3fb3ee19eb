"""Taking part's pages render in a constant number of queries, whatever the amount of content:
ten times the sample data, dozens of places held, a roster of dozens of people."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import User
from networks.models import Activity
from participation.models import Participation, ParticipationSettings
from tests.conftest import client_for

# Signed-in pages: the session, the user and (for staff) the permissions included. The
# activity page is the largest: the activity, its sessions, its offer, the dates called off, its
# next dates and their places, audiences, nearest stations, hashtags and days off, and the
# footer's contact points.
BUDGET = 13

pytestmark = pytest.mark.django_db


def take_part(people: list[User], activities: list[Activity]) -> None:
    """Every activity takes sign-ups; everyone holds a place on each one's next date."""
    for activity in activities:
        ParticipationSettings.objects.get_or_create(activity=activity, defaults={"capacity": 500})
    Participation.objects.bulk_create(
        Participation(
            activity=activity,
            user=person,
            date=activity.next_date or timezone.localdate(),
            answer="サンプル 回答",
        )
        for activity in activities
        for person in people
    )


def pages(activity: Activity, participation: Participation) -> dict[str, str]:
    return {
        "マイページ": "/nerizu/me/",
        "activity": activity.get_absolute_url(),
        "join": f"/activities/{activity.pk}/join/",
        "cancel": f"/my/participations/{participation.pk}/cancel/",
        "calendar": "/my/calendar/",
    }


def roster_pages(activity: Activity, date: dt.date) -> dict[str, str]:
    return {
        "roster dates": f"/activities/{activity.pk}/roster/",
        "roster": f"/activities/{activity.pk}/roster/?date={date}",
        "csv": f"/activities/{activity.pk}/roster.csv?date={date}",
    }


def count(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def measure(resident: User, coordinator: User) -> dict[str, int]:
    activity = Activity.objects.filter(participation_settings__isnull=False).order_by("pk").first()
    place = Participation.objects.filter(user=resident, activity=activity).get()
    resident_client, coordinator_client = client_for(resident), client_for(coordinator)
    counts = {name: count(resident_client, url) for name, url in pages(activity, place).items()}
    for name, url in roster_pages(activity, place.date).items():
        counts[name] = count(coordinator_client, url)
    feed = resident_client.post("/my/calendar/").context["feed_url"]
    counts["feed"] = count(Client(), feed.split("testserver", 1)[1])
    return counts


def test_the_pages_stay_within_budget_and_do_not_grow_with_content(
    plan: object, resident: User, coordinator: User
) -> None:
    call_command("load_sample_data", verbosity=0)
    others = [
        User.objects.create_user(f"p{n}@example.jp", "x", name=f"参加者{n}") for n in range(3)
    ]
    take_part([resident, *others], list(Activity.objects.order_by("pk")[:3]))
    small = measure(resident, coordinator)

    call_command("load_sample_data", "--copies", "10", verbosity=0)
    more = [User.objects.create_user(f"q{n}@example.jp", "x", name=f"参加者{n}") for n in range(30)]
    activities = list(Activity.objects.order_by("pk")[:30])
    Participation.objects.all().delete()
    take_part([resident, *others, *more], activities)
    large = measure(resident, coordinator)

    assert small == large
    over = {url: n for url, n in large.items() if n > BUDGET}
    assert not over, over
