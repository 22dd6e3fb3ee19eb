"""Finding activities and facilities by their nearest station (?station=): a select in the
lists' filter form, works without JavaScript, lists a record near two stations once."""

import re

import pytest
from django.test import Client

from tests.factories import ActivityFactory, FacilityFactory, MemberFactory, StationFactory
from tests.html import visible_text

pytestmark = pytest.mark.django_db


def activity_titles(response: object) -> list[str]:
    return re.findall(
        r'<a href="/activities/\d+/" lang="ja">([^<]+)</a>', response.content.decode()
    )


def facility_names(response: object) -> list[str]:
    html = response.content.decode()
    return re.findall(r'<a href="/network/facilities/\d+/" lang="ja">([^<]+)</a>', html)


def test_a_resident_finds_the_activities_near_their_station(client: Client) -> None:
    nerima, sakuradai = StationFactory(name="練馬"), StationFactory(name="桜台")
    ActivityFactory(title="練馬のサロン", stations=[nerima])
    ActivityFactory(title="二つの駅の間の食堂", stations=[nerima, sakuradai])
    ActivityFactory(title="桜台の教室", stations=[sakuradai])
    ActivityFactory(title="駅の登録のない会")

    response = client.get(f"/activities/?station={nerima.pk}")

    assert sorted(activity_titles(response)) == ["二つの駅の間の食堂", "練馬のサロン"]
    assert "活動2件" in visible_text(response)


def test_the_station_select_lists_every_station_in_gojuon_order(client: Client) -> None:
    StationFactory(name="練馬", name_kana="ねりま")
    StationFactory(name="江古田", name_kana="えこだ")
    StationFactory(name="光が丘", name_kana="ひかりがおか")

    html = client.get("/activities/").content.decode()

    select = re.search(r'<select name="station"[^>]*>(.*?)</select>', html, re.S)
    assert select, "the filter form has a 最寄り駅 select"
    options = re.findall(r'<option value="[^"]*"[^>]*>([^<]+)</option>', select[1])
    assert options == ["すべて", "江古田", "練馬", "光が丘"]
    assert 'for="id_station">最寄り駅</label>' in html


def test_the_facility_list_filters_by_station_too(client: Client) -> None:
    ekoda = StationFactory(name="江古田")
    FacilityFactory(name="江古田の家", stations=[ekoda])
    FacilityFactory(name="遠くの家")

    response = client.get(f"/network/facilities/?station={ekoda.pk}")

    assert facility_names(response) == ["江古田の家"]


def test_a_station_of_an_unlisted_organiser_shows_nothing_of_it(client: Client) -> None:
    nerima = StationFactory(name="練馬")
    ActivityFactory(title="非公開の会", stations=[nerima], organiser=MemberFactory(is_listed=False))

    response = client.get(f"/activities/?station={nerima.pk}")

    assert activity_titles(response) == []
    assert "非公開の会" not in response.content.decode()


@pytest.mark.parametrize("value", ["abc", "999999", "１", "-1"])
def test_a_station_that_is_not_one_gets_a_message_not_a_500(client: Client, value: str) -> None:
    StationFactory(name="練馬")
    ActivityFactory(title="いつもの会")

    response = client.get("/activities/", {"station": value})

    assert response.status_code == 200
    assert "正しく選択してください" in visible_text(response)
