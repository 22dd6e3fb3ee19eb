"""A coordinator changes the day of a dated session in the activity's admin page: whoever
joined that date is told it moved (「開催日変更のお知らせ」) and keeps the place, on the new
day — not that it was called off. A session deleted is still a date called off, and a new
time on the same day moves nobody. A move past the new day's capacity, or from a coming day
to one that has passed, is refused next to the session's date, with nothing changed."""

import datetime as dt

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from accounts.models import User
from networks.models import Activity, ActivitySession
from participation import services
from participation.models import OccurrenceChange, Participation, ParticipationSettings
from tests.factories import MemberFactory
from tests.networks.test_activity_admin import activity_form

pytestmark = pytest.mark.django_db


def dated_form(
    member_pk: int, *sessions: tuple[dt.date, str], saved: list[ActivitySession] | None = None
) -> dict[str, object]:
    """The activity admin's form for a dated activity: one session per (day, start time),
    13:00 or as given to 15:00; with `saved`, those are the sessions already saved, in order."""
    saved = saved or []
    data = activity_form(
        member_pk,
        schedule="dated",
        weekdays=[],
        weeks_of_month=[],
        **{"sessions-TOTAL_FORMS": str(len(sessions)), "sessions-INITIAL_FORMS": str(len(saved))},
    )
    for index, (day, start) in enumerate(sessions):
        data |= {
            f"sessions-{index}-starts_at_0": day.isoformat(),
            f"sessions-{index}-starts_at_1": start,
            f"sessions-{index}-ends_at_0": day.isoformat(),
            f"sessions-{index}-ends_at_1": "15:00",
            f"sessions-{index}-note": "",
        }
        if index < len(saved):
            session = saved[index]
            data |= {
                f"sessions-{index}-id": session.pk,
                f"sessions-{index}-activity": session.activity_id,
            }
    return data


def session_form(
    activity: Activity, day: dt.date, start: str = "13:00", **changes: object
) -> dict[str, object]:
    """The form with the activity's one session on `day` at `start`."""
    return (
        dated_form(activity.organiser_id, (day, start), saved=[activity.sessions.get()]) | changes
    )


@pytest.fixture
def day() -> dt.date:
    return timezone.localdate() + dt.timedelta(days=10)


@pytest.fixture
def joined(coordinator_client: Client, resident: User, day: dt.date) -> Participation:
    """A dated activity added in the admin, taking sign-ups; the resident has a place."""
    data = dated_form(MemberFactory().pk, (day, "13:00"))
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


def test_a_session_moved_past_the_capacity_of_the_new_day_is_refused(
    joined: Participation,
    coordinator_client: Client,
    day: dt.date,
    django_capture_on_commit_callbacks: object,
) -> None:
    activity = joined.activity
    later = day + dt.timedelta(days=3)
    activity.sessions.create(
        starts_at=timezone.make_aware(dt.datetime.combine(later, dt.time(13))),
        ends_at=timezone.make_aware(dt.datetime.combine(later, dt.time(15))),
    )
    ParticipationSettings.objects.filter(activity=activity).update(capacity=1)
    other = User.objects.create_user("other@example.jp", "x", name="石神井 次郎")
    Participation.objects.create(activity=activity, user=other, date=later)
    first, second = activity.sessions.order_by("starts_at")
    data = dated_form(
        activity.organiser_id, (later, "13:00"), (later, "13:00"), saved=[first, second]
    )

    response = coordinator_client.post(f"/admin/networks/activity/{activity.pk}/change/", data)

    assert response.status_code == 200
    assert "変更後の日に移すと、申込みが2人になり、定員（1人）を超えます。" in (
        response.content.decode()
    )
    joined.refresh_from_db()
    assert joined.date == day
    first.refresh_from_db()
    assert timezone.localdate(first.starts_at) == day


def test_a_coming_session_is_not_moved_to_a_day_that_has_passed(
    joined: Participation, coordinator_client: Client
) -> None:
    yesterday = timezone.localdate() - dt.timedelta(days=1)

    response = coordinator_client.post(
        f"/admin/networks/activity/{joined.activity.pk}/change/",
        session_form(joined.activity, yesterday),
    )

    assert response.status_code == 200
    assert "これからの開催日を、過ぎた日には移せません。" in response.content.decode()
    joined.refresh_from_db()
    assert joined.date != yesterday


def test_a_session_nobody_joined_moves_without_a_record(
    coordinator_client: Client, day: dt.date, django_capture_on_commit_callbacks: object
) -> None:
    data = dated_form(MemberFactory().pk, (day, "13:00"))
    assert coordinator_client.post("/admin/networks/activity/add/", data).status_code == 302
    activity = Activity.objects.get()

    later = day + dt.timedelta(days=3)
    save(
        coordinator_client,
        activity,
        session_form(activity, later),
        django_capture_on_commit_callbacks,
    )

    assert not OccurrenceChange.objects.exists()
    assert list(activity.occurrences.values_list("date", flat=True)) == [later]
