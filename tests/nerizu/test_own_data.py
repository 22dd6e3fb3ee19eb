"""A Nerizu sees, changes and deletes their own registration and stories."""

from collections.abc import Callable

import pytest
from django.test import Client

from nerizu import services
from nerizu.models import Nerizu, Story
from nerizu.storage import private_storage
from networks.models import District
from tests.factories import HashtagFactory
from tests.html import visible_text
from tests.nerizu.factories import StoryFactory, image_bytes, upload


@pytest.mark.django_db
def test_my_page_shows_my_registration_and_all_my_stories(
    resident_client: Client, nerizu: Nerizu
) -> None:
    nerizu.interests.add(HashtagFactory(name="見守り"))
    StoryFactory(nerizu=nerizu, title="確認を待つ話")
    StoryFactory(nerizu=nerizu, title="見送られた話", status=Story.Status.REJECTED)

    text = visible_text(resident_client.get("/nerizu/me/"))

    assert "resident@example.jp" in text
    assert "ひかりん" in text
    assert "光が丘" in text
    assert "#見守り" in text
    assert "近所の見守りを手伝いたい。" in text
    assert "確認を待つ話確認待ち" in text
    assert "見送られた話見送り" in text


@pytest.mark.django_db
def test_my_page_offers_registration_to_a_resident_who_is_not_a_nerizu(
    resident_client: Client, districts: object
) -> None:
    text = visible_text(resident_client.get("/nerizu/me/"))

    assert "まだネリーズに登録していません。" in text


@pytest.mark.django_db
def test_i_can_change_my_registration(
    resident_client: Client, nerizu: Nerizu, districts: list[District]
) -> None:
    response = resident_client.post(
        "/nerizu/me/edit/",
        {"display_name": "新しい名前", "district": districts[3].pk, "how_to_help": ""},
    )

    assert response.status_code == 302
    nerizu.refresh_from_db()
    assert nerizu.display_name == "新しい名前"
    assert nerizu.district == districts[3]
    assert nerizu.how_to_help == ""


@pytest.mark.django_db
def test_i_can_end_my_registration_and_my_stories_and_photos_go_too(
    resident_client: Client, nerizu: Nerizu, as_committed: Callable
) -> None:
    story = services.story_submit(
        nerizu=nerizu, title="t", body="b", photo=upload("a.png", image_bytes()), photo_alt="a"
    )
    name = story.photo.name
    assert private_storage.exists(name)

    with as_committed():
        response = resident_client.post("/nerizu/me/withdraw/")

    assert response.status_code == 302
    assert not Nerizu.objects.exists()
    assert not Story.objects.exists()
    assert not private_storage.exists(name)
    assert resident_client.get("/nerizu/me/").status_code == 200  # the account stays


@pytest.mark.django_db
def test_i_can_replace_the_photo_and_the_old_file_is_deleted(
    resident_client: Client, nerizu: Nerizu, as_committed: Callable
) -> None:
    story = services.story_submit(
        nerizu=nerizu, title="t", body="b", photo=upload("a.png", image_bytes()), photo_alt="a"
    )
    old = story.photo.name

    with as_committed():
        resident_client.post(
            f"/nerizu/stories/{story.pk}/edit/",
            {"title": "t", "body": "b", "photo": upload("b.png", image_bytes()), "photo_alt": "b"},
        )

    story.refresh_from_db()
    assert story.photo.name != old
    assert private_storage.exists(story.photo.name)
    assert not private_storage.exists(old)


@pytest.mark.django_db
def test_i_can_remove_the_photo(
    resident_client: Client, nerizu: Nerizu, as_committed: Callable
) -> None:
    story = services.story_submit(
        nerizu=nerizu, title="t", body="b", photo=upload("a.png", image_bytes()), photo_alt="a"
    )
    old = story.photo.name

    with as_committed():
        resident_client.post(
            f"/nerizu/stories/{story.pk}/edit/",
            {"title": "t", "body": "b", "remove_photo": "on", "photo_alt": ""},
        )

    story.refresh_from_db()
    assert not story.photo
    assert story.photo_alt == ""
    assert not private_storage.exists(old)


@pytest.mark.django_db
def test_i_can_delete_a_story_with_its_photo(
    resident_client: Client, nerizu: Nerizu, as_committed: Callable
) -> None:
    story = services.story_submit(
        nerizu=nerizu, title="t", body="b", photo=upload("a.png", image_bytes()), photo_alt="a"
    )
    name = story.photo.name

    assert resident_client.get(f"/nerizu/stories/{story.pk}/delete/").status_code == 200
    with as_committed():
        response = resident_client.post(f"/nerizu/stories/{story.pk}/delete/")

    assert response["Location"] == "/nerizu/me/"
    assert not Story.objects.exists()
    assert not private_storage.exists(name)


@pytest.mark.django_db
def test_posting_a_story_needs_a_registration_first(
    resident_client: Client, districts: object
) -> None:
    response = resident_client.post("/nerizu/stories/new/", {"title": "t", "body": "b"})

    assert response["Location"] == "/nerizu/join/"
    assert not Story.objects.exists()
