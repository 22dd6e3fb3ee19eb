"""The activity list: upcoming first, filters by district, theme, audience and dates,
pagination, only listed activities of listed members."""

import datetime as dt
import re

import pytest
from django.test import Client
from django.utils import timezone

from networks.models import Activity, District, Theme
from tests.factories import ActivityFactory, MemberFactory, at, reference
from tests.html import visible_text


def titles(response: object) -> list[str]:
    html = response.content.decode()
    return re.findall(r'<a href="/activities/\d+/" lang="ja">([^<]+)</a>', html)


def days(n: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=n)


@pytest.mark.django_db
def test_it_lists_the_next_activity_first_and_undated_or_past_ones_last(client: Client) -> None:
    ActivityFactory(title="終わった会", sessions=[at(days(-3))])
    ActivityFactory(title="来月の会", sessions=[at(days(-40)), at(days(30))])
    ActivityFactory(title="日程未定の会")
    ActivityFactory(title="明日の会", sessions=[at(days(1))])
    ActivityFactory(
        title="毎週の会",
        schedule=Activity.Schedule.WEEKLY,
        weekdays=[days(3).weekday()],
        start_time=dt.time(10),
    )

    response = client.get("/activities/")

    assert titles(response)[:3] == ["明日の会", "毎週の会", "来月の会"]
    assert set(titles(response)[3:]) == {"終わった会", "日程未定の会"}
    assert "予定されている日程はありません" in visible_text(response)


@pytest.mark.django_db
def test_it_shows_the_next_date_with_its_day_of_the_week(client: Client) -> None:
    ActivityFactory(title="明日の会", sessions=[at(days(1))])

    text = visible_text(client.get("/activities/"))

    weekday = "月火水木金土日"[days(1).weekday()]
    assert f"次回{days(1).year}年{days(1).month}月{days(1).day}日（{weekday}）" in text


@pytest.mark.django_db
def test_it_filters_by_district_and_theme(client: Client) -> None:
    ActivityFactory(title="練馬の居場所", district=reference(District, "nerima"))
    ActivityFactory(title="大泉の居場所", district=reference(District, "oizumi"))
    ActivityFactory(
        title="大泉の就労体験",
        district=reference(District, "oizumi"),
        theme=reference(Theme, "work-experience"),
    )

    response = client.get("/activities/", {"district": "oizumi", "theme": "places-to-belong"})

    assert titles(response) == ["大泉の居場所"]


@pytest.mark.django_db
def test_an_audience_includes_activities_open_to_all(client: Client) -> None:
    ActivityFactory(title="子ども向け", audiences=["children"])
    ActivityFactory(title="高齢者向け", audiences=["elderly"])
    ActivityFactory(title="どなたでも", open_to_all=True)

    children = client.get("/activities/", {"audience": "children"})
    everyone = client.get("/activities/", {"audience": "all"})

    assert sorted(titles(children)) == ["どなたでも", "子ども向け"]
    assert titles(everyone) == ["どなたでも"]


@pytest.mark.django_db
def test_it_filters_by_dates_through_sessions_and_recurring_rules(client: Client) -> None:
    ActivityFactory(title="10日後の会", sessions=[at(days(10))])
    ActivityFactory(title="40日後の会", sessions=[at(days(-5)), at(days(40))])
    ActivityFactory(
        title="毎週の会",
        schedule=Activity.Schedule.WEEKLY,
        weekdays=[days(20).weekday()],
    )

    window = {"date_from": days(8).isoformat(), "date_to": days(12).isoformat()}
    from_35 = {"date_from": days(35).isoformat()}
    until_0 = {"date_to": days(0).isoformat()}

    assert titles(client.get("/activities/", window)) == ["10日後の会"]
    assert sorted(titles(client.get("/activities/", from_35))) == ["40日後の会", "毎週の会"]
    assert titles(client.get("/activities/", until_0)) == ["40日後の会"]


@pytest.mark.django_db
def test_a_backwards_date_range_is_explained_next_to_the_field(client: Client) -> None:
    response = client.get(
        "/activities/", {"date_from": days(10).isoformat(), "date_to": days(1).isoformat()}
    )

    assert response.status_code == 200
    assert "「この日まで」は「この日から」と同じ日か、後の日にしてください。" in visible_text(
        response
    )


@pytest.mark.django_db
def test_it_pages_long_lists_keeping_the_filters(client: Client) -> None:
    member = MemberFactory()
    for n in range(23):
        ActivityFactory(title=f"会{n}", organiser=member, sessions=[at(days(n + 1))])

    first = client.get("/activities/", {"theme": "places-to-belong"})
    second = client.get("/activities/", {"theme": "places-to-belong", "page": "2"})

    assert titles(first)[:2] == ["会0", "会1"]
    assert len(titles(first)) == 20
    assert titles(second) == ["会20", "会21", "会22"]
    assert "?theme=places-to-belong&amp;page=2" in first.content.decode()


@pytest.mark.django_db
def test_it_hides_unlisted_activities_and_those_of_unlisted_members(client: Client) -> None:
    ActivityFactory(title="公開の会")
    ActivityFactory(title="非公開の会", is_listed=False)
    ActivityFactory(title="非公開の会員の会", organiser=MemberFactory(is_listed=False))

    assert titles(client.get("/activities/")) == ["公開の会"]


@pytest.mark.django_db
def test_it_links_a_calendar_feed_with_the_same_filters(client: Client) -> None:
    html = client.get("/activities/", {"district": "nerima", "page": "2"}).content.decode()

    assert 'href="/activities/calendar.ics?district=nerima"' in html
