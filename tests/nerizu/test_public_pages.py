"""The public ネリーズ pages: counts per district, the terms, approved stories; never a person."""

import pytest
from django.test import Client

from accounts.models import User
from nerizu.models import Nerizu, Story
from networks.models import District
from tests.html import parse, visible_text
from tests.nerizu.factories import NerizuFactory, StoryFactory

PUBLIC = ["/nerizu/", "/nerizu/terms/", "/nerizu/stories/"]


@pytest.mark.django_db
def test_it_counts_nerizu_in_each_district(
    plan: object, client: Client, districts: list[District]
) -> None:
    for district, n in zip(districts, (3, 0, 2, 1), strict=True):
        NerizuFactory.create_batch(n, district=district)

    text = visible_text(client.get("/nerizu/"))

    assert "練馬3人" in text
    assert "光が丘0人" in text
    assert "石神井2人" in text
    assert "大泉1人" in text
    assert "合計6人" in text


@pytest.mark.django_db
def test_it_introduces_nerizu_with_the_driving_force_and_links_to_it(
    plan: object, client: Client, districts: object
) -> None:
    response = client.get("/nerizu/")
    force = plan.driving_forces.get(slug="nerizu")

    assert force.lead.replace("\n", "")[:20].replace(" ", "") in visible_text(response)
    assert "/forces/nerizu/" in parse(response).links
    # A visitor signs up first, and comes back to the form (or logs in and comes back)
    assert "/accounts/signup/?next=%2Fnerizu%2Fjoin%2F" in parse(response).links
    assert "/accounts/login/?next=%2Fnerizu%2Fjoin%2F" in parse(response).links
    assert "/nerizu/terms/" in parse(response).links


@pytest.mark.django_db
def test_no_personal_data_appears_on_public_pages(
    plan: object, client: Client, nerizu: Nerizu, resident: User, coordinator: User
) -> None:
    approved = StoryFactory(nerizu=nerizu, title="公開の話", status=Story.Status.APPROVED)
    StoryFactory(nerizu=nerizu, title="非公開の話")
    silent = NerizuFactory(display_name="投稿していない人", how_to_help="秘密の関わり方")

    pages = "".join(
        client.get(url).content.decode() for url in [*PUBLIC, approved.get_absolute_url()]
    )

    for private in (
        resident.email,
        resident.name,
        silent.user.email,
        silent.user.name,
        silent.display_name,
        "秘密の関わり方",
        nerizu.how_to_help,
        "非公開の話",
    ):
        assert private not in pages, private
    # A story names its author by display name and district only.
    assert "ひかりんさん（光が丘地区）" in pages


@pytest.mark.django_db
def test_the_story_list_shows_approved_stories_newest_first_in_pages(
    client: Client, nerizu: Nerizu
) -> None:
    for i in range(14):
        StoryFactory(nerizu=nerizu, title=f"話{i:02d}", status=Story.Status.APPROVED)
    StoryFactory(nerizu=nerizu, title="見送り", status=Story.Status.REJECTED)

    first = visible_text(client.get("/nerizu/stories/"))
    second = visible_text(client.get("/nerizu/stories/?page=2"))

    assert first.index("話13") < first.index("話02")
    assert "話01" not in first
    assert "話01" in second
    assert "話00" in second
    assert "見送り" not in first + second


@pytest.mark.django_db
def test_the_terms_say_how_data_is_used(client: Client) -> None:
    text = visible_text(client.get("/nerizu/terms/"))

    assert "情報の使い方" in text
    assert "地区ごとの人数" in text
    assert "位置情報" in text
