"""Residents write one word many ways: 子ども/こども/子供, 光が丘/光ヶ丘/光ケ丘, full- and
half-width, katakana and hiragana, with and without a long vowel mark. Each way finds the same
records, on SQLite and on PostgreSQL, and the snippet marks the text as it is written."""

import pytest
from django.test import Client

from tests.factories import ActivityFactory, FacilityFactory, MemberFactory
from tests.html import visible_text

RECORDS = [
    "こども食堂ひまわり",
    "光ヶ丘ふれあいの会",
    "ｻﾛﾝ・ド・ねりま",
    "ＮＰＯ法人ＢＬＯＯＭ",
    "デイサービスけやき",
]


@pytest.fixture
def directory(db: None) -> None:
    organiser = MemberFactory(name="光ヶ丘ふれあいの会", description="子供の見守りをしています。")
    ActivityFactory(title="こども食堂ひまわり", organiser=organiser)
    FacilityFactory(name="ｻﾛﾝ・ド・ねりま", member=organiser)
    MemberFactory(name="ＮＰＯ法人ＢＬＯＯＭ")
    FacilityFactory(name="デイサービスけやき", member=organiser)


def found(client: Client, query: str) -> set[str]:
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    text = visible_text(response)
    return {name for name in RECORDS if name in text}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("spellings", "expected"),
    [
        (["子ども食堂", "こども食堂", "子供食堂", "コドモ食堂", "ｺﾄﾞﾓ食堂"], {"こども食堂ひまわり"}),
        (["光が丘", "光ヶ丘", "光ケ丘"], {"光ヶ丘ふれあいの会"}),
        (["サロン", "さろん", "ｻﾛﾝ", "サローン"], {"ｻﾛﾝ・ド・ねりま"}),
        (["Bloom", "BLOOM", "ｂｌｏｏｍ", "ＢＬＯＯＭ", "npo"], {"ＮＰＯ法人ＢＬＯＯＭ"}),
        (["デイサービス", "ﾃﾞｲｻｰﾋﾞｽ", "でいさーびす", "デイサビス"], {"デイサービスけやき"}),
    ],
)
def test_every_spelling_finds_the_same_records(
    directory: None, client: Client, spellings: list[str], expected: set[str]
) -> None:
    for spelling in spellings:
        assert found(client, spelling) == expected, spelling


@pytest.mark.django_db
def test_the_snippet_marks_the_word_as_it_is_written(directory: None, client: Client) -> None:
    html = client.get("/search/", {"q": "こども"}).content.decode()

    assert "<mark>子供</mark>の見守り" in html  # the member's description, spelled 子供
    assert "<mark>こども</mark>食堂ひまわり" in html


@pytest.mark.django_db
def test_a_word_in_two_spellings_is_one_term(directory: None, client: Client) -> None:
    assert found(client, "子ども　こども食堂") == {"こども食堂ひまわり"}
