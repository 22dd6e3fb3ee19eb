"""A story posted (or changed) tells its district's coordinators; a coordinator's decision
tells its author. The mails carry the title and where to look, and go through the outbox."""

import pytest
from django.core import mail
from django.test import Client

from accounts.models import User
from nerizu.models import Nerizu, Story
from networks.models import Coordinator, District
from tests.nerizu.factories import StoryFactory, UserFactory


@pytest.fixture
def hikarigaoka_coordinator(coordinator: User, districts: list[District]) -> User:
    # Their public profile names the district, and an administrator linked it to their account.
    profile = Coordinator.objects.create(name="光が丘 担当", account=coordinator)
    profile.districts.set([districts[1]])
    return coordinator


@pytest.fixture
def shakujii_coordinator(districts: list[District]) -> User:
    other = UserFactory(email="shakujii-co@example.jp", is_staff=True)
    Coordinator.objects.create(name="石神井 担当", account=other).districts.set([districts[2]])
    return other


def post_story(client: Client) -> None:
    client.post(
        "/nerizu/stories/new/", {"title": "防災訓練に参加", "body": "消火器の使い方を学びました。"}
    )


@pytest.mark.django_db
def test_a_posted_story_tells_only_its_districts_coordinators(
    resident_client: Client,
    nerizu: Nerizu,
    hikarigaoka_coordinator: User,
    shakujii_coordinator: User,
) -> None:
    post_story(resident_client)

    story = Story.objects.get()
    (message,) = mail.outbox
    assert message.to == [hikarigaoka_coordinator.email]
    assert message.subject == "【練馬区社協】活動紹介が投稿されました（光が丘地区・確認待ち）"
    assert "防災訓練に参加" in message.body
    assert f"/admin/nerizu/story/{story.pk}/change/" in message.body
    assert "消火器" not in message.body  # the story itself is read in the admin


@pytest.mark.django_db
def test_a_changed_story_tells_them_again(
    resident_client: Client, nerizu: Nerizu, hikarigaoka_coordinator: User
) -> None:
    story = StoryFactory(nerizu=nerizu, status=Story.Status.APPROVED)

    resident_client.post(
        f"/nerizu/stories/{story.pk}/edit/", {"title": "新しいタイトル", "body": "本文"}
    )

    (message,) = mail.outbox
    assert "活動紹介が変更されました" in message.subject


@pytest.mark.django_db
def test_an_inactive_coordinator_is_not_told(
    resident_client: Client, nerizu: Nerizu, hikarigaoka_coordinator: User
) -> None:
    User.objects.filter(pk=hikarigaoka_coordinator.pk).update(is_active=False)

    post_story(resident_client)

    assert Story.objects.exists()
    assert not mail.outbox


@pytest.mark.django_db
def test_approval_tells_the_author_with_the_public_link(
    coordinator_client: Client, nerizu: Nerizu
) -> None:
    story = StoryFactory(nerizu=nerizu, title="子ども食堂のお手伝い")

    coordinator_client.post(
        "/admin/nerizu/story/", {"action": "approve", "_selected_action": [story.pk]}
    )

    (message,) = mail.outbox
    assert message.to == [nerizu.user.email]
    assert message.subject == "【練馬区社協】活動紹介を公開しました"
    assert "子ども食堂のお手伝い" in message.body
    assert f"/nerizu/stories/{story.pk}/" in message.body


@pytest.mark.django_db
def test_sending_back_tells_the_author_where_to_change_it(
    coordinator_client: Client, nerizu: Nerizu
) -> None:
    story = StoryFactory(nerizu=nerizu, title="子ども食堂のお手伝い")

    coordinator_client.post(
        "/admin/nerizu/story/", {"action": "reject", "_selected_action": [story.pk]}
    )

    story.refresh_from_db()
    assert story.status == Story.Status.REJECTED
    (message,) = mail.outbox
    assert message.to == [nerizu.user.email]
    assert message.subject == "【練馬区社協】活動紹介の公開を見送りました"
    assert "/nerizu/me/" in message.body


@pytest.mark.django_db
def test_only_an_administrator_links_a_profile_to_an_account(
    coordinator_client: Client, administrator: User, hikarigaoka_coordinator: User
) -> None:
    from tests.conftest import client_for

    profile = Coordinator.objects.get(account=hikarigaoka_coordinator)
    path = f"/admin/networks/coordinator/{profile.pk}/change/"

    assert 'name="account"' not in coordinator_client.get(path).content.decode()
    assert 'name="account"' in client_for(administrator).get(path).content.decode()
