import pytest
from django.test import Client

from pillars.models import ActionItem
from tests.factories import ActionItemFactory, HashtagFactory
from tests.html import parse, visible_text


@pytest.mark.django_db
def test_it_shows_statement_body_and_published_items_with_hashtags(
    plan: object, client: Client
) -> None:
    pillar = plan.pillars.get(number=1)
    ActionItemFactory(
        pillar=pillar, title="相談を受け止める", hashtags=[HashtagFactory(name="相談")]
    )

    response = client.get("/pillars/1/")

    text = visible_text(response)
    assert "一人ひとりの生き方を認め支え合う" in text
    assert "包括的に相談を受け止めていく仕組みの構築が必要です。" in text
    assert "相談を受け止める" in text
    assert "#相談" in text
    assert "/tags/%E7%9B%B8%E8%AB%87/" in parse(response).links


@pytest.mark.django_db
def test_it_lists_items_in_the_coordinators_order(plan: object, client: Client) -> None:
    pillar = plan.pillars.get(number=2)
    ActionItemFactory(pillar=pillar, title="二番目", order=20)
    ActionItemFactory(pillar=pillar, title="一番目", order=10)

    text = visible_text(client.get("/pillars/2/"))

    assert text.index("一番目") < text.index("二番目")


@pytest.mark.django_db
def test_it_hides_draft_items_from_residents(
    plan: object, client: Client, resident_client: Client
) -> None:
    draft = ActionItemFactory(
        pillar=plan.pillars.get(number=1), title="まだ下書き", status=ActionItem.Status.DRAFT
    )

    for visitor in (client, resident_client):
        assert "まだ下書き" not in visible_text(visitor.get("/pillars/1/"))
        assert visitor.get(draft.get_absolute_url()).status_code == 404


@pytest.mark.django_db
def test_coordinators_preview_drafts_marked_as_such(
    plan: object, coordinator_client: Client
) -> None:
    draft = ActionItemFactory(
        pillar=plan.pillars.get(number=1), title="まだ下書き", status=ActionItem.Status.DRAFT
    )

    text = visible_text(coordinator_client.get("/pillars/1/"))
    assert "まだ下書き下書き" in text  # title followed by its 下書き badge
    assert coordinator_client.get(draft.get_absolute_url()).status_code == 200


@pytest.mark.django_db
def test_an_action_item_has_its_own_page(plan: object, client: Client) -> None:
    item = ActionItemFactory(
        pillar=plan.pillars.get(number=3), title="居場所づくり", body="本文です。"
    )
    item.driving_forces.add(plan.driving_forces.get(slug="nerizu"))

    response = client.get(f"/pillars/3/actions/{item.pk}/")

    text = visible_text(response)
    assert "居場所づくり" in text
    assert "本文です。" in text
    assert "/forces/nerizu/" in parse(response).links
    assert client.get(f"/pillars/1/actions/{item.pk}/").status_code == 404


@pytest.mark.django_db
def test_an_unknown_pillar_is_a_404(plan: object, client: Client) -> None:
    assert client.get("/pillars/4/").status_code == 404


@pytest.mark.django_db
def test_a_pillar_the_plan_does_not_have_is_a_404(plan: object, client: Client) -> None:
    assert client.get("/pillars/4/").status_code == 404
    assert client.get("/pillars/3/").status_code == 200
