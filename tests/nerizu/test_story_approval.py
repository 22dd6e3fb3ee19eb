"""A story is public only after a coordinator approves it in the admin."""

import pytest
from django.test import Client

from accounts.models import User
from nerizu.models import Nerizu, Story
from tests.html import visible_text
from tests.nerizu.factories import StoryFactory

CHANGELIST = "/admin/nerizu/story/"


def act(client: Client, action: str, *stories: Story) -> object:
    return client.post(
        CHANGELIST,
        {"action": action, "_selected_action": [s.pk for s in stories]},
        follow=True,
    )


@pytest.mark.django_db
def test_a_new_story_waits_for_review_and_is_not_public(
    resident_client: Client, nerizu: Nerizu, client: Client
) -> None:
    response = resident_client.post(
        "/nerizu/stories/new/", {"title": "防災訓練に参加", "body": "消火器の使い方を学びました。"}
    )

    story = Story.objects.get()
    assert response["Location"] == f"/nerizu/stories/{story.pk}/"
    assert story.status == Story.Status.PENDING
    assert story.nerizu == nerizu
    assert client.get(story.get_absolute_url()).status_code == 404
    assert "防災訓練に参加" not in visible_text(client.get("/nerizu/stories/"))
    assert "防災訓練に参加" not in visible_text(client.get("/nerizu/"))
    # The author sees it, marked as waiting.
    own = visible_text(resident_client.get(story.get_absolute_url()))
    assert "防災訓練に参加" in own
    assert "確認待ち" in own


@pytest.mark.django_db
def test_a_coordinator_approves_in_the_admin_and_the_story_appears(
    coordinator_client: Client, coordinator: User, nerizu: Nerizu, client: Client
) -> None:
    story = StoryFactory(nerizu=nerizu, title="子ども食堂のお手伝い")

    response = act(coordinator_client, "approve", story)

    assert response.status_code == 200
    assert "1件の活動紹介を承認しました。" in visible_text(response)
    story.refresh_from_db()
    assert story.status == Story.Status.APPROVED
    assert story.reviewed_by == coordinator
    assert story.reviewed_at is not None
    page = visible_text(client.get(story.get_absolute_url()))
    assert "子ども食堂のお手伝い" in page
    assert "ひかりんさん（光が丘地区）" in page
    assert "子ども食堂のお手伝い" in visible_text(client.get("/nerizu/stories/"))


@pytest.mark.django_db
def test_a_declined_story_stays_hidden(
    coordinator_client: Client, nerizu: Nerizu, client: Client
) -> None:
    story = StoryFactory(nerizu=nerizu)

    act(coordinator_client, "reject", story)

    story.refresh_from_db()
    assert story.status == Story.Status.REJECTED
    assert client.get(story.get_absolute_url()).status_code == 404


@pytest.mark.django_db
def test_the_admin_lists_stories_by_status(coordinator_client: Client, nerizu: Nerizu) -> None:
    StoryFactory(nerizu=nerizu, title="確認を待つ話")
    StoryFactory(nerizu=nerizu, title="公開中の話", status=Story.Status.APPROVED)

    pending = visible_text(coordinator_client.get(CHANGELIST + "?status__exact=pending"))

    assert "確認を待つ話" in pending
    assert "公開中の話" not in pending


@pytest.mark.django_db
def test_the_coordinator_cannot_change_the_state_by_hand(
    coordinator_client: Client, nerizu: Nerizu
) -> None:
    story = StoryFactory(nerizu=nerizu)

    coordinator_client.post(
        f"{CHANGELIST}{story.pk}/change/",
        {"title": story.title, "body": story.body, "photo_alt": "", "status": "approved"},
    )

    story.refresh_from_db()
    assert story.status == Story.Status.PENDING


@pytest.mark.django_db
def test_editing_an_approved_story_sends_it_back_for_review(
    resident_client: Client, nerizu: Nerizu, client: Client, coordinator: User
) -> None:
    story = StoryFactory(nerizu=nerizu, title="元のタイトル")
    story.review(approve=True, by=coordinator)

    response = resident_client.post(
        f"/nerizu/stories/{story.pk}/edit/", {"title": "直したタイトル", "body": "直した本文"}
    )

    assert response.status_code == 302
    story.refresh_from_db()
    assert story.title == "直したタイトル"
    assert story.status == Story.Status.PENDING
    assert story.reviewed_by is None
    assert story.reviewed_at is None
    assert client.get(story.get_absolute_url()).status_code == 404


@pytest.mark.django_db
def test_a_resident_cannot_approve(resident_client: Client, nerizu: Nerizu) -> None:
    story = StoryFactory(nerizu=nerizu)

    response = act(resident_client, "approve", story)

    assert "/admin/login/" in response.redirect_chain[0][0]
    story.refresh_from_db()
    assert story.status == Story.Status.PENDING
