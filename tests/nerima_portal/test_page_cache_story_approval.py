"""A story approved in the admin (an admin action) is on the next anonymous /nerizu/stories/."""

import pytest
from django.test import Client

from nerizu.models import Story
from tests.nerizu.factories import NerizuFactory, StoryFactory
from tests.pagecache import assert_shows_the_change, cached


@pytest.mark.django_db
def test_an_approved_story_shows_at_once(coordinator_client: Client, plan: object) -> None:
    story = StoryFactory(nerizu=NerizuFactory(), title="子ども食堂のお手伝い")
    before = cached("/nerizu/stories/")
    assert "子ども食堂のお手伝い" not in before.decode()  # type: ignore[union-attr]

    coordinator_client.post(
        "/admin/nerizu/story/", {"action": "approve", "_selected_action": [story.pk]}
    )

    story.refresh_from_db()
    assert story.status == Story.Status.APPROVED
    assert_shows_the_change("/nerizu/stories/", before)
