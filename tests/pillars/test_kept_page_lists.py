"""A tag's, a pillar's and a driving force's pages keep their lists (action items; a tag's next
activities and latest stories) per process until content changes, or for a tag's activities
the day does (pillars.kept.kept_for_visitors). A signed-in resident, who never gets a cached
page, sees every edit on the next request; an editor's preview, which shows drafts, is never
kept for anyone else."""

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from nerizu.models import Story
from pillars.models import ActionItem, Hashtag
from tests.factories import ActionItemFactory, ActivityFactory, HashtagFactory, at
from tests.nerizu.factories import NerizuFactory, StoryFactory
from tests.networks.calendar_days import set_today

URL = "/tags/見守りテスト/"
pytestmark = pytest.mark.django_db


@pytest.fixture
def tag(plan: object) -> Hashtag:
    tag = HashtagFactory(name="見守りテスト", reading="みまもりてすと")
    ActionItemFactory(pillar=plan.pillars.get(number=1), title="見守り1", hashtags=[tag])
    return tag


def page(client: Client, url: str = URL) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def list_queries(client: Client, url: str = URL) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        page(client, url)
    return [
        query["sql"]
        for query in captured
        if any(table in query["sql"] for table in ("pillars_actionitem", "networks_activity"))
    ]


def test_the_second_visit_reads_no_list_again(tag: Hashtag, resident_client: Client) -> None:
    ActivityFactory(title="見守りの集い", hashtags=[tag])
    assert list_queries(resident_client)  # the first visit reads the lists
    assert list_queries(resident_client) == []
    assert "見守りの集い" in page(resident_client)


def test_every_edit_shows_on_the_next_request(
    tag: Hashtag, plan: object, resident_client: Client
) -> None:
    assert "見守り1" in page(resident_client)

    item = ActionItem.objects.get(title="見守り1")
    item.title = "見守り（改）"
    item.save()
    assert "見守り（改）" in page(resident_client)

    activity = ActivityFactory(title="見守りの集い", hashtags=[tag])
    assert "見守りの集い" in page(resident_client)
    activity.organiser.is_listed = False  # an unlisted organiser hides what it runs
    activity.organiser.save()
    assert "見守りの集い" not in page(resident_client)

    story = StoryFactory(nerizu=NerizuFactory(), title="見守りの話", status=Story.Status.APPROVED)
    story.hashtags.add(tag)
    assert "見守りの話" in page(resident_client)

    item.hashtags.remove(tag)
    assert "見守り（改）" not in page(resident_client)


def test_the_activities_are_those_to_come_on_the_day_of_the_visit(
    tag: Hashtag, monkeypatch: pytest.MonkeyPatch, resident_client: Client
) -> None:
    today = timezone.localdate()
    set_today(monkeypatch, today)
    ActivityFactory(
        title="一度きりの見守り講座",
        hashtags=[tag],
        sessions=[at(today + dt.timedelta(days=1))],
    )
    assert "一度きりの見守り講座" in page(resident_client)
    assert "予定されている日程はありません" not in page(resident_client)

    set_today(monkeypatch, today + dt.timedelta(days=2))  # the day after its only session
    assert "予定されている日程はありません" in page(resident_client)


@pytest.mark.parametrize("first", ["editor", "resident"])
def test_an_editors_preview_is_never_kept_for_anyone_else(
    tag: Hashtag,
    plan: object,
    coordinator_client: Client,
    resident_client: Client,
    first: str,
) -> None:
    ActionItemFactory(
        pillar=plan.pillars.get(number=2),
        title="下書きの取組",
        hashtags=[tag],
        status=ActionItem.Status.DRAFT,
    )
    visits = [coordinator_client, resident_client]
    if first == "resident":
        visits.reverse()
    for client in visits:
        sees_draft = "下書きの取組" in page(client)
        assert sees_draft is (client is coordinator_client)
    assert "下書きの取組" not in page(Client())


@pytest.mark.parametrize("url", ["/pillars/1/", "/forces/nerizu/"])
def test_a_pillars_and_a_forces_page_read_their_items_once(
    tag: Hashtag, plan: object, resident_client: Client, url: str
) -> None:
    ActionItem.objects.get(title="見守り1").driving_forces.add(
        plan.driving_forces.get(slug="nerizu")
    )
    assert list_queries(resident_client, url)
    assert list_queries(resident_client, url) == []
    assert "見守り1" in page(resident_client, url)


def test_a_pillars_and_a_forces_page_show_every_edit_on_the_next_request(
    tag: Hashtag, plan: object, resident_client: Client
) -> None:
    nerizu = plan.driving_forces.get(slug="nerizu")
    item = ActionItem.objects.get(title="見守り1")
    item.driving_forces.add(nerizu)
    assert "見守り1" in page(resident_client, "/pillars/1/")
    assert "見守り1" in page(resident_client, "/forces/nerizu/")

    item.title = "見守り（改）"
    item.save()
    assert "見守り（改）" in page(resident_client, "/pillars/1/")
    assert "見守り（改）" in page(resident_client, "/forces/nerizu/")

    item.pillar = plan.pillars.get(number=2)
    item.save()
    assert "見守り（改）" not in page(resident_client, "/pillars/1/")
    assert "見守り（改）" in page(resident_client, "/pillars/2/")

    item.driving_forces.remove(nerizu)
    assert "見守り（改）" not in page(resident_client, "/forces/nerizu/")

    item.status = ActionItem.Status.DRAFT
    item.save()
    assert "見守り（改）" not in page(resident_client, "/pillars/2/")


@pytest.mark.parametrize("url", ["/pillars/2/", "/forces/nerizu/"])
def test_an_editors_preview_of_a_pillar_or_force_is_never_kept(
    plan: object, coordinator_client: Client, resident_client: Client, url: str
) -> None:
    draft = ActionItemFactory(
        pillar=plan.pillars.get(number=2), title="下書きの取組", status=ActionItem.Status.DRAFT
    )
    draft.driving_forces.add(plan.driving_forces.get(slug="nerizu"))
    assert "下書きの取組" in page(coordinator_client, url)
    assert "下書きの取組" not in page(resident_client, url)
    assert "下書きの取組" not in page(Client(), url)
    assert "下書きの取組" in page(coordinator_client, url)
