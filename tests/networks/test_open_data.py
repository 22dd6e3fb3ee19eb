"""Open data: the public directory and activities as CSV (UTF-8 with BOM) and JSON, only what
the public pages show, never a person's data."""

import csv
import datetime as dt
import io
import json

import pytest
from django.test import Client
from django.utils import timezone

from accounts.models import User
from networks.models import Coordinator
from tests.factories import ActivityFactory, FacilityFactory, HashtagFactory, MemberFactory, at
from tests.html import visible_text


def download(client: Client, url: str) -> bytes:
    response = client.get(url)
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def read_csv(data: bytes) -> list[dict[str, str]]:
    assert data.startswith("\ufeff".encode())  # Excel reads the BOM as "this is UTF-8"
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


@pytest.fixture
def directory(db: None) -> None:
    member = MemberFactory(
        name="ひかり福祉会",
        name_kana="ひかりふくしかい",
        districts=["nerima", "hikarigaoka"],
        themes=["work-experience"],
        phone="03-0000-0001",
    )
    FacilityFactory(member=member, name="ひかりの郷", target_groups=["elderly", "children"])
    FacilityFactory(member=member, name="非公開の施設", is_listed=False)
    hidden = MemberFactory(name="非公開の会", is_listed=False)
    FacilityFactory(member=hidden, name="非公開の会の施設")
    ActivityFactory(
        title="しごと体験",
        organiser=member,
        fee="無料",
        hashtags=[HashtagFactory(name="就労体験")],
        sessions=[at(timezone.localdate() + dt.timedelta(days=3), 13)],
    )
    ActivityFactory(title="非公開の活動", organiser=member, is_listed=False)
    ActivityFactory(title="非公開の会の活動", organiser=hidden)
    Coordinator.objects.create(name="見本 花子")
    User.objects.create_user("resident@example.jp", "x-password-123", name="練馬 花子")


@pytest.mark.django_db
def test_members_csv_has_japanese_headers_and_lists_joined_with_a_comma(
    directory: None, client: Client
) -> None:
    rows = read_csv(download(client, "/open-data/members.csv"))

    assert [row["名称"] for row in rows] == ["ひかり福祉会"]
    row = rows[0]
    assert row["よみがな"] == "ひかりふくしかい"
    assert row["種別"] == "社会福祉法人"
    assert row["地区"] == "練馬、光が丘"
    assert row["テーマ"] == "就労体験"
    assert row["電話番号"] == "03-0000-0001"
    assert row["ページ"].endswith(f"/network/members/{row['ID']}/")
    assert row["サンプル"] == "false"


@pytest.mark.django_db
def test_facilities_and_activities_csv_hold_only_listed_records(
    directory: None, client: Client
) -> None:
    facilities = read_csv(download(client, "/open-data/facilities.csv"))
    activities = read_csv(download(client, "/open-data/activities.csv"))

    assert [row["名称"] for row in facilities] == ["ひかりの郷"]
    assert facilities[0]["対象"] == "高齢者、子ども"
    assert facilities[0]["運営法人"] == "ひかり福祉会"
    assert [row["名称"] for row in activities] == ["しごと体験"]
    assert activities[0]["参加費"] == "無料"
    assert activities[0]["ハッシュタグ"] == "就労体験"
    assert activities[0]["開催日時"].startswith(
        (timezone.localdate() + dt.timedelta(days=3)).isoformat() + "T13:00:00+09:00〜"
    )


@pytest.mark.django_db
def test_json_has_the_same_records_with_lists_as_lists(directory: None, client: Client) -> None:
    members = json.loads(download(client, "/open-data/members.json"))
    activities = json.loads(download(client, "/open-data/activities.json"))

    assert members["dataset"] == "members"
    assert [m["name"] for m in members["records"]] == ["ひかり福祉会"]
    assert members["records"][0]["districts"] == ["練馬", "光が丘"]
    assert [a["title"] for a in activities["records"]] == ["しごと体験"]
    assert activities["records"][0]["sessions"][0]["starts_at"].endswith("T13:00:00+09:00")
    assert activities["records"][0]["open_to_all"] is False


@pytest.mark.django_db
def test_no_personal_data_and_nothing_unlisted_in_any_file(directory: None, client: Client) -> None:
    for name in ("members", "facilities", "activities"):
        for extension in ("csv", "json"):
            text = download(client, f"/open-data/{name}.{extension}").decode("utf-8-sig")
            for absent in ("非公開", "resident@example.jp", "練馬 花子", "見本 花子"):
                assert absent not in text, (name, extension, absent)


@pytest.mark.django_db
def test_the_files_are_downloads_named_for_what_they_hold(directory: None, client: Client) -> None:
    csv_response = client.get("/open-data/activities.csv")
    json_response = client.get("/open-data/activities.json")

    assert csv_response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="nerima-network-activities.csv"' in csv_response["Content-Disposition"]
    assert json_response["Content-Type"] == "application/json; charset=utf-8"
    assert client.get("/open-data/people.csv").status_code == 404


@pytest.mark.django_db
def test_the_open_data_page_links_every_file_and_explains_the_columns(client: Client) -> None:
    response = client.get("/open-data/")

    html = response.content.decode()
    for name in ("members", "facilities", "activities"):
        assert f'href="/open-data/{name}.csv"' in html
        assert f'href="/open-data/{name}.json"' in html
    assert "UTF-8（BOM付き）" in visible_text(response)
    assert 'class="table-scroll" role="region" tabindex="0"' in html
