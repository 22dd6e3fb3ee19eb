"""A hashtag's page keeps its query count with ten times the sample data and many tagged
stories (with and without photos)."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from nerizu.models import Story
from networks.models import District
from pillars.models import Hashtag
from tests.nerizu.factories import NerizuFactory, StoryFactory, image_bytes, upload
from tests.test_query_budgets import BUDGET

URL = "/tags/%E8%A6%8B%E5%AE%88%E3%82%8A/"  # /tags/見守り/


def tag_stories(tag: Hashtag, districts: list[District], count: int) -> None:
    for i in range(count):
        story = StoryFactory(
            nerizu=NerizuFactory(district=districts[i % len(districts)]),
            status=Story.Status.APPROVED if i % 4 else Story.Status.PENDING,
            photo=upload("a.jpg", image_bytes("JPEG")) if i % 3 == 0 else "",
            photo_alt="写真",
        )
        story.hashtags.add(tag)


def queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.django_db
def test_the_tag_page_stays_within_budget_with_ten_times_the_data(
    plan: object, client: Client, districts: list[District]
) -> None:
    call_command("load_sample_data", verbosity=0)
    tag = Hashtag.objects.get(name="見守り")
    tag_stories(tag, districts, 3)
    small = {url: queries(client, url) for url in (URL, "/tags/", "/nerizu/stories/?tag=見守り")}

    call_command("load_sample_data", "--copies", "10", verbosity=0)
    tag_stories(tag, districts, 60)
    large = {url: queries(client, url) for url in (URL, "/tags/", "/nerizu/stories/?tag=見守り")}

    assert large == small
    assert large[URL] <= BUDGET
