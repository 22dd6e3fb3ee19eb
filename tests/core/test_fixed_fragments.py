"""The header, menu and footer are rendered once per process and reused by every page
({% fixedfragment %}): each visitor still gets the ones for their language and sign-in
state, and the link to the other language still follows the page."""

import pytest
from django.test import Client

from tests.html import visible_text


def header(response: object) -> str:
    html = response.content.decode()
    return html[html.index("<header") : html.index("</header>")]


@pytest.mark.django_db
def test_a_signed_in_resident_and_an_anonymous_visitor_each_get_their_header(
    plan: object, client: Client, resident_client: Client
) -> None:
    for _ in range(2):  # the second round is served from the fragments the first one made
        anonymous = header(client.get("/plan/"))
        signed_in = header(resident_client.get("/plan/"))

        assert "ログイン" in anonymous
        assert "マイページ" not in anonymous
        assert "マイページ" in signed_in
        assert "ログイン" not in signed_in


@pytest.mark.django_db
def test_each_language_gets_its_own_header_and_footer(plan: object, client: Client) -> None:
    japanese = visible_text(client.get("/plan/"))
    english = visible_text(client.get("/en/plan/"))
    japanese_again = visible_text(client.get("/plan/"))

    assert "個人情報の取り扱い" in japanese
    assert "個人情報の取り扱い" not in english
    assert japanese_again == japanese
    assert 'href="/en/pillars/"' in client.get("/en/plan/").content.decode()
    assert 'href="/pillars/"' in client.get("/plan/").content.decode()


@pytest.mark.django_db
def test_the_link_to_the_other_language_follows_the_page(plan: object, client: Client) -> None:
    plan_page = header(client.get("/plan/"))
    pillars_page = header(client.get("/pillars/"))

    assert 'href="/en/plan/"' in plan_page
    assert 'href="/en/pillars/"' in pillars_page
    assert 'href="/en/plan/"' not in pillars_page


@pytest.mark.django_db
def test_the_link_to_the_other_language_keeps_the_query(plan: object, client: Client) -> None:
    first = header(client.get("/activities/?district=nerima"))
    second = header(client.get("/activities/?district=oizumi"))
    english = header(client.get("/en/activities/?district=oizumi"))

    assert 'href="/en/activities/?district=nerima"' in first
    assert 'href="/en/activities/?district=oizumi"' in second
    assert 'href="/activities/?district=oizumi"' in english
