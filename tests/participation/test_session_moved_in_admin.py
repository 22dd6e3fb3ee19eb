"""A coordinator changes the day of a dated session in the activity's admin page: whoever
joined that date is told it moved (「開催日変更のお知らせ」) and keeps the place, on the new
day — not that it was called off. A session deleted is still a date called off, and a new
time on the same day moves nobody."""

import datetime as dt

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from accounts.models import User
from networks.models import Activity
from participation import services
from participation.models import OccurrenceChange, Participation, ParticipationSettings
from tests.factories import MemberFactory
from tests.networks.test_activity_admin import activity_form

pytestmark = pytest.mark.django_db


def session_form(
    activity: Activity, day: dt.date, start: str = "13:00", **changes: object
) -> dict[str, object]:
    session = activity.sessions.get()
    return activity_form(
        activity.organiser_id,
        schedule="dated",
        weekdays=[],
        weeks_of_month=[],
        **{
            "sessions-TOTAL_FORMS": "1",
            "sessions-INITIAL_FORMS": "1",
            "sessions-0-id": session.pk,
            "sessions-0-activity": activity.pk,
            "sessions-0-starts_at_0": day.isoformat(),
            "sessions-0-starts_at_1": start,
            "sessions-0-ends_at_0": day.isoformat(),
            "sessions-0-ends_at_1": "15:00",
            "sessions-0-note": "",
            **changes,
        },
    )


@pytest.fixture
def day() -> dt.date:
    return timezone.localdate() + dt.timedelta(days=10)


@pytest.fixture
def joined(coordinator_client: Client, resident: User, day: dt.date) -> Participation:
    """A dated activity added in the admin, taking sign-ups; the resident has a place."""
    member = MemberFactory()
    data = activity_form(
        member.pk,
        schedule="dated",
        weekdays=[],
        weeks_of_month=[],
        **{
            "sessions-TOTAL_FORMS": "1",
            "sessions-0-starts_at_0": day.isoformat(),
            "sessions-0-starts_at_1": "13:00",
            "sessions-0-ends_at_0": day.isoformat(),
            "sessions-0-ends_at_1": "15:00",
            "sessions-0-note": "",
        },
    )
    assert coordinator_client.post("/admin/networks/activity/add/", data).status_code == 302
    activity = Activity.objects.get()
    ParticipationSettings.objects.create(activity=activity, capacity=5, closes_hours_before=0)
    participation = services.participation_join(user=resident, activity=activity, date=day)
    mail.outbox.clear()
    return participation


def save(client: Client, activity: Activity, data: dict[str, object], capture: object) -> None:
    with capture(execute=True):  # type: ignore[operator]
        response = client.post(f"/admin/networks/activity/{activity.pk}/change/", data)
    assert response.status_code == 302


def test_a_session_moved_to_another_day_moves_the_places(
    joined: Participation,
    coordinator_client: Client,
    day: dt.date,
    django_capture_on_commit_callbacks: object,
) -> None:
    later = day + dt.timedelta(days=3)

    save(
        coordinator_client,
        joined.activity,
        session_form(joined.activity, later),
        django_capture_on_commit_callbacks,
    )

    joined.refresh_from_db()
    assert (joined.date, joined.status) == (later, Participation.Status.CONFIRMED)
    assert [m.subject for m in mail.outbox] == ["開催日変更のお知らせ：ひかりサロン"]
    change = OccurrenceChange.objects.get()
    assert (change.date, change.kind, change.moved_to) == (day, "moved", later)


def test_a_session_deleted_is_a_date_called_off(
    joined: Participation,
    coordinator_client: Client,
    day: dt.date,
    django_capture_on_commit_callbacks: object,
) -> None:
    data = session_form(joined.activity, day, **{"sessions-0-DELETE": "on"})

    save(coordinator_client, joined.activity, data, django_capture_on_commit_callbacks)

    joined.refresh_from_db()
    assert joined.status == Participation.Status.CALLED_OFF
    assert [m.subject for m in mail.outbox] == ["開催中止のお知らせ：ひかりサロン"]


def test_a_new_time_on_the_same_day_moves_nobody(
    joined: Participation,
    coordinator_client: Client,
    day: dt.date,
    django_capture_on_commit_callbacks: object,
) -> None:
    data = session_form(joined.activity, day, start="14:00")

    save(coordinator_client, joined.activity, data, django_capture_on_commit_callbacks)

    joined.refresh_from_db()
    assert (joined.date, joined.status) == (day, Participation.Status.CONFIRMED)
    assert mail.outbox == []
    assert not OccurrenceChange.objects.exists()
