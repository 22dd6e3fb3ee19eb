"""Coordinators keep the plan current in the admin, and reach nothing else."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client

from accounts.models import User
from pillars.models import ActionItem, Hashtag, Pillar
from tests.factories import ActionItemFactory
from tests.html import visible_text


def pillar_form(pillar: Pillar, **changes: str) -> dict[str, str]:
    data = {
        "name": pillar.name,
        "statement": pillar.statement,
        "body": pillar.body,
        "action_items-TOTAL_FORMS": "0",
        "action_items-INITIAL_FORMS": "0",
        "action_items-MIN_NUM_FORMS": "0",
        "action_items-MAX_NUM_FORMS": "1000",
    }
    return data | changes


@pytest.mark.django_db
def test_a_coordinator_edits_a_pillar_body_and_the_public_page_shows_it(
    plan: object, coordinator_client: Client, client: Client
) -> None:
    pillar = plan.pillars.get(number=1)

    response = coordinator_client.post(
        f"/admin/pillars/pillar/{pillar.pk}/change/",
        pillar_form(pillar, body="書き直した本文です。\n\n二段落目です。"),
    )

    assert response.status_code == 302
    pillar.refresh_from_db()
    assert pillar.body == "書き直した本文です。\n\n二段落目です。"
    page = client.get("/pillars/1/").content.decode()
    assert "<p>書き直した本文です。</p>" in page
    assert "<p>二段落目です。</p>" in page


@pytest.mark.django_db
def test_a_coordinator_publishes_an_action_item_and_residents_see_it(
    plan: object, coordinator_client: Client, client: Client
) -> None:
    item = ActionItemFactory(
        pillar=plan.pillars.get(number=2), title="新しい取組", status=ActionItem.Status.DRAFT
    )
    assert "新しい取組" not in visible_text(client.get("/pillars/2/"))

    response = coordinator_client.post(
        "/admin/pillars/actionitem/",
        {"action": "publish", "_selected_action": [item.pk]},
    )

    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == ActionItem.Status.PUBLISHED
    assert "新しい取組" in visible_text(client.get("/pillars/2/"))


@pytest.mark.django_db
def test_a_coordinator_creates_a_tagged_item_with_a_new_hashtag(
    plan: object, coordinator_client: Client, client: Client
) -> None:
    tag_response = coordinator_client.post(
        "/admin/pillars/hashtag/add/", {"name": "#防災", "reading": ""}
    )
    assert tag_response.status_code == 302
    tag = Hashtag.objects.get(name="防災")
    force = plan.driving_forces.get(slug="network")

    response = coordinator_client.post(
        "/admin/pillars/actionitem/add/",
        {
            "pillar": plan.pillars.get(number=2).pk,
            "title": "災害に備える",
            "body": "",
            "hashtags": [tag.pk],
            "driving_forces": [force.pk],
            "order": "5",
            "status": "published",
        },
    )

    assert response.status_code == 302
    item = ActionItem.objects.get(title="災害に備える")
    assert list(item.hashtags.all()) == [tag]
    assert "災害に備える" in visible_text(client.get("/tags/防災/"))
    assert "災害に備える" in visible_text(client.get("/forces/network/"))


@pytest.mark.django_db
def test_a_coordinator_reorders_items_from_the_pillar_page(
    plan: object, coordinator_client: Client, client: Client
) -> None:
    pillar = plan.pillars.get(number=3)
    first = ActionItemFactory(pillar=pillar, title="はじめ", order=1)
    second = ActionItemFactory(pillar=pillar, title="つぎ", order=2)
    data = pillar_form(pillar)
    data |= {
        "action_items-TOTAL_FORMS": "2",
        "action_items-INITIAL_FORMS": "2",
    }
    for index, (item, order) in enumerate(((first, 9), (second, 1))):
        data |= {
            f"action_items-{index}-id": str(item.pk),
            f"action_items-{index}-pillar": str(pillar.pk),
            f"action_items-{index}-title": item.title,
            f"action_items-{index}-status": item.status,
            f"action_items-{index}-order": str(order),
        }

    response = coordinator_client.post(f"/admin/pillars/pillar/{pillar.pk}/change/", data)

    assert response.status_code == 302
    text = visible_text(client.get("/pillars/3/"))
    assert text.index("つぎ") < text.index("はじめ")


@pytest.mark.django_db
def test_a_bad_hashtag_gets_a_japanese_message_and_keeps_the_input(
    plan: object, coordinator_client: Client
) -> None:
    response = coordinator_client.post(
        "/admin/pillars/hashtag/add/", {"name": "地域 の 居場所", "reading": ""}
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "空白や「#」「/」「?」「%」を含まない言葉にしてください" in html
    assert 'value="地域 の 居場所"' in html
    assert not Hashtag.objects.exists()


@pytest.mark.django_db
def test_the_admin_links_to_the_public_page(plan: object, coordinator_client: Client) -> None:
    pillar = plan.pillars.get(number=1)
    html = coordinator_client.get(f"/admin/pillars/pillar/{pillar.pk}/change/").content.decode()

    assert "サイト上で表示" in html
    content_type = ContentType.objects.get_for_model(Pillar)
    redirect = coordinator_client.get(f"/admin/r/{content_type.pk}/{pillar.pk}/")
    assert redirect.status_code == 302
    assert redirect["Location"].endswith("/pillars/1/")


@pytest.mark.django_db
def test_admin_lists_search_and_filter(plan: object, coordinator_client: Client) -> None:
    ActionItemFactory(pillar=plan.pillars.get(number=1), title="相談の窓口")
    ActionItemFactory(
        pillar=plan.pillars.get(number=2), title="連携会議", status=ActionItem.Status.DRAFT
    )

    found = coordinator_client.get("/admin/pillars/actionitem/", {"q": "窓口"})
    drafts = coordinator_client.get("/admin/pillars/actionitem/", {"status__exact": "draft"})

    assert "相談の窓口" in found.content.decode()
    assert "連携会議" not in found.content.decode()
    assert "連携会議" in drafts.content.decode()
    assert "相談の窓口" not in drafts.content.decode()


@pytest.mark.django_db
def test_the_admin_speaks_japanese(plan: object, coordinator_client: Client) -> None:
    html = coordinator_client.get("/admin/").content.decode()

    assert "柱・取組項目・ハッシュタグ" in html
    assert "取組項目" in html
    assert 'lang="ja"' in html


@pytest.mark.django_db
def test_a_coordinator_cannot_reach_user_management(
    plan: object, coordinator_client: Client, resident: User
) -> None:
    index = coordinator_client.get("/admin/").content.decode()

    assert "/admin/accounts/user/" not in index
    assert "/admin/auth/group/" not in index
    assert coordinator_client.get("/admin/accounts/user/").status_code == 403
    assert coordinator_client.get(f"/admin/accounts/user/{resident.pk}/change/").status_code == 403
    assert coordinator_client.get("/admin/auth/group/").status_code == 403
    assert (
        coordinator_client.post(
            f"/admin/accounts/user/{resident.pk}/change/", {"is_staff": "on"}
        ).status_code
        == 403
    )
    resident.refresh_from_db()
    assert not resident.is_staff


@pytest.mark.django_db
def test_a_coordinator_cannot_delete_the_plans_fixed_parts(
    plan: object, coordinator_client: Client
) -> None:
    pillar = plan.pillars.get(number=1)

    response = coordinator_client.post(
        f"/admin/pillars/pillar/{pillar.pk}/delete/", {"post": "yes"}
    )

    assert response.status_code == 403
    assert Pillar.objects.filter(pk=pillar.pk).exists()


@pytest.mark.django_db
def test_residents_cannot_enter_the_admin(resident_client: Client) -> None:
    response = resident_client.get("/admin/")

    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
