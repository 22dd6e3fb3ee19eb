"""A signed-in visitor never receives a cached page, and nobody ever receives a page made for
a signed-in visitor."""

import pytest
from django.test import Client

from accounts.models import User
from pillars.models import ActionItem
from tests.html import visible_text

pytestmark = pytest.mark.django_db

DRAFT_BADGE = "下書き"


@pytest.fixture
def draft(sample_data: object) -> ActionItem:
    item = ActionItem.objects.published().filter(pillar__number=1).first()
    assert item is not None
    ActionItem.objects.filter(pk=item.pk).update(status=ActionItem.Status.DRAFT)
    item.refresh_from_db()
    return item


def test_a_coordinator_sees_the_draft_on_a_page_cached_for_anonymous_visitors(
    draft: ActionItem, client: Client, coordinator_client: Client
) -> None:
    anonymous = client.get("/pillars/1/")
    assert draft.title not in visible_text(anonymous)

    own = coordinator_client.get("/pillars/1/")

    assert draft.title in visible_text(own)
    assert DRAFT_BADGE in visible_text(own)
    assert "ETag" not in own


def test_a_page_rendered_for_a_coordinator_is_never_served_to_anyone_else(
    draft: ActionItem, client: Client, coordinator_client: Client
) -> None:
    coordinator_client.get("/pillars/1/")

    anonymous = client.get("/pillars/1/")

    assert draft.title not in visible_text(anonymous)


def test_a_resident_gets_their_own_signed_in_header_not_the_cached_one(
    sample_data: object, client: Client, resident: User, resident_client: Client
) -> None:
    anonymous = client.get("/")
    client.get("/")  # now from the cache

    own = resident_client.get("/")

    assert own.content != anonymous.content
    assert "マイページ" in visible_text(own)
    assert "マイページ" not in visible_text(client.get("/"))


def test_a_page_for_a_signed_in_visitor_tells_shared_caches_to_keep_out(
    sample_data: object, resident_client: Client
) -> None:
    response = resident_client.get("/plan/")

    assert response["Cache-Control"] == "private"
