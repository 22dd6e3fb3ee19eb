"""Search reads its own index (search.Entry), so every way content changes must reach it at
once: a coordinator's edit, action or deletion in the admin, an import, a cascade, the
sample data made in bulk; and `rebuild_search_index` rebuilds it from scratch."""

import pytest
from django.core.management import call_command
from django.test import Client

from networks.models import Activity, Member
from pillars.models import ActionItem, Hashtag
from search.models import Entry
from tests.factories import (
    ActionItemFactory,
    ActivityFactory,
    FacilityFactory,
    HashtagFactory,
    MemberFactory,
)
from tests.html import visible_text
from tests.networks.imports import MEMBER_HEADER, confirm, csv_upload, upload


def search(client: Client, query: str) -> str:
    """The results' text (after the heading that repeats the query)."""
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    return visible_text(response).split("の検索結果：", 1)[1]


@pytest.mark.django_db
def test_a_hashtag_renamed_in_the_admin_finds_its_activities_by_the_new_name(
    coordinator_client: Client, client: Client
) -> None:
    tag = HashtagFactory(name="見守り")
    ActivityFactory(title="ひまわりの集い", hashtags=[tag])

    response = coordinator_client.post(
        f"/admin/pillars/hashtag/{tag.pk}/change/", {"name": "声かけ", "reading": "こえかけ"}
    )

    assert response.status_code == 302
    assert "ひまわりの集い" in search(client, "声かけ")
    assert "ひまわりの集い" not in search(client, "見守り")


@pytest.mark.django_db
def test_an_item_published_in_the_admin_is_found_by_visitors_at_once(
    plan: object, coordinator_client: Client, client: Client
) -> None:
    item = ActionItemFactory(
        pillar=plan.pillars.get(number=2), title="防災さんぽ", status=ActionItem.Status.DRAFT
    )
    assert "防災さんぽ" not in search(client, "防災さんぽ")

    coordinator_client.post(
        "/admin/pillars/actionitem/", {"action": "publish", "_selected_action": [item.pk]}
    )

    assert "防災さんぽ" in search(client, "防災さんぽ")


@pytest.mark.django_db
def test_a_member_hidden_in_the_admin_takes_what_it_runs_out_of_search(
    coordinator_client: Client, client: Client
) -> None:
    member = MemberFactory(name="けやき福祉会")
    FacilityFactory(member=member, name="けやきホーム")
    ActivityFactory(organiser=member, title="けやきカフェ")

    coordinator_client.post(
        "/admin/networks/member/",
        {"action": "hide_from_site", "_selected_action": [member.pk]},
    )

    text = search(client, "けやき")
    assert "けやき福祉会" not in text
    assert "けやきホーム" not in text
    assert "けやきカフェ" not in text


@pytest.mark.django_db
def test_activities_deleted_in_the_admin_are_not_found(
    coordinator_client: Client, client: Client
) -> None:
    activity = ActivityFactory(title="なのはな体操")

    response = coordinator_client.post(
        "/admin/networks/activity/",
        {"action": "delete_selected", "_selected_action": [activity.pk], "post": "yes"},
    )

    assert response.status_code == 302
    assert not Activity.objects.exists()
    assert "なのはな体操" not in search(client, "なのはな")
    assert not Entry.objects.filter(kind=Entry.Kind.ACTIVITY).exists()


@pytest.mark.django_db
def test_a_deleted_member_takes_its_rows_and_its_activities_rows_along(client: Client) -> None:
    member = MemberFactory(name="こだま工房")
    ActivityFactory(organiser=member, title="こだまの木工")

    member.delete()  # cascades to the activity

    assert not Entry.objects.exists()
    assert "こだま" not in search(client, "こだま")


@pytest.mark.django_db
def test_a_deleted_hashtag_no_longer_finds_the_activities_that_carried_it(
    client: Client,
) -> None:
    tag = HashtagFactory(name="防災")
    ActivityFactory(title="さくらの集い", hashtags=[tag])

    tag.delete()

    assert "さくらの集い" not in search(client, "防災")


@pytest.mark.django_db
def test_a_hashtag_added_to_an_activity_finds_it(client: Client) -> None:
    activity = ActivityFactory(title="たんぽぽの会")

    activity.hashtags.add(HashtagFactory(name="傾聴"))

    assert "たんぽぽの会" in search(client, "傾聴")


@pytest.mark.django_db
def test_members_imported_in_the_admin_are_found_at_once(
    coordinator_client: Client, client: Client
) -> None:
    rows = ["すずらん福祉会,すずらんふくしかい,社会福祉法人,練馬,,,,,配食をしています。,はい"]

    confirm(
        coordinator_client,
        "member",
        upload(coordinator_client, "member", csv_upload(MEMBER_HEADER, rows)),
    )

    assert Member.objects.filter(name="すずらん福祉会").exists()
    assert "すずらん福祉会" in search(client, "配食")


@pytest.mark.django_db
def test_the_sample_directory_made_in_bulk_is_found(sample_data: object, client: Client) -> None:
    activity = Activity.objects.filter(is_sample=True).first()

    assert activity is not None
    assert activity.title + "サンプル" in search(client, activity.title)  # and marked so


@pytest.mark.django_db
def test_the_rebuild_command_restores_an_emptied_index(client: Client) -> None:
    ActivityFactory(title="みのり農園")
    Entry.objects.all().delete()
    assert "みのり農園" not in search(client, "みのり")

    call_command("rebuild_search_index", verbosity=0)

    assert "みのり農園" in search(client, "みのり")
    assert Hashtag.objects.count() == Entry.objects.filter(kind=Entry.Kind.HASHTAG).count()
