"""An activity's page: its schedule as residents read it, how to join, who runs it and where,
its hashtags, when the information was last confirmed, and a link to add it to a calendar."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from networks.models import Activity
from tests.factories import ActivityFactory, FacilityFactory, HashtagFactory, MemberFactory, at
from tests.html import parse, visible_text


def days(n: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=n)


@pytest.fixture
def salon(db: None) -> Activity:
    member = MemberFactory(name="ひかり福祉会")
    return ActivityFactory(
        title="ひかりサロン",
        organiser=member,
        facility=FacilityFactory(member=member, name="ひかりの郷", address="練馬区光が丘1-1"),
        schedule=Activity.Schedule.MONTHLY,
        weekdays=[4],
        weeks_of_month=[2, 4],
        start_time=dt.time(10),
        end_time=dt.time(12),
        schedule_note="祝日はお休み",
        fee="100円",
        how_to_join="直接お越しください。",
        contact="地域交流担当 03-0000-0001",
        open_to_all=True,
        audiences=["elderly"],
        hashtags=[HashtagFactory(name="居場所")],
        last_confirmed_on=dt.date(2026, 4, 1),
    )


@pytest.mark.django_db
def test_a_recurring_activity_shows_its_rule_and_next_dates(
    client: Client, salon: Activity
) -> None:
    response = client.get(salon.get_absolute_url())

    text = visible_text(response)
    assert response.status_code == 200
    assert "毎月第2・第4金曜日10:00〜12:00" in text
    assert "祝日はお休み" in text
    assert "これからの開催日" in text
    first = salon.occurrences.first().date
    assert f"{first.year}年{first.month}月{first.day}日（金）" in text


@pytest.mark.django_db
def test_it_shows_how_to_join_who_runs_it_and_where(client: Client, salon: Activity) -> None:
    response = client.get(salon.get_absolute_url())

    text = visible_text(response)
    for expected in (
        "参加費100円",
        "参加方法直接お越しください。",
        "問い合わせ先地域交流担当03-0000-0001",
        "対象高齢者、どなたでも",
        "主催ひかり福祉会",
        "会場ひかりの郷",
        "練馬区光が丘1-1",
        "この情報は2026年4月1日に主催者に確認しました。",
    ):
        assert expected in text, expected
    links = parse(response).links
    assert salon.organiser.get_absolute_url() in links
    assert salon.facility.get_absolute_url() in links
    assert "/tags/%E5%B1%85%E5%A0%B4%E6%89%80/" in links


@pytest.mark.django_db
def test_a_dated_activity_lists_its_upcoming_sessions_only(client: Client) -> None:
    activity = ActivityFactory(sessions=[at(days(-7), 13), at(days(7), 13), at(days(14), 13)])

    text = visible_text(client.get(activity.get_absolute_url()))

    past, soon = days(-7), days(7)
    assert f"{soon.month}月{soon.day}日" in text
    assert "13:00〜15:00" in text
    assert f"{past.year}年{past.month}月{past.day}日" not in text


@pytest.mark.django_db
def test_it_offers_the_activity_as_a_calendar_file(client: Client, salon: Activity) -> None:
    html = client.get(salon.get_absolute_url()).content.decode()

    assert f'href="/activities/{salon.pk}/calendar.ics" download>カレンダーに追加</a>' in html


@pytest.mark.django_db
def test_without_upcoming_dates_there_is_nothing_to_add_to_a_calendar(client: Client) -> None:
    activity = ActivityFactory(sessions=[at(days(-1))])

    response = client.get(activity.get_absolute_url())

    assert "これからの開催日は、まだ決まっていません。" in visible_text(response)
    assert "calendar.ics" not in response.content.decode()


@pytest.mark.django_db
def test_the_facility_of_an_unlisted_member_is_not_named(client: Client) -> None:
    hidden = FacilityFactory(name="非公開の施設", member=MemberFactory(is_listed=False))
    activity = ActivityFactory(facility=hidden, venue="公民館")

    text = visible_text(client.get(activity.get_absolute_url()))

    assert "非公開の施設" not in text
    assert "会場公民館" in text


@pytest.mark.django_db
def test_unlisted_activities_and_unknown_ones_are_404(client: Client) -> None:
    hidden = ActivityFactory(is_listed=False)
    of_hidden_member = ActivityFactory(organiser=MemberFactory(is_listed=False))

    assert client.get(hidden.get_absolute_url()).status_code == 404
    assert client.get(of_hidden_member.get_absolute_url()).status_code == 404
    assert client.get("/activities/999999/").status_code == 404
