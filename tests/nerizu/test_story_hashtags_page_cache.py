"""A hashtag's cached page shows a story as soon as a coordinator tags and approves it, and
loses it when the tag comes off."""

import pytest
from django.test import Client

from nerizu.models import Nerizu, Story
from pillars.models import Hashtag
from tests.nerizu.factories import StoryFactory
from tests.pagecache import assert_shows_the_change, cached

URL = "/tags/%E8%A6%8B%E5%AE%88%E3%82%8A/"  # /tags/見守り/


@pytest.mark.django_db
def test_tagging_and_approving_in_the_admin_shows_on_the_cached_tag_page(
    plan: object, coordinator_client: Client, nerizu: Nerizu
) -> None:
    watching = Hashtag.objects.create(name="見守り")
    story = StoryFactory(nerizu=nerizu, title="夕方の見守り")
    before = cached(URL)

    response = coordinator_client.post(
        f"/admin/nerizu/story/{story.pk}/change/",
        {
            "title": story.title,
            "body": story.body,
            "photo_alt": "",
            "hashtags": [str(watching.pk)],
            "approve_now": "on",
        },
    )

    assert response.status_code == 302
    assert_shows_the_change(URL, before)
    assert "夕方の見守り" in Client().get(URL).content.decode()


@pytest.mark.django_db
def test_taking_the_tag_off_removes_the_story_from_the_cached_page(
    plan: object, nerizu: Nerizu
) -> None:
    watching = Hashtag.objects.create(name="見守り")
    story = StoryFactory(nerizu=nerizu, title="夕方の見守り", status=Story.Status.APPROVED)
    story.hashtags.add(watching)
    before = cached(URL)

    story.hashtags.remove(watching)

    assert_shows_the_change(URL, before)
    assert "夕方の見守り" not in Client().get(URL).content.decode()
