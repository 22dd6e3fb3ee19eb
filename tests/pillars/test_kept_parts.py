"""Parts of the plan's pages kept per process until content changes (pillars.kept): the tags in
use with their counts, every tag by name, the current plan's forces by slug. A signed-in
resident, who never gets a cached page, sees a change at once; an editor's preview counts
drafts and is never shared with anyone else."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from pillars.models import ActionItem
from tests.factories import ActionItemFactory, HashtagFactory

pytestmark = pytest.mark.django_db


def tag_count(client: Client, url: str, name: str) -> int | None:
    html = client.get(url).content.decode()
    found = re.search(rf"#{name}\s*<span class=\"tag__count\">(\d+)件</span>", html)
    return int(found.group(1)) if found else None


@pytest.fixture
def tag(plan: object) -> object:
    tag = HashtagFactory(name="見守りテスト", reading="みまもりてすと")
    ActionItemFactory(pillar=plan.pillars.get(number=1), title="見守り1", hashtags=[tag])
    return tag


@pytest.mark.parametrize("url", ["/", "/tags/"])
def test_a_change_shows_on_the_next_request(
    tag: object, plan: object, resident_client: Client, url: str
) -> None:
    assert tag_count(resident_client, url, "見守りテスト") == 1

    ActionItemFactory(pillar=plan.pillars.get(number=2), title="見守り2", hashtags=[tag])
    assert tag_count(resident_client, url, "見守りテスト") == 2

    ActionItem.objects.filter(title="見守り1").get().delete()
    assert tag_count(resident_client, url, "見守りテスト") == 1


def test_an_editors_draft_counts_are_theirs_alone(
    tag: object, plan: object, coordinator_client: Client, resident_client: Client
) -> None:
    ActionItemFactory(
        pillar=plan.pillars.get(number=2),
        title="下書き",
        hashtags=[tag],
        status=ActionItem.Status.DRAFT,
    )
    assert tag_count(resident_client, "/", "見守りテスト") == 1
    assert tag_count(coordinator_client, "/", "見守りテスト") == 2  # drafts in the preview
    assert tag_count(resident_client, "/", "見守りテスト") == 1
    assert tag_count(Client(), "/tags/", "見守りテスト") == 1


def test_the_second_visit_does_not_count_again(tag: object, resident_client: Client) -> None:
    def queries(url: str) -> list[str]:
        with CaptureQueriesContext(connection) as captured:
            resident_client.get(url)
        return [query["sql"] for query in captured]

    first, second = queries("/"), queries("/")
    counting = [sql for sql in first if "pillars_actionitem_hashtags" in sql]
    assert counting  # the first visit counts the tags
    assert not [sql for sql in second if "pillars_actionitem_hashtags" in sql]


def test_a_tags_page_follows_renames_at_once(tag: object, resident_client: Client) -> None:
    assert resident_client.get("/tags/見守りテスト/").status_code == 200
    assert resident_client.get("/tags/見守りテスト2/").status_code == 404

    tag.name = "見守りテスト2"
    tag.save()

    assert resident_client.get("/tags/見守りテスト2/").status_code == 200
    assert resident_client.get("/tags/見守りテスト/").status_code == 404
    tag.delete()
    assert resident_client.get("/tags/見守りテスト2/").status_code == 404


def test_a_forces_page_follows_edits_at_once(plan: object, resident_client: Client) -> None:
    force = plan.driving_forces.get(slug="nerizu")
    assert resident_client.get("/forces/nerizu/").status_code == 200

    force.name = "ネリーズ（改）"
    force.slug = "nerizu-new"
    force.save()

    assert resident_client.get("/forces/nerizu/").status_code == 404
    assert "ネリーズ（改）" in resident_client.get("/forces/nerizu-new/").content.decode()
    plan.is_published = False
    plan.save()
    assert resident_client.get("/forces/nerizu-new/").status_code == 404


def test_a_tags_page_looks_only_for_what_the_tag_carries(
    tag: object, plan: object, resident_client: Client, coordinator_client: Client
) -> None:
    from nerizu.models import Story
    from tests.nerizu.factories import NerizuFactory, StoryFactory

    def page(client: Client) -> tuple[str, list[str]]:
        with CaptureQueriesContext(connection) as captured:
            html = client.get("/tags/見守りテスト/").content.decode()
        return html, [query["sql"] for query in captured]

    page(resident_client)  # the counts, read once
    html, sqls = page(resident_client)
    assert "見守り1" in html
    assert not [sql for sql in sqls if "nerizu_story" in sql or "networks_activity" in sql]

    story = StoryFactory(nerizu=NerizuFactory(), title="見守りの話", status=Story.Status.PENDING)
    story.hashtags.add(tag)
    assert "見守りの話" not in page(resident_client)[0]
    story.status = Story.Status.APPROVED
    story.save()
    assert "見守りの話" in page(resident_client)[0]  # the next request after the approval

    draft = ActionItemFactory(
        pillar=plan.pillars.get(number=3),
        title="下書きだけのタグ",
        hashtags=[HashtagFactory(name="下書きタグ", reading="したがきたぐ")],
        status=ActionItem.Status.DRAFT,
    )
    assert draft.title not in resident_client.get("/tags/下書きタグ/").content.decode()
    assert draft.title in coordinator_client.get("/tags/下書きタグ/").content.decode()
