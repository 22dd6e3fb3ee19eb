"""The public ネリーズ pages keep a constant, small number of queries with plenty of data."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from nerizu.models import Story
from networks.models import District
from tests.nerizu.factories import NerizuFactory, StoryFactory, image_bytes, upload

BUDGET = 12


def fill(districts: list[District], nerizu_count: int) -> None:
    for i in range(nerizu_count):
        nerizu = NerizuFactory(district=districts[i % len(districts)])
        StoryFactory(
            nerizu=nerizu,
            status=Story.Status.APPROVED,
            photo=upload("a.jpg", image_bytes("JPEG")) if i % 3 == 0 else "",
            photo_alt="写真",
        )


def count(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.django_db
def test_public_pages_stay_within_budget_whatever_the_data(
    plan: object, client: Client, districts: list[District]
) -> None:
    fill(districts, 5)
    urls = ["/nerizu/", "/nerizu/terms/", "/nerizu/stories/", "/nerizu/stories/?page=1"]
    small = {url: count(client, url) for url in urls}
    fill(districts, 60)
    story = Story.objects.first()
    urls_large = [*urls, story.get_absolute_url(), "/nerizu/stories/?page=3"]
    large = {url: count(client, url) for url in urls_large}

    assert small == {url: large[url] for url in urls}
    assert max(large.values()) <= BUDGET, large
