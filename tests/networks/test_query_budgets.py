"""The directory, activity and open data pages render in a constant number of queries (at most
12), with ten times the sample data, filters applied or not."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from networks.models import Activity, Facility, Member

BUDGET = 12

LISTS = [
    "/network/",
    "/network/?district=nerima&kind=corporation&target_group=elderly&theme=places-to-belong",
    "/network/?row=%E3%81%AF&page=2",
    "/network/facilities/",
    "/network/facilities/?district=oizumi&kind=npo&target_group=children&theme=places-to-belong",
    "/activities/",
    "/activities/?district=hikarigaoka&theme=places-to-belong&audience=elderly",
    "/activities/?date_from=2000-01-01&date_to=2100-12-31&page=2",
    "/open-data/",
    "/en/activities/",
]


def details() -> list[str]:
    return [
        Member.objects.get(name="ひかり福祉会（サンプル）").get_absolute_url(),
        Facility.objects.get(name="ひかりデイサービスセンター（サンプル）").get_absolute_url(),
        Activity.objects.get(title="ひかりサロン（サンプル）").get_absolute_url(),
        Activity.objects.get(title="しごと体験プログラム（サンプル）").get_absolute_url(),
    ]


def calendars() -> list[str]:
    return [f"{url}calendar.ics" for url in details()[2:]] + ["/activities/calendar.ics"]


def count(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        if response.streaming:
            b"".join(response.streaming_content)
    assert response.status_code == 200, url
    return len(queries)


@pytest.fixture
def ten_times_the_sample_data(plan: object) -> None:
    call_command("load_sample_data", "--copies", "10", verbosity=0)


@pytest.mark.django_db
def test_every_page_stays_within_the_budget(
    ten_times_the_sample_data: None, client: Client
) -> None:
    counts = {url: count(client, url) for url in [*LISTS, *details(), *calendars()]}

    assert {url: n for url, n in counts.items() if n > BUDGET} == {}


@pytest.mark.django_db
def test_the_query_count_does_not_grow_with_content(plan: object, client: Client) -> None:
    call_command("load_sample_data", verbosity=0)
    urls = [*LISTS, *details(), *calendars()]
    small = {url: count(client, url) for url in urls}
    call_command("load_sample_data", "--copies", "10", verbosity=0)
    large = {url: count(client, url) for url in urls}

    assert small == large


@pytest.mark.django_db
def test_open_data_files_read_in_chunks_not_per_record(
    ten_times_the_sample_data: None, client: Client
) -> None:
    # members: 1 query + 2 prefetches per chunk of 500; 60 members fit one chunk
    assert count(client, "/open-data/members.csv") <= 3
    # facilities: + target groups, stations; activities: + audiences, hashtags, stations, sessions
    assert count(client, "/open-data/facilities.json") <= 3
    assert count(client, "/open-data/activities.csv") <= 5
