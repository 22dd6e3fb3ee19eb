"""A story's photo is served by a view that checks the story may be seen."""

import pytest
from django.test import Client

from accounts.models import User
from nerizu import services
from nerizu.models import Nerizu, Story
from tests.nerizu.factories import image_bytes, upload


@pytest.fixture
def pending(nerizu: Nerizu) -> Story:
    return services.story_submit(
        nerizu=nerizu,
        title="写真つきの話",
        body="本文",
        photo=upload("a.png", image_bytes()),
        photo_alt="公園の花壇",
    )


def photo_url(story: Story) -> str:
    return f"/nerizu/stories/{story.pk}/photo"


@pytest.mark.django_db
def test_a_pending_photo_is_404_for_anonymous_visitors(client: Client, pending: Story) -> None:
    assert client.get(photo_url(pending)).status_code == 404


@pytest.mark.django_db
def test_a_pending_photo_is_404_for_another_resident(other_client: Client, pending: Story) -> None:
    assert other_client.get(photo_url(pending)).status_code == 404


@pytest.mark.django_db
def test_the_author_sees_their_pending_photo_uncached(
    resident_client: Client, pending: Story
) -> None:
    response = resident_client.get(photo_url(pending))

    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert b"".join(response.streaming_content)[:2] == b"\xff\xd8"
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_a_coordinator_sees_a_pending_photo(coordinator_client: Client, pending: Story) -> None:
    assert coordinator_client.get(photo_url(pending)).status_code == 200


@pytest.mark.django_db
def test_an_approved_photo_is_public(client: Client, pending: Story, coordinator: User) -> None:
    pending.review(approve=True, by=coordinator)

    response = client.get(photo_url(pending))

    assert response.status_code == 200
    assert response["Cache-Control"].startswith("public")


@pytest.mark.django_db
def test_a_story_without_a_photo_has_no_photo(client: Client, nerizu: Nerizu) -> None:
    story = services.story_submit(nerizu=nerizu, title="t", body="b", photo=None, photo_alt="")
    story.status = Story.Status.APPROVED
    story.save()

    assert client.get(photo_url(story)).status_code == 404
