"""The directory's parts that only content changes are kept per process until it does
(core.generation.kept_for_generation): the filters' reference choices (districts, themes,
target groups, stations) and the count of every public activity on the unfiltered list. A
signed-in resident, who never gets a cached page, sees every edit on the next request."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from networks.models import District, Station
from tests.factories import ActivityFactory

pytestmark = pytest.mark.django_db


def queries(client: Client, url: str) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return [query["sql"] for query in captured]


def counted(client: Client, url: str = "/activities/") -> int:
    found = re.search(r"活動 (\d+)件", client.get(url).content.decode())
    assert found
    return int(found.group(1))


@pytest.mark.parametrize("url", ["/network/", "/network/facilities/", "/activities/"])
def test_the_second_visit_reads_no_reference_choices(resident_client: Client, url: str) -> None:
    ActivityFactory()
    first, second = queries(resident_client, url), queries(resident_client, url)

    assert [sql for sql in first if "networks_district" in sql and "UNION" in sql]
    assert not [sql for sql in second if "networks_district" in sql and "UNION" in sql]
    assert not [sql for sql in second if "networks_station" in sql]


def test_a_renamed_district_and_a_new_station_show_at_once(resident_client: Client) -> None:
    assert "練馬地区" not in resident_client.get("/activities/").content.decode()

    District.objects.filter(slug="nerima").update(name="練馬地区")
    District.objects.get(slug="nerima").save()  # the admin saves: a signal renews the content
    Station.objects.create(name="新しい駅", name_kana="あたらしいえき")

    html = resident_client.get("/activities/").content.decode()
    assert "練馬地区" in html
    assert "新しい駅" in html


def test_the_unfiltered_count_is_kept_and_follows_edits(resident_client: Client) -> None:
    first = ActivityFactory(title="ひとつめ")
    assert counted(resident_client) == 1
    assert not [sql for sql in queries(resident_client, "/activities/") if "COUNT(" in sql]

    ActivityFactory(title="ふたつめ")
    assert counted(resident_client) == 2
    first.is_listed = False
    first.save()
    assert counted(resident_client) == 1
    assert counted(resident_client, "/activities/?district=oizumi") == 0  # filtered: counted
