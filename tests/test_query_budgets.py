"""Every public page renders in a constant number of queries, whatever the amount of content."""

import pytest
from django.core.management import call_command
from django.test import Client

from tests.test_project import PUBLIC_PAGES

# 10 for the page, + 1: every page's footer lists the contact points, read once per process and
# content generation (networks/templatetags/contact_points.py), which is read for the page
# (a query with the database cache) where the page cache, off here, does not read it
BUDGET = 11


@pytest.fixture
def ten_times_the_sample_data(plan: object) -> None:
    call_command("load_sample_data", "--copies", "10", verbosity=0)


@pytest.mark.django_db
@pytest.mark.parametrize("url", [*PUBLIC_PAGES, "/tags/%E5%B1%85%E5%A0%B4%E6%89%8010/"])
def test_public_pages_stay_within_the_query_budget(
    ten_times_the_sample_data: None,
    client: Client,
    django_assert_max_num_queries: object,
    url: str,
) -> None:
    client.get(url)  # the parts kept per process and content generation are kept now
    with django_assert_max_num_queries(BUDGET):
        response = client.get(url)
    assert response.status_code == 200


@pytest.mark.django_db
def test_the_query_count_does_not_grow_with_content(
    plan: object, client: Client, django_assert_num_queries: object
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count(url: str) -> int:
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        return len(queries)

    call_command("load_sample_data", verbosity=0)
    small = {url: count(url) for url in PUBLIC_PAGES[:-1]}
    call_command("load_sample_data", "--copies", "10", verbosity=0)
    large = {url: count(url) for url in PUBLIC_PAGES[:-1]}

    assert small == large


@pytest.mark.django_db
def test_a_coordinator_preview_also_stays_within_budget(
    ten_times_the_sample_data: None,
    coordinator_client: Client,
    django_assert_max_num_queries: object,
) -> None:
    for url in ("/", "/pillars/1/", "/tags/"):
        with django_assert_max_num_queries(BUDGET + 3):  # + session, user, permissions
            assert coordinator_client.get(url).status_code == 200


# やさしい日本語 (/easy/, core/easy.py): the easy columns are read with the standard ones, so
# a page costs the same queries in either mode. Easy texts are filled in so that every
# `obj.shown` read takes the easy branch.
EASY_PAGES = [
    "/",
    "/plan/",
    "/pillars/1/",
    "/forces/",
    "/forces/nerizu/",
    "/activities/",
    "/nerizu/",
    "/tags/",
    "/tags/%E5%B1%85%E5%A0%B4%E6%89%80/",
]


@pytest.mark.django_db
def test_easy_pages_cost_what_standard_pages_cost(ten_times_the_sample_data: None) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from networks.models import Activity
    from pillars.models import ActionItem

    ActionItem.objects.filter(pk__in=ActionItem.objects.values("pk")[:5]).update(
        title_easy="やさしい タイトル（サンプル）"
    )
    Activity.objects.filter(pk__in=Activity.objects.values("pk")[:5]).update(
        title_easy="やさしい 活動（サンプル）"
    )
    client = Client()

    def count(url: str) -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200, url
        return len(queries)

    for url in EASY_PAGES:  # parts kept per content generation (the tags in use) are kept now
        client.get(url)
    standard = {url: count(url) for url in EASY_PAGES}
    easy = {url: count("/easy" + url) for url in EASY_PAGES}

    assert easy == standard
    assert max(easy.values()) <= BUDGET


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/activities/", "/network/facilities/"])
def test_a_list_filtered_by_station_stays_within_the_budget(
    ten_times_the_sample_data: None,
    client: Client,
    django_assert_max_num_queries: object,
    path: str,
) -> None:
    from networks.models import Station

    station = Station.objects.get(name="練馬")
    with django_assert_max_num_queries(BUDGET):
        response = client.get(path, {"station": station.pk})
    assert response.status_code == 200
    assert "練馬" in response.content.decode()
