"""Each activity stores its next date (what the lists sort by, an index scan instead of a probe
of the dates per activity); the stored date follows every change of the schedule and the
calendar, and no list ever shows a date that has passed as the next one."""

import datetime as dt
import re
from collections.abc import Callable

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from networks.models import Activity, ActivityOccurrence
from networks.services import activities_roll_next_dates
from tests.factories import ActivityFactory, HashtagFactory, MemberFactory, at
from tests.html import visible_text
from tests.networks.test_activity_admin import activity_form


def days(n: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=n)


def titles(response: object) -> list[str]:
    html = response.content.decode()
    return re.findall(r'<a href="/activities/\d+/" lang="ja">([^<]+)</a>', html)


def shown_next(day: dt.date) -> str:
    return f"次回{day.year}年{day.month}月{day.day}日（{'月火水木金土日'[day.weekday()]}）"


@pytest.fixture
def two_days_pass(monkeypatch: pytest.MonkeyPatch) -> Callable[[], None]:
    """Moves the clock on by two days (and no refresh_occurrences runs meanwhile)."""

    def move() -> None:
        moved = timezone.now() + dt.timedelta(days=2)
        monkeypatch.setattr(timezone, "now", lambda: moved)

    return move


@pytest.mark.django_db
def test_a_schedule_edit_in_the_admin_moves_the_next_date(coordinator_client: Client) -> None:
    member = MemberFactory()
    salon = ActivityFactory(
        organiser=member, schedule=Activity.Schedule.WEEKLY, weekdays=[days(5).weekday()]
    )
    assert salon.next_date == days(5)
    data = activity_form(
        member.pk, schedule="weekly", weekdays=[str(days(2).weekday())], weeks_of_month=[]
    )

    response = coordinator_client.post(f"/admin/networks/activity/{salon.pk}/change/", data)

    assert response.status_code == 302
    salon.refresh_from_db()
    assert salon.next_date == days(2)


@pytest.mark.django_db
def test_a_cancelled_session_is_no_longer_the_next_date(
    coordinator_client: Client, client: Client
) -> None:
    member = MemberFactory()
    talk = ActivityFactory(organiser=member, sessions=[at(days(3)), at(days(10))])
    assert talk.next_date == days(3)
    first, second = talk.sessions.order_by("starts_at")
    data = activity_form(member.pk, schedule="dated", weekdays=[], weeks_of_month=[])
    data["sessions-TOTAL_FORMS"] = data["sessions-INITIAL_FORMS"] = "2"
    for n, session in enumerate((first, second)):
        start = timezone.localtime(session.starts_at)
        data |= {
            f"sessions-{n}-id": str(session.pk),
            f"sessions-{n}-activity": str(talk.pk),
            f"sessions-{n}-starts_at_0": start.date().isoformat(),
            f"sessions-{n}-starts_at_1": start.strftime("%H:%M"),
            f"sessions-{n}-ends_at_0": "",
            f"sessions-{n}-ends_at_1": "",
            f"sessions-{n}-note": "",
        }
    data["sessions-0-DELETE"] = "on"  # the first session is called off

    response = coordinator_client.post(f"/admin/networks/activity/{talk.pk}/change/", data)

    assert response.status_code == 302
    talk.refresh_from_db()
    assert talk.next_date == days(10)
    assert shown_next(days(10)) in visible_text(client.get("/activities/"))


@pytest.mark.django_db
def test_the_list_moves_on_when_the_day_passes(
    client: Client, two_days_pass: Callable[[], None]
) -> None:
    ActivityFactory(title="来週の会", sessions=[at(days(7))])
    passing = ActivityFactory(title="明日と来月の会", sessions=[at(days(1)), at(days(30))])
    assert titles(client.get("/activities/")) == ["明日と来月の会", "来週の会"]

    two_days_pass()
    response = client.get("/activities/")

    passing.refresh_from_db()
    assert passing.next_date == days(28)  # days() counts from the new today
    assert titles(response) == ["来週の会", "明日と来月の会"]
    assert shown_next(days(-1)) not in visible_text(response)
    assert shown_next(days(28)) in visible_text(response)


@pytest.mark.django_db
def test_a_date_that_has_passed_is_never_shown_even_before_it_is_moved_on(
    plan: object, client: Client, two_days_pass: Callable[[], None]
) -> None:
    tag = HashtagFactory(name="居場所")
    passing = ActivityFactory(
        title="明日と来月の会", sessions=[at(days(1)), at(days(30))], hashtags=[tag]
    )
    two_days_pass()

    text = visible_text(client.get(tag.get_absolute_url()))  # the tag page does not move dates on

    assert Activity.objects.get(pk=passing.pk).next_date == days(-1)
    assert shown_next(days(-1)) not in text
    assert shown_next(days(28)) in text


@pytest.mark.django_db
def test_an_activity_whose_last_date_passed_has_none(
    client: Client, two_days_pass: Callable[[], None]
) -> None:
    ActivityFactory(title="終わった会", sessions=[at(days(1))])
    two_days_pass()

    moved = activities_roll_next_dates()

    assert moved == 1
    assert Activity.objects.get().next_date is None
    assert "予定されている日程はありません" in visible_text(client.get("/activities/"))


@pytest.mark.django_db
def test_refresh_occurrences_sets_every_next_date() -> None:
    weekly = ActivityFactory(schedule=Activity.Schedule.WEEKLY, weekdays=[days(4).weekday()])
    dated = ActivityFactory(sessions=[at(days(-5)), at(days(6))])
    Activity.objects.update(next_date=None)  # e.g. rows written before the field existed
    ActivityOccurrence.objects.all().delete()

    call_command("refresh_occurrences", verbosity=0)

    weekly.refresh_from_db()
    dated.refresh_from_db()
    assert weekly.next_date == days(4)
    assert dated.next_date == days(6)
