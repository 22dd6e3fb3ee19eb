import pytest
from django.test import Client

from pillars.models import ActionItem, Hashtag
from tests.factories import ActionItemFactory, HashtagFactory
from tests.html import visible_text


@pytest.mark.django_db
def test_a_hashtag_page_lists_everything_that_carries_it(plan: object, client: Client) -> None:
    tag = HashtagFactory(name="居場所")
    ActionItemFactory(pillar=plan.pillars.get(number=3), title="サロン", hashtags=[tag])
    ActionItemFactory(pillar=plan.pillars.get(number=2), title="連携", hashtags=[tag])
    ActionItemFactory(pillar=plan.pillars.get(number=1), title="無関係")
    ActionItemFactory(
        pillar=plan.pillars.get(number=1),
        title="下書き",
        hashtags=[tag],
        status=ActionItem.Status.DRAFT,
    )

    response = client.get("/tags/居場所/")

    text = visible_text(response)
    assert response.status_code == 200
    assert "#居場所" in text
    assert text.index("連携") < text.index("サロン")  # pillar order: 柱2 before 柱3
    assert "無関係" not in text
    assert "下書き" not in text


@pytest.mark.django_db
def test_an_unknown_hashtag_is_a_404(plan: object, client: Client) -> None:
    assert client.get("/tags/存在しない/").status_code == 404


@pytest.mark.django_db
def test_hashtags_are_listed_in_gojuon_order(plan: object, client: Client) -> None:
    pillar = plan.pillars.get(number=1)
    names = ["福祉教育", "居場所", "見守り", "相談", "あいさつ"]
    ActionItemFactory(pillar=pillar, hashtags=[HashtagFactory(name=n) for n in names])

    text = visible_text(client.get("/tags/"))

    positions = [text.index(f"#{n}") for n in ["あいさつ", "居場所", "相談", "福祉教育", "見守り"]]
    assert positions == sorted(positions)


@pytest.mark.django_db
def test_a_hashtag_is_stored_without_its_hash_and_gets_a_reading() -> None:
    tag = Hashtag.objects.create(name="#子ども食堂")

    assert tag.name == "子ども食堂"
    assert tag.reading == "こどもしょくどう"
    assert str(tag) == "#子ども食堂"


@pytest.mark.django_db
def test_a_typed_reading_in_katakana_is_kept_as_hiragana() -> None:
    assert Hashtag.objects.create(name="8050問題", reading="ハチマルゴーマル").reading == (
        "はちまるごーまる"
    )


@pytest.mark.django_db
def test_a_hashtag_carried_only_by_activities_is_listed_with_its_count(
    sample_data: object, client: Client
) -> None:
    from networks.models import Activity

    tag = HashtagFactory(name="防災訓練")
    activities = list(Activity.objects.public()[:2])
    for activity in activities:
        activity.hashtags.add(tag)

    text = visible_text(client.get("/tags/"))

    assert "#防災訓練2件" in text
