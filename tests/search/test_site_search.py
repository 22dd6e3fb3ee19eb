"""Site search finds Japanese words inside running text, on SQLite and PostgreSQL alike."""

import pytest
from django.test import Client

from networks.models import Activity, District, Member, Theme
from pillars.models import ActionItem
from tests.factories import ActionItemFactory, HashtagFactory
from tests.html import visible_text


@pytest.fixture
def content(plan: object) -> None:
    nerima = District.objects.get(slug="nerima")
    member = Member.objects.create(
        kind=Member.Kind.SOCIAL_WELFARE_CORPORATION,
        name="社会福祉法人ねりま福祉会",
        description="高齢者の相談窓口と子ども食堂を運営しています。",
    )
    member.districts.add(nerima)
    Activity.objects.create(
        title="みんなの子ども食堂",
        kind=Activity.Kind.PLACE_TO_BELONG,
        theme=Theme.objects.get(slug="places-to-belong"),
        organiser=member,
        district=nerima,
        description="毎月の食事会です。",
    )
    ActionItemFactory(
        pillar=plan.pillars.get(number=3),
        title="居場所マップづくり",
        body="地域の居場所を紹介します。",
        hashtags=[HashtagFactory(name="居場所")],
    )
    ActionItemFactory(
        pillar=plan.pillars.get(number=1),
        title="下書きの相談会",
        status=ActionItem.Status.DRAFT,
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("相談", "社会福祉法人ねりま福祉会"),  # two characters, inside a longer word
        ("居場所", "居場所マップづくり"),  # three characters
        ("子ども食堂", "みんなの子ども食堂"),  # five characters
        ("ねりま 相談", "社会福祉法人ねりま福祉会"),  # two terms, both must match
    ],
)
def test_it_finds_japanese_words_of_two_or_more_characters(
    content: None, client: Client, query: str, expected: str
) -> None:
    response = client.get("/search/", {"q": query})

    assert response.status_code == 200
    assert expected in visible_text(response)


@pytest.mark.django_db
def test_it_searches_the_plans_own_wording(plan: object, client: Client) -> None:
    background = visible_text(client.get("/search/", {"q": "特例貸付"}))
    pillar = visible_text(client.get("/search/", {"q": "権利擁護"}))

    assert "第6次地域福祉活動計画" in background
    assert "柱1認め合う" in pillar


@pytest.mark.django_db
def test_it_highlights_the_match_in_a_snippet(content: None, client: Client) -> None:
    html = client.get("/search/", {"q": "子ども食堂"}).content.decode()

    assert "<mark>子ども食堂</mark>" in html


@pytest.mark.django_db
def test_it_ranks_title_matches_first(content: None, client: Client) -> None:
    text = visible_text(client.get("/search/", {"q": "子ども食堂"}))

    assert text.index("みんなの子ども食堂") < text.index("社会福祉法人ねりま福祉会")


@pytest.mark.django_db
def test_it_never_shows_drafts(content: None, client: Client) -> None:
    assert "下書きの相談会" not in visible_text(client.get("/search/", {"q": "相談会"}))


@pytest.mark.django_db
def test_one_kana_gets_a_message_next_to_the_field(content: None, client: Client) -> None:
    response = client.get("/search/", {"q": "の"})

    html = response.content.decode()
    assert response.status_code == 200
    assert "検索する言葉を2文字以上（漢字は1文字から）で入力してください。" in html
    assert 'value="の"' in html
    assert 'aria-invalid="true"' in html


@pytest.mark.django_db
def test_one_kanji_is_a_word_and_is_searched(content: None, client: Client) -> None:
    response = client.get("/search/", {"q": "食"})

    assert "みんなの子ども食堂" in visible_text(response)
    assert 'aria-invalid="true"' not in response.content.decode()


@pytest.mark.django_db
def test_odd_input_never_breaks_it(content: None, client: Client) -> None:
    for query in ["%", "_", "' OR 1=1 --", "<script>", "相談" * 100, "　相談　"]:
        response = client.get("/search/", {"q": query})
        assert response.status_code == 200, query
        assert "<script>" not in response.content.decode().split("</header>", 1)[1]


@pytest.mark.django_db
def test_latin_letters_match_in_any_case(content: None, client: Client) -> None:
    # Terms with Latin letters stay case-insensitive; kana and kanji have no case to ignore
    Member.objects.create(kind=Member.Kind.NPO, name="NPO法人こもれび")

    assert "NPO法人こもれび" in visible_text(client.get("/search/", {"q": "npo法人"}))
    assert "NPO法人こもれび" in visible_text(client.get("/search/", {"q": "ＮＰＯ"}))


@pytest.mark.django_db
def test_an_activity_is_found_through_its_hashtags(content: None, client: Client) -> None:
    activity = Activity.objects.get(title="みんなの子ども食堂")
    activity.hashtags.add(HashtagFactory(name="見守り"))

    assert "みんなの子ども食堂" in visible_text(client.get("/search/", {"q": "見守り"}))
    assert "みんなの子ども食堂" in visible_text(client.get("/search/", {"q": "見守り 食堂"}))
    assert "みんなの子ども食堂" not in visible_text(client.get("/search/", {"q": "見守り 相談"}))
