import pytest
from django.test import Client

from tests.html import parse, visible_text


@pytest.mark.django_db
def test_it_shows_philosophy_background_and_period(plan: object, client: Client) -> None:
    text = visible_text(client.get("/plan/"))

    assert "理念" in text
    assert "ひとりの不幸も見逃さない" in text
    assert "特例貸付や住居確保給付金等の対応に追われました。" in text
    assert "令和7年度〜令和10年度" in text


@pytest.mark.django_db
def test_the_structure_diagram_is_text_that_links_every_part(plan: object, client: Client) -> None:
    response = client.get("/plan/")
    html = response.content.decode()
    diagram = html[html.index('class="diagram"') :]
    diagram = diagram[: diagram.index('id="forces"')]

    for href in (
        "#philosophy",
        "/pillars/1/",
        "/pillars/2/",
        "/pillars/3/",
        "/forces/nerizu/",
        "/forces/network/",
        "/forces/coordinators/",
    ):
        assert f'href="{href}"' in diagram
    assert "<img" not in diagram
    assert "それぞれの居場所や出会いの機会をつくり支え合う" in diagram
    assert "地域福祉活動計画の推進力" in visible_text(response)


@pytest.mark.django_db
def test_it_404s_in_japanese_without_a_published_plan(client: Client) -> None:
    response = client.get("/plan/")

    assert response.status_code == 404
    assert "ページが見つかりません" in visible_text(response)
    assert "/" in parse(response).links
