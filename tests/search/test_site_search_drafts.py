"""Site search finds what the searcher may see on the pages themselves: a coordinator (who
edits action items) finds a draft, as the action item's page shows it to them; nobody else
does."""

import pytest
from django.test import Client

from pillars.models import ActionItem
from tests.factories import ActionItemFactory
from tests.html import visible_text

DRAFT_TITLE = "下書きの相談会"


@pytest.fixture
def draft(plan: object) -> ActionItem:
    return ActionItemFactory(
        pillar=plan.pillars.get(number=1), title=DRAFT_TITLE, status=ActionItem.Status.DRAFT
    )


@pytest.mark.django_db
def test_a_coordinator_finds_a_draft_action_item(draft: ActionItem, coordinator_client) -> None:
    response = coordinator_client.get("/search/", {"q": "相談会"})

    assert response.status_code == 200
    assert DRAFT_TITLE + "下書き" in visible_text(response)  # marked, as on its own page
    assert draft.get_absolute_url() in response.content.decode()


@pytest.mark.django_db
def test_a_resident_does_not_find_a_draft_action_item(draft: ActionItem, resident_client) -> None:
    response = resident_client.get("/search/", {"q": "相談会"})

    assert response.status_code == 200
    assert DRAFT_TITLE not in visible_text(response)


@pytest.mark.django_db
def test_a_visitor_does_not_find_a_draft_action_item(draft: ActionItem, client: Client) -> None:
    assert DRAFT_TITLE not in visible_text(client.get("/search/", {"q": "相談会"}))


@pytest.mark.django_db
def test_a_published_item_is_found_by_everyone(
    draft: ActionItem, client: Client, resident_client, coordinator_client
) -> None:
    draft.status = ActionItem.Status.PUBLISHED
    draft.save()

    for searcher in (client, resident_client, coordinator_client):
        assert DRAFT_TITLE in visible_text(searcher.get("/search/", {"q": "相談会"}))
