"""A date people joined stops being a date (a day off added, the activity paused, holidays now
skipped, the rule changed): everyone who held or waited for a place on it gets the 「開催中止」
e-mail, once, and the place no longer shows in マイページ nor in the private calendar. Those in
the whole series are told which date they lose and keep their place."""

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client

from accounts.models import User
from networks.models import Activity, Member
from participation import services
from participation.models import OccurrenceChange, Participation, ParticipationSettings
from tests.conftest import client_for
from tests.factories import ActivityFactory, MemberFactory
from tests.html import visible_text
from tests.networks.calendar_days import set_today
from tests.networks.test_activity_admin import activity_form
from tests.participation.test_calendar_feed import events, make_feed

pytestmark = pytest.mark.django_db

D = dt.date
FOUNDATION_DAY = D(2027, 2, 11)  # 建国記念の日, a Thursday
NEXT_WEEK = D(2027, 2, 18)


@pytest.fixture
def today(monkeypatch: pytest.MonkeyPatch) -> dt.date:
    set_today(monkeypatch, D(2027, 2, 1))
    return D(2027, 2, 1)


@pytest.fixture
def member(db: None) -> Member:
    return MemberFactory()


@pytest.fixture
def salon(today: dt.date, member: Member) -> Activity:
    """Every Thursday 10:00–12:00, one place a date."""
    salon = ActivityFactory(
        title="ひかりサロン",
        organiser=member,
        schedule=Activity.Schedule.WEEKLY,
        weekdays=[3],
        start_time=dt.time(10),
        end_time=dt.time(12),
    )
    ParticipationSettings.objects.create(activity=salon, capacity=1, closes_hours_before=0)
    return salon


def salon_form(member: Member, **changes: object) -> dict[str, object]:
    """The admin's change form for the salon as it is, with `changes`."""
    return (
        activity_form(
            member.pk,
            title="ひかりサロン",
            schedule="weekly",
            weekdays=["3"],
            weeks_of_month=[],
            start_time="10:00",
            end_time="12:00",
        )
        | changes
    )


def day_off(start: str, reason: str) -> dict[str, object]:
    return {
        "days_off-TOTAL_FORMS": "1",
        "days_off-0-start_date": start,
        "days_off-0-end_date": "",
        "days_off-0-reason": reason,
    }


@pytest.fixture
def joined(
    salon: Activity, resident: User, neighbour: User, third: User
) -> dict[str, Participation]:
    """resident holds 2/11's place, neighbour waits for it, third holds 2/18's."""
    rows = {
        "holder": services.participation_join(user=resident, activity=salon, date=FOUNDATION_DAY),
        "waiting": services.participation_join(user=neighbour, activity=salon, date=FOUNDATION_DAY),
        "next_week": services.participation_join(user=third, activity=salon, date=NEXT_WEEK),
    }
    assert rows["waiting"].status == Participation.Status.WAITING
    mail.outbox.clear()
    return rows


def status_of(row: Participation) -> str:
    row.refresh_from_db()
    return row.status


def cancelled_mails() -> list[tuple[str, str]]:
    return [(m.to[0], m.body) for m in mail.outbox if "開催中止のお知らせ" in m.subject]


def change_salon(client: Client, salon: Activity, data: dict[str, object], capture: object) -> None:
    with capture(execute=True):  # type: ignore[operator]
        response = client.post(f"/admin/networks/activity/{salon.pk}/change/", data)
    assert response.status_code == 302, visible_text(response)


def test_a_day_off_added_tells_the_holder_and_the_waiting_once(
    salon: Activity,
    member: Member,
    joined: dict[str, Participation],
    resident: User,
    coordinator_client: Client,
    django_capture_on_commit_callbacks: object,
) -> None:
    data = salon_form(member) | day_off("2027-02-11", "会場の点検")

    change_salon(coordinator_client, salon, data, django_capture_on_commit_callbacks)

    told = cancelled_mails()
    assert sorted(to for to, _ in told) == ["neighbour@example.jp", "resident@example.jp"]
    assert all("2027年2月11日（木）" in body and "理由：会場の点検" in body for _, body in told)
    assert status_of(joined["holder"]) == Participation.Status.CALLED_OFF
    assert status_of(joined["waiting"]) == Participation.Status.CALLED_OFF
    assert status_of(joined["next_week"]) == Participation.Status.CONFIRMED
    my_page = visible_text(client_for(resident).get("/nerizu/me/"))
    assert "2027年2月11日" not in my_page
    assert "申し込んでいる活動はありません。" in my_page
    feed = events(Client().get(make_feed(client_for(resident))))
    assert feed == []

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        call_command("refresh_occurrences", verbosity=0)
        change_salon(coordinator_client, salon, data, django_capture_on_commit_callbacks)
    assert mail.outbox == []  # told once


