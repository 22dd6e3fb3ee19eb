"""Regressions on the activity cards: a date-filtered list shows the date that matched the
filter (not each card's next date), and a kind and theme of the same name are said once."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from networks.models import Activity, Theme
from tests.factories import ActivityFactory, MemberFactory, at, reference
from tests.html import visible_text


def days(n: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=n)


def shown(label: str, day: dt.date) -> str:
    return f"{label}{day.year}年{day.month}月{day.day}日（{'月火水木金土日'[day.weekday()]}）"


@pytest.mark.django_db
def test_a_date_filtered_list_shows_the_date_that_matched(client: Client) -> None:
    ActivityFactory(title="しごと体験", sessions=[at(days(3)), at(days(20))])

    plain = visible_text(client.get("/activities/"))
    filtered = visible_text(
        client.get(
            "/activities/",
            {"date_from": days(15).isoformat(), "date_to": days(25).isoformat()},
        )
    )

    assert shown("次回", days(3)) in plain
    assert shown("開催日", days(20)) in filtered
    assert shown("次回", days(3)) not in filtered


@pytest.mark.django_db
def test_a_date_filtered_list_is_in_the_order_of_the_matched_dates(client: Client) -> None:
    ActivityFactory(title="早く始まる会", sessions=[at(days(1)), at(days(30))])
    ActivityFactory(title="遅く始まる会", sessions=[at(days(10))])

    response = client.get("/activities/", {"date_from": days(5).isoformat()})
    text = visible_text(response)

    assert text.index("遅く始まる会") < text.index("早く始まる会")


@pytest.mark.django_db
def test_a_kind_and_theme_of_the_same_name_are_said_once(client: Client) -> None:
    member = MemberFactory()
    activity = ActivityFactory(
        title="しごと体験",
        organiser=member,
        kind=Activity.Kind.WORK_EXPERIENCE,
        theme=reference(Theme, "work-experience"),
    )
    other = ActivityFactory(title="サロン", organiser=member)

    pages = [
        visible_text(client.get(url))
        for url in ("/activities/", member.get_absolute_url(), activity.get_absolute_url())
    ]

    for text in pages:
        assert "就労体験・就労体験" not in text
        assert "就労体験" in text
    assert "居場所・交流の場・居場所づくり" in pages[0]
    assert other.theme_repeats_kind is False


@pytest.mark.django_db
def test_a_list_from_today_is_in_the_order_of_the_next_dates(client: Client) -> None:
    ActivityFactory(title="来月の会", sessions=[at(days(30))])
    ActivityFactory(title="明日の会", sessions=[at(days(1)), at(days(40))])
    ActivityFactory(title="今日の会", sessions=[at(days(0))])
    ActivityFactory(title="来年の会", sessions=[at(days(400))])

    everything = visible_text(client.get("/activities/", {"date_from": days(0).isoformat()}))
    this_month = visible_text(
        client.get(
            "/activities/",
            {"date_from": days(0).isoformat(), "date_to": days(31).isoformat()},
        )
    )

    order = ["今日の会", "明日の会", "来月の会", "来年の会"]
    assert [everything.index(title) for title in order] == sorted(
        everything.index(title) for title in order
    )
    assert shown("開催日", days(1)) in everything
    assert "来年の会" not in this_month
    assert this_month.index("明日の会") < this_month.index("来月の会")
