"""ネリーズ stories carry hashtags: the author chooses from the existing ones, a coordinator may
add new ones while reviewing in the admin (and approve in the same save), and a hashtag's page
lists its approved stories — never a pending or declined one."""

import re

import pytest
from django.test import Client

from accounts.models import User
from nerizu.models import Nerizu, Story
from pillars.models import Hashtag
from tests.html import visible_text
from tests.nerizu.factories import StoryFactory

WATCHING = "見守り"


@pytest.fixture
def watching(db: None) -> Hashtag:
    return Hashtag.objects.create(name=WATCHING)


def review_form(story: Story, **changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "title": story.title,
        "body": story.body,
        "photo_alt": "",
        "hashtags": [str(tag.pk) for tag in story.hashtags.all()],
        "new_hashtags": "",
    }
    return data | changes


@pytest.mark.django_db
def test_the_author_chooses_existing_hashtags(
    resident_client: Client, nerizu: Nerizu, watching: Hashtag
) -> None:
    form = resident_client.get("/nerizu/stories/new/")
    response = resident_client.post(
        "/nerizu/stories/new/",
        {"title": "見守りパトロール", "body": "夕方に歩きました。", "hashtags": [watching.pk]},
    )

    assert "#見守り" in visible_text(form)
    assert response.status_code == 302
    story = Story.objects.get()
    assert list(story.hashtags.all()) == [watching]
    assert story.status == Story.Status.PENDING


@pytest.mark.django_db
def test_the_author_cannot_make_up_a_hashtag(
    resident_client: Client, nerizu: Nerizu, watching: Hashtag
) -> None:
    response = resident_client.post(
        "/nerizu/stories/new/",
        {"title": "見守りパトロール", "body": "夕方に歩きました。", "hashtags": ["999999"]},
    )

    assert response.status_code == 200
    assert "正しく選択してください。 999999 は候補にありません。" in response.content.decode()
    assert 'value="見守りパトロール"' in response.content.decode()
    assert not Story.objects.exists()


@pytest.mark.django_db
def test_editing_keeps_or_changes_the_hashtags_and_asks_for_review_again(
    resident_client: Client, nerizu: Nerizu, watching: Hashtag
) -> None:
    story = StoryFactory(nerizu=nerizu, status=Story.Status.APPROVED)
    story.hashtags.add(watching)
    other = Hashtag.objects.create(name="防災")

    form = resident_client.get(f"/nerizu/stories/{story.pk}/edit/")
    resident_client.post(
        f"/nerizu/stories/{story.pk}/edit/",
        {"title": story.title, "body": story.body, "hashtags": [other.pk]},
    )

    assert re.search(rf'value="{watching.pk}" id="id_hashtags_\d" checked', form.content.decode())
    story.refresh_from_db()
    assert list(story.hashtags.all()) == [other]
    assert story.status == Story.Status.PENDING


@pytest.mark.django_db
def test_a_coordinator_adds_new_hashtags_and_approves_in_one_save(
    coordinator_client: Client, coordinator: User, nerizu: Nerizu, watching: Hashtag
) -> None:
    story = StoryFactory(nerizu=nerizu, title="防災訓練のお手伝い")

    response = coordinator_client.post(
        f"/admin/nerizu/story/{story.pk}/change/",
        review_form(
            story,
            hashtags=[str(watching.pk)],
            new_hashtags="防災、 #炊き出し 見守り",
            approve_now="on",
        ),
    )

    assert response.status_code == 302
    story.refresh_from_db()
    assert sorted(tag.name for tag in story.hashtags.all()) == sorted(
        ["見守り", "防災", "炊き出し"]
    )
    assert Hashtag.objects.filter(name="見守り").count() == 1
    assert story.status == Story.Status.APPROVED
    assert story.reviewed_by == coordinator


@pytest.mark.django_db
def test_a_new_hashtag_with_a_space_or_slash_is_refused_next_to_the_field(
    coordinator_client: Client, nerizu: Nerizu
) -> None:
    story = StoryFactory(nerizu=nerizu)

    response = coordinator_client.post(
        f"/admin/nerizu/story/{story.pk}/change/", review_form(story, new_hashtags="見守り/防災")
    )

    assert response.status_code == 200
    assert "「見守り/防災」：" in visible_text(response)
    assert not Hashtag.objects.exists()
    story.refresh_from_db()
    assert story.status == Story.Status.PENDING


@pytest.mark.django_db
def test_the_hashtag_page_lists_approved_stories_only(
    plan: object, client: Client, nerizu: Nerizu, watching: Hashtag
) -> None:
    for title, status in (
        ("公開中の話", Story.Status.APPROVED),
        ("確認待ちの話", Story.Status.PENDING),
        ("見送った話", Story.Status.REJECTED),
    ):
        StoryFactory(nerizu=nerizu, title=title, status=status).hashtags.add(watching)

    page = visible_text(client.get(f"/tags/{WATCHING}/"))
    tags = visible_text(client.get("/tags/"))
    listed = visible_text(client.get("/nerizu/stories/", {"tag": WATCHING}))

    assert "このハッシュタグが付いたネリーズの活動紹介" in page
    assert "公開中の話" in page
    assert "確認待ちの話" not in page
    assert "見送った話" not in page
    assert "#見守り1件" in tags
    assert "公開中の話" in listed
    assert "確認待ちの話" not in listed


@pytest.mark.django_db
def test_the_story_list_filters_by_hashtag_and_the_story_shows_its_tags(
    client: Client, nerizu: Nerizu, watching: Hashtag
) -> None:
    tagged = StoryFactory(nerizu=nerizu, title="見守りの話", status=Story.Status.APPROVED)
    tagged.hashtags.add(watching)
    StoryFactory(nerizu=nerizu, title="ほかの話", status=Story.Status.APPROVED)

    listed = visible_text(client.get("/nerizu/stories/", {"tag": "#見守り"}))
    page = client.get(tagged.get_absolute_url())

    assert "見守りの話" in listed
    assert "ほかの話" not in listed
    assert 'href="/tags/%E8%A6%8B%E5%AE%88%E3%82%8A/"' in page.content.decode()
    assert "#見守り" in visible_text(page)


@pytest.mark.django_db
def test_a_resident_cannot_reach_the_review_form(resident_client: Client, nerizu: Nerizu) -> None:
    story = StoryFactory(nerizu=nerizu)

    response = resident_client.get(f"/admin/nerizu/story/{story.pk}/change/")

    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