def test_pausing_the_activity_tells_everyone_with_a_coming_date(
    salon: Activity,
    member: Member,
    joined: dict[str, Participation],
    coordinator_client: Client,
    django_capture_on_commit_callbacks: object,
) -> None:
    data = salon_form(member, is_paused="on", pause_reason="会場の改修工事のため")

    change_salon(coordinator_client, salon, data, django_capture_on_commit_callbacks)

    told = cancelled_mails()
    assert sorted(to for to, _ in told) == [
        "neighbour@example.jp",
        "resident@example.jp",
        "third@example.jp",
    ]
    assert all("理由：活動の休止（会場の改修工事のため）" in body for _, body in told)
    assert not Participation.objects.active().exists()


def test_skipping_holidays_tells_who_joined_the_holiday(
    salon: Activity,
    member: Member,
    joined: dict[str, Participation],
    coordinator_client: Client,
    django_capture_on_commit_callbacks: object,
) -> None:
    data = salon_form(member, skips_holidays="on")

    change_salon(coordinator_client, salon, data, django_capture_on_commit_callbacks)

    told = cancelled_mails()
    assert sorted(to for to, _ in told) == ["neighbour@example.jp", "resident@example.jp"]
    assert "理由：祝日（建国記念の日）のためお休み" in told[0][1]
    assert status_of(joined["next_week"]) == Participation.Status.CONFIRMED


def test_a_changed_rule_tells_everyone_whose_date_went(
    salon: Activity,
    member: Member,
    joined: dict[str, Participation],
    coordinator_client: Client,
    django_capture_on_commit_callbacks: object,
) -> None:
    data = salon_form(member, weekdays=["4"])  # Fridays from now on

    change_salon(coordinator_client, salon, data, django_capture_on_commit_callbacks)

    told = cancelled_mails()
    assert len(told) == 3
    assert all("理由：開催日程の変更" in body for _, body in told)


def test_the_whole_series_is_told_the_date_it_loses_and_keeps_its_place(
    salon: Activity,
    member: Member,
    resident: User,
    coordinator_client: Client,
    django_capture_on_commit_callbacks: object,
) -> None:
    ParticipationSettings.objects.filter(activity=salon).update(scope="series")
    place = services.participation_join(user=resident, activity=salon, date=None)
    data = salon_form(member) | day_off("2027-02-11", "会場の点検")

    change_salon(coordinator_client, salon, data, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        call_command("refresh_occurrences", verbosity=0)

    ((to, body),) = cancelled_mails()
    assert to == resident.email
    assert "全日程で申し込んでいた「ひかりサロン」" in body
    assert "2027年2月11日（木）" in body
    assert "理由：会場の点検" in body
    assert status_of(place) == Participation.Status.CONFIRMED
    dates = [
        e.decoded("DTSTART").date() for e in events(Client().get(make_feed(client_for(resident))))
    ]
    assert FOUNDATION_DAY not in dates
    assert D(2027, 2, 4) in dates
    assert NEXT_WEEK in dates


def test_the_nightly_rebuild_leaves_dates_that_have_passed_alone(
    salon: Activity,
    joined: dict[str, Participation],
    monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks: object,
) -> None:
    set_today(monkeypatch, D(2027, 2, 12))  # the day after: 2/11 left the rolling window

    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        call_command("refresh_occurrences", verbosity=0)

    assert cancelled_mails() == []
    assert status_of(joined["holder"]) == Participation.Status.CONFIRMED


def test_a_date_moved_by_hand_is_not_taken_away_by_the_rebuild(
    salon: Activity,
    joined: dict[str, Participation],
    coordinator_client: Client,
    django_capture_on_commit_callbacks: object,
) -> None:
    saturday = D(2027, 2, 13)
    coordinator_client.post(
        "/admin/participation/occurrencechange/add/",
        {
            "activity": salon.pk,
            "date": FOUNDATION_DAY,
            "kind": "moved",
            "moved_to": saturday,
            "reason": "祝日のため",
        },
    )
    assert OccurrenceChange.objects.exists()
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        call_command("refresh_occurrences", verbosity=0)

    assert mail.outbox == []
    assert status_of(joined["holder"]) == Participation.Status.CONFIRMED
    assert joined["holder"].date == saturday
