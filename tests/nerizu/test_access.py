"""Nerizu personal data is for the Nerizu and staff only: anonymous visitors get a login
redirect, other residents a 404, coordinators see it in the admin."""

import pytest
from django.test import Client

from nerizu.models import Nerizu, Story
from tests.nerizu.factories import StoryFactory

SIGNED_IN_PAGES = [
    "/nerizu/join/",
    "/nerizu/me/",
    "/nerizu/me/edit/",
    "/nerizu/me/withdraw/",
    "/nerizu/me/delete-account/",
    "/nerizu/stories/new/",
]


@pytest.fixture
def story(nerizu: Nerizu) -> Story:
    return StoryFactory(nerizu=nerizu, title="まだ非公開の話", body="非公開の本文")


@pytest.mark.django_db
@pytest.mark.parametrize("url", SIGNED_IN_PAGES)
def test_anonymous_visitors_are_sent_to_login(client: Client, nerizu: Nerizu, url: str) -> None:
    for method in (client.get, client.post):
        response = method(url)

        assert response.status_code == 302, url
        assert response["Location"] == f"/accounts/login/?next={url}"
    assert Nerizu.objects.filter(pk=nerizu.pk).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("suffix", ["edit/", "delete/"])
def test_anonymous_visitors_cannot_touch_a_story(client: Client, story: Story, suffix: str) -> None:
    response = client.post(f"/nerizu/stories/{story.pk}/{suffix}", {"title": "x", "body": "x"})

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    story.refresh_from_db()
    assert story.title == "まだ非公開の話"


@pytest.mark.django_db
@pytest.mark.parametrize("suffix", ["", "photo", "edit/", "delete/"])
def test_another_resident_gets_404_for_my_pending_story(
    other_client: Client, story: Story, suffix: str
) -> None:
    response = other_client.get(f"/nerizu/stories/{story.pk}/{suffix}")

    assert response.status_code == 404
    assert "非公開の本文" not in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("suffix", ["edit/", "delete/"])
def test_another_resident_gets_404_for_my_approved_story_changes(
    other_client: Client, story: Story, suffix: str
) -> None:
    story.status = Story.Status.APPROVED
    story.save()

    response = other_client.post(
        f"/nerizu/stories/{story.pk}/{suffix}", {"title": "乗っ取り", "body": "乗っ取り"}
    )

    assert response.status_code == 404
    story.refresh_from_db()
    assert story.title == "まだ非公開の話"
    assert story.status == Story.Status.APPROVED


@pytest.mark.django_db
def test_another_residents_page_shows_only_their_own_data(
    other_client: Client, nerizu: Nerizu, story: Story
) -> None:
    html = other_client.get("/nerizu/me/").content.decode()

    assert "しゃくじい" in html
    assert "ひかりん" not in html
    assert "resident@example.jp" not in html
    assert "まだ非公開の話" not in html


@pytest.mark.django_db
def test_a_resident_who_is_not_a_nerizu_gets_404_for_editing_a_registration(
    resident_client: Client, other_nerizu: Nerizu
) -> None:
    assert resident_client.get("/nerizu/me/edit/").status_code == 404
    assert resident_client.post("/nerizu/me/withdraw/").status_code == 404
    assert Nerizu.objects.filter(pk=other_nerizu.pk).exists()


@pytest.mark.django_db
def test_a_resident_cannot_open_the_admin(resident_client: Client, nerizu: Nerizu) -> None:
    for url in ("/admin/nerizu/nerizu/", f"/admin/nerizu/nerizu/{nerizu.pk}/change/"):
        response = resident_client.get(url)

        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/")


@pytest.mark.django_db
def test_a_coordinator_sees_registrations_in_the_admin(
    coordinator_client: Client, nerizu: Nerizu, story: Story
) -> None:
    listing = coordinator_client.get("/admin/nerizu/nerizu/").content.decode()
    detail = coordinator_client.get(f"/admin/nerizu/nerizu/{nerizu.pk}/change/")

    assert "ひかりん" in listing
    assert "resident@example.jp" in listing
    assert detail.status_code == 200
    assert "近所の見守りを手伝いたい。" in detail.content.decode()
    assert "まだ非公開の話" in detail.content.decode()


@pytest.mark.django_db
def test_a_coordinator_only_views_registrations(coordinator_client: Client, nerizu: Nerizu) -> None:
    assert coordinator_client.get("/admin/nerizu/nerizu/add/").status_code == 403
    assert coordinator_client.post(f"/admin/nerizu/nerizu/{nerizu.pk}/delete/").status_code == 403
    coordinator_client.post(
        f"/admin/nerizu/nerizu/{nerizu.pk}/change/", {"display_name": "書き換え"}
    )
    nerizu.refresh_from_db()
    assert nerizu.display_name == "ひかりん"


@pytest.mark.django_db
def test_a_coordinator_can_read_a_pending_story_on_the_site(
    coordinator_client: Client, story: Story
) -> None:
    response = coordinator_client.get(f"/nerizu/stories/{story.pk}/")

    assert response.status_code == 200
    assert "非公開の本文" in response.content.decode()
    assert coordinator_client.get(f"/nerizu/stories/{story.pk}/edit/").status_code == 404
