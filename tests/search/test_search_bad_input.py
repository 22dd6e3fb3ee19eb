"""Whatever is typed into search gets a clear page, never an error: a very long query, a NUL,
only spaces, a page number that does not exist, characters SQL and HTML treat specially."""

import pytest
from django.test import Client

from tests.factories import ActivityFactory
from tests.html import visible_text

MESSAGE = "検索する言葉を2文字以上（漢字は1文字から）で入力してください。"


@pytest.fixture
def activity(db: None) -> None:
    ActivityFactory(title="ひまわり食堂", description="100%手作りの_夕ごはんです。")


@pytest.mark.django_db
def test_a_very_long_query_is_cut_to_the_fields_length_and_searched(
    activity: None, client: Client
) -> None:
    response = client.get("/search/", {"q": "ひまわり" + "あ" * 10_000})

    assert response.status_code == 200
    assert 'value="ひまわり' + "あ" * 96 + '"' in response.content.decode()


@pytest.mark.django_db
def test_a_nul_is_refused_with_a_clear_page(activity: None, client: Client) -> None:
    response = client.get("/search/?q=ひま%00わり")

    assert response.status_code == 400


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["", " ", "　　", "\t\n"])
def test_only_spaces_asks_for_words_beside_the_field(
    activity: None, client: Client, query: str
) -> None:
    response = client.get("/search/", {"q": query})

    html = response.content.decode()
    assert response.status_code == 200
    assert MESSAGE in html
    assert 'aria-invalid="true"' in html
    assert "検索結果" not in visible_text(response)


@pytest.mark.django_db
def test_the_search_page_without_a_query_shows_the_form_only(client: Client) -> None:
    response = client.get("/search/")

    assert response.status_code == 200
    assert MESSAGE not in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["999", "0", "-1", "abc", "1e9"])
def test_a_page_that_does_not_exist_shows_one_that_does(
    activity: None, client: Client, page: str
) -> None:
    response = client.get("/search/", {"q": "ひまわり", "page": page})

    assert response.status_code == 200
    assert "ひまわり食堂" in visible_text(response)


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["%", "_", "100%", "の_夕", "\\", "' OR 1=1 --", "<script>"])
def test_sql_and_html_characters_are_plain_text(activity: None, client: Client, query: str) -> None:
    response = client.get("/search/", {"q": query})

    assert response.status_code == 200
    body = response.content.decode().split("</header>", 1)[1]
    assert "<script>" not in body
    found = "ひまわり食堂" in visible_text(response)
    assert found == (query in ("100%", "の_夕")), query  # % and _ match themselves only
