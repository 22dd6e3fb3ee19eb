"""A visitor's text size, colours and ふりがな: switched by plain links that return to the page,
kept in a cookie, applied on every page, and never mixed up by the page cache."""

import pytest
from django.test import Client

from core.preferences import COOKIE

PILLAR = "/pillars/1/"


def visitor(value: str | None = None) -> Client:
    client = Client()
    if value is not None:
        client.cookies[COOKIE] = value
    return client


@pytest.mark.django_db
def test_the_switch_sets_the_cookie_and_returns_to_the_page(plan: object) -> None:
    client = visitor()

    response = client.get("/display/", {"size": "x-large", "next": "/pillars/1/?a=1"})

    assert response.status_code == 302
    assert response["Location"] == "/pillars/1/?a=1"
    assert client.cookies[COOKIE].value == "x-large.standard.off"
    assert client.cookies[COOKIE]["httponly"]
    assert client.cookies[COOKIE]["samesite"] == "Lax"
    assert response["Cache-Control"] == "no-store"


@pytest.mark.django_db
def test_the_switch_changes_one_preference_and_keeps_the_others(plan: object) -> None:
    client = visitor("large.high.off")

    client.get("/display/", {"furigana": "on", "next": "/"})

    assert client.cookies[COOKIE].value == "large.high.on"


@pytest.mark.django_db
def test_back_to_the_defaults_the_cookie_is_deleted(plan: object) -> None:
    client = visitor("large.standard.off")

    response = client.get("/display/", {"size": "standard", "next": "/"})

    assert response.cookies[COOKIE].value == ""
    assert response.cookies[COOKIE]["max-age"] == 0


@pytest.mark.django_db
@pytest.mark.parametrize(
    "target", ["https://evil.example/", "//evil.example/", "javascript:alert(1)", "", "plan/"]
)
def test_the_switch_never_sends_anyone_off_the_site(plan: object, target: str) -> None:
    response = visitor().get("/display/", {"contrast": "high", "next": target})

    assert response.status_code == 302
    assert response["Location"] == "/"


@pytest.mark.django_db
def test_unknown_values_change_nothing(plan: object) -> None:
    client = visitor("large.high.on")

    response = client.get("/display/", {"size": "huge", "contrast": "<b>", "furigana": "yes"})

    assert response.status_code == 302
    assert client.cookies[COOKIE].value == "large.high.on"


@pytest.mark.django_db
def test_the_switch_refuses_a_post(plan: object) -> None:
    assert visitor().post("/display/", {"size": "large"}).status_code == 405


@pytest.mark.django_db
def test_a_garbled_cookie_is_the_default(plan: object) -> None:
    body = visitor("x.<script>.on.extra").get(PILLAR).content.decode()

    assert '<html lang="ja">' in body
    assert "<ruby>" not in body


@pytest.mark.django_db
def test_by_default_pages_have_no_classes_and_no_readings(plan: object) -> None:
    body = visitor().get(PILLAR).content.decode()

    assert '<html lang="ja">' in body
    assert "<ruby>" not in body
    assert 'aria-current="true">標準</a>' in body


@pytest.mark.django_db
def test_size_and_contrast_are_classes_of_the_page(plan: object) -> None:
    body = visitor("x-large.high.off").get(PILLAR).content.decode()

    assert '<html lang="ja" class="text-x-large contrast-high">' in body
    assert "<ruby>" not in body


@pytest.mark.django_db
def test_with_furigana_on_the_page_has_readings_hidden_from_screen_readers(plan: object) -> None:
    body = visitor("standard.standard.on").get(PILLAR).content.decode()

    assert 'class="furigana"' in body
    assert '<ruby>地域<rt aria-hidden="true">ちいき</rt></ruby>' in body
    # okurigana outside the base: 受(う)け止(と)め
    okurigana = "<ruby>受{rt}う</rt></ruby>け<ruby>止{rt}と</rt></ruby>め"
    assert okurigana.format(rt='<rt aria-hidden="true">') in body
    head = body[: body.index("</head>")]
    assert "<ruby>" not in head  # the title and the description stay as they are


@pytest.mark.django_db
def test_the_switch_links_return_to_the_page_they_are_on(plan: object) -> None:
    body = visitor().get("/tags/?x=1").content.decode()

    assert 'href="/display/?size=x-large&amp;next=%2Ftags%2F%3Fx%3D1"' in body


@pytest.mark.django_db
def test_english_pages_switch_too(plan: object) -> None:
    body = visitor("large.standard.on").get("/en/pillars/1/").content.decode()

    assert '<html lang="en" class="text-large furigana">' in body
    assert "<ruby>" in body  # the plan's Japanese text


@pytest.mark.django_db
def test_the_admin_never_gets_readings(coordinator_client: Client) -> None:
    coordinator_client.cookies[COOKIE] = "standard.standard.on"

    body = coordinator_client.get("/admin/core/readingfix/").content.decode()

    assert "<ruby>" not in body


@pytest.mark.django_db
def test_forms_keep_their_values_without_readings(plan: object) -> None:
    body = visitor("standard.standard.on").get("/consult/").content.decode()

    for start in ("<textarea", "<option", "<select"):
        for piece in body.split(start)[1:]:
            assert "<ruby>" not in piece.split(">", 1)[1].split("</", 1)[0]


@pytest.mark.django_db
def test_the_switch_is_in_english_on_english_pages(plan: object) -> None:
    body = visitor().get("/en/pillars/1/").content.decode()

    for text in (
        "Display options",
        "Text size",
        "Extra large",
        "High contrast",
        "Furigana",
        ">Off<",
    ):
        assert text in body
