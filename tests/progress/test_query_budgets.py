"""The progress pages render in a constant number of queries, whatever the amount of content:
with ten times the sample data they stay within the same budgets as with one copy."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from pillars.models import ActionItem

# plan, pillars (or forces, districts), items, milestones, indicators, values, and one
# GROUP BY per kind of count the computed indicators need (activities, ネリーズ, members),
# and the content generation (read for the footer's contact points, which are kept per process
# and generation: the page cache, off here, would have read it)
BUDGETS = {
    "/progress/": 11,  # + the years with published evaluations
    "/progress/forces/": 11,  # + the items' driving forces
    "/progress/districts/": 10,
    "/progress/evaluation/2025/": 5,  # plan, pillars, evaluations, comments, generation
}
ITEM_BUDGET = 12  # + snapshots, timeline, the item's published evaluations


def sample_item_paths() -> list[str]:
    """The item page of a sample item of each kind (達成, 実施中 with counts, 未着手)."""
    items = ActionItem.objects.filter(is_sample=True, pillar__number=2).order_by("order")[:3]
    return [f"/progress/items/{item.pk}/" for item in items]


def count(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


@pytest.fixture
def ten_times_the_sample_data(plan: object) -> None:
    call_command("load_sample_data", "--copies", "10", verbosity=0)


@pytest.mark.django_db
@pytest.mark.parametrize("url", BUDGETS)
def test_the_progress_pages_stay_within_budget_with_ten_times_the_data(
    ten_times_the_sample_data: None,
    client: Client,
    django_assert_max_num_queries: object,
    url: str,
) -> None:
    client.get(url)  # the parts kept per process and content generation are kept now
    with django_assert_max_num_queries(BUDGETS[url]):
        assert client.get(url).status_code == 200


@pytest.mark.django_db
def test_an_item_page_stays_within_budget_with_ten_times_the_data(
    ten_times_the_sample_data: None, client: Client, django_assert_max_num_queries: object
) -> None:
    for url in sample_item_paths():
        with django_assert_max_num_queries(ITEM_BUDGET):
            assert client.get(url).status_code == 200


@pytest.mark.django_db
def test_the_query_count_does_not_grow_with_content(plan: object, client: Client) -> None:
    call_command("load_sample_data", verbosity=0)
    urls = [*BUDGETS, *sample_item_paths()]
    small = {url: count(client, url) for url in urls}

    call_command("load_sample_data", "--copies", "10", verbosity=0)
    large = {url: count(client, url) for url in urls}

    assert small == large
    assert ActionItem.objects.filter(is_sample=True).count() == 90
