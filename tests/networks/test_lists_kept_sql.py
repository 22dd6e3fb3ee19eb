"""The directory's and the activity list's rows are read with SQL kept per process for each
set of filter values and each page (core.compiled, ReferenceFilterSet.sql_key): whatever was
asked before, every visitor gets the results of their own filters and page, and an edit shows
on the next request."""

import datetime as dt
import re
from urllib.parse import quote

import pytest
from django.test import Client
from django.utils import timezone

from networks.models import District, Facility, Member, Theme
from tests.factories import ActivityFactory, FacilityFactory, MemberFactory, at, reference

pytestmark = pytest.mark.django_db

KANA = "あいうえおかきくけこさしすせそたちつてとなにぬねの"


def facility_names(client: Client, **query: str) -> list[str]:
    html = client.get("/network/facilities/", query).content.decode()
    return re.findall(r'<a href="/network/facilities/\d+/" lang="ja">([^<]+)</a>', html)


def member_names(client: Client, **query: str) -> list[str]:
    html = client.get("/network/", query).content.decode()
    return re.findall(r'<a href="/network/members/\d+/" lang="ja">([^<]+)</a>', html)


def index_count(client: Client, row: str) -> str:
    """The count the 五十音 index shows beside a row, as the page reads it."""
    html = client.get("/network/facilities/").content.decode()
    row_link = re.escape(f"row={quote(row)}")
    link = re.search(rf'<a[^>]*href="[^"]*{row_link}[^"]*"[^>]*>(.*?)</a>', html, re.S)
    assert link is not None, f"no index link for {row}"
    return re.sub(r"\D", "", re.sub(r"<[^>]+>", " ", link.group(1)))


def test_filters_asked_in_turn_each_list_their_own_facilities(client: Client) -> None:
    FacilityFactory(name="練馬の保育園", name_kana="ねりまのほいくえん", target_groups=["children"])
    FacilityFactory(
        name="大泉のホーム",
        name_kana="おおいずみのほーむ",
        district=reference(District, "oizumi"),
        target_groups=["elderly"],
    )
    FacilityFactory(
        name="大泉の保育園",
        name_kana="おおいずみのほいくえん",
        district=reference(District, "oizumi"),
        target_groups=["children"],
    )
    expected = {
        (("district", "nerima"),): ["練馬の保育園"],
        (("district", "oizumi"),): ["大泉の保育園", "大泉のホーム"],
        (("district", "oizumi"), ("target_group", "children")): ["大泉の保育園"],
        (("target_group", "elderly"),): ["大泉のホーム"],
        (("row", "ね"),): ["練馬の保育園"],
        (("row", "の"),): ["練馬の保育園"],
        (("row", "お"),): ["大泉の保育園", "大泉のホーム"],
        (): ["大泉の保育園", "大泉のホーム", "練馬の保育園"],
    }

    for query in [*expected, *reversed(expected)]:
        assert facility_names(client, **dict(query)) == expected[query], query


def test_each_page_lists_its_own_facilities(client: Client) -> None:
    for index in range(25):
        FacilityFactory(name=f"施設{index:02d}", name_kana=f"{KANA[index]}しせつ")
    everything = [f"施設{index:02d}" for index in range(25)]

    for page in ["1", "2", "1", "2"]:
        shown = facility_names(client, page=page)
        assert shown == (everything[:20] if page == "1" else everything[20:]), page


def test_an_edit_shows_on_the_next_request_with_the_same_filters(client: Client) -> None:
    FacilityFactory(name="か行の施設", name_kana="かこうのしせつ")
    assert facility_names(client, row="か") == ["か行の施設"]
    assert index_count(client, "か") == "1"

    FacilityFactory(name="きの施設", name_kana="きのしせつ")
    Facility.objects.filter(name="か行の施設").update(is_listed=False)

    assert facility_names(client, row="か") == ["きの施設"]
    assert index_count(client, "か") == "1"
    FacilityFactory(name="くの施設", name_kana="くのしせつ")
    assert index_count(client, "か") == "2"


def test_member_filters_asked_in_turn_each_list_their_own_members(client: Client) -> None:
    MemberFactory(name="練馬の法人", name_kana="ねりまのほうじん")
    MemberFactory(name="大泉のNPO", name_kana="おおいずみのえぬぴーおー", kind=Member.Kind.NPO)
    expected = {
        (("kind", "npo"),): ["大泉のNPO"],
        (("kind", "corporation"),): ["練馬の法人"],
        (): ["大泉のNPO", "練馬の法人"],
    }

    for query in [*expected, *reversed(expected)]:
        assert member_names(client, **dict(query)) == expected[query], query


def activity_titles(client: Client, **query: str) -> list[str]:
    html = client.get("/activities/", query).content.decode()
    return re.findall(r'<a href="/activities/\d+/" lang="ja">([^<]+)</a>', html)


def days(n: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=n)


def test_activity_filters_and_pages_asked_in_turn_each_list_their_own(client: Client) -> None:
    ActivityFactory(title="練馬の明日の会", sessions=[at(days(1))])
    ActivityFactory(
        title="石神井の来週の会",
        district=reference(District, "shakujii"),
        sessions=[at(days(7))],
    )
    ActivityFactory(
        title="石神井の教室",
        district=reference(District, "shakujii"),
        theme=reference(Theme, "welfare-education"),
        sessions=[at(days(3))],
    )
    for index in range(21):
        ActivityFactory(title=f"来月の会{index:02d}", sessions=[at(days(30), hour=9 + index % 8)])
    week = days(7).isoformat()
    expected = {
        (("district", "shakujii"),): ["石神井の教室", "石神井の来週の会"],
        (("district", "shakujii"), ("theme", "welfare-education")): ["石神井の教室"],
        (("district", "shakujii"), ("theme", "places-to-belong")): ["石神井の来週の会"],
        (("district", "nerima"), ("date_from", days(2).isoformat()), ("date_to", week)): [],
        (("date_from", week), ("date_to", week)): ["石神井の来週の会"],
        (("date_from", days(1).isoformat()), ("date_to", days(3).isoformat())): [
            "練馬の明日の会",
            "石神井の教室",
        ],
    }

    for query in [*expected, *reversed(expected)]:
        assert activity_titles(client, **dict(query)) == expected[query], query
    first = activity_titles(client)
    second = activity_titles(client, page="2")
    assert first[:3] == ["練馬の明日の会", "石神井の教室", "石神井の来週の会"]
    assert len(first) == 20
    assert len(second) == 4
    assert not set(first) & set(second)  # no card on both pages
    assert activity_titles(client) == first
    assert activity_titles(client, page="2") == second
