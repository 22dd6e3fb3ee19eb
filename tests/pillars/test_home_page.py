import pytest
from django.test import Client

from pillars.models import ActionItem
from tests.factories import ActionItemFactory, HashtagFactory
from tests.html import parse, visible_text


@pytest.mark.django_db
def test_it_shows_philosophy_pillars_and_driving_forces_at_a_glance(
    plan: object, client: Client
) -> None:
    response = client.get("/")

    text = visible_text(response)
    assert response.status_code == 200
    assert "ひとりの不幸も見逃さない～つながりのある地域をつくる～" in text
    assert "令和7年度〜令和10年度（2025年度〜2028年度）" in text
    for pillar in ("認め合う", "つながる", "参加する"):
        assert pillar in text
    links = parse(response).links
    assert {"/pillars/1/", "/pillars/2/", "/pillars/3/"} <= set(links)
    assert {"/forces/nerizu/", "/forces/network/", "/forces/coordinators/"} <= set(links)


@pytest.mark.django_db
def test_it_offers_a_way_in_by_hashtag_for_published_items_only(
    plan: object, client: Client
) -> None:
    pillar = plan.pillars.get(number=3)
    ActionItemFactory(pillar=pillar, hashtags=[HashtagFactory(name="居場所")])
    ActionItemFactory(
        pillar=pillar, status=ActionItem.Status.DRAFT, hashtags=[HashtagFactory(name="下書きだけ")]
    )

    response = client.get("/")

    text = visible_text(response)
    assert "#居場所" in text
    assert "下書きだけ" not in text
    assert "/tags/%E5%B1%85%E5%A0%B4%E6%89%80/" in parse(response).links


@pytest.mark.django_db
def test_it_says_the_plan_is_coming_when_none_is_published(client: Client) -> None:
    response = client.get("/")

    assert response.status_code == 200
    assert "計画は準備中です" in visible_text(response)
