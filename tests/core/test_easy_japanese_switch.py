"""やさしい日本語: a link on every page switches to /easy/…, and links keep the visitor there."""

import re

import pytest
from django.test import Client

from pillars.models import Pillar
from plan.models import Plan

SWITCH = re.compile(
    r'<a class="site-header__tool site-header__easy" href="([^"]+)" lang="ja">([^<]+)</a>'
)


def switch(html: str) -> tuple[str, str]:
    match = SWITCH.search(html)
    assert match, "no やさしい日本語 switch on the page"
    return match.group(1), match.group(2)


def hrefs(html: str) -> list[str]:
    return re.findall(r'href="(/[^"]*)"', html)


@pytest.mark.django_db
def test_every_page_links_to_its_easy_version(plan: Plan, client: Client) -> None:
    for url in ("/", "/plan/", "/pillars/1/", "/forces/nerizu/", "/activities/?district=1"):
        url_out, label = switch(client.get(url).content.decode())
        assert label == "やさしい日本語"
        assert url_out == "/easy" + url


@pytest.mark.django_db
def test_an_easy_page_is_japanese_with_easy_ui_strings(plan: Plan, client: Client) -> None:
    response = client.get("/easy/plan/")

    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="ja-x-easy">' in html  # a valid BCP 47 tag: Japanese, private use
    assert response["Content-Language"] == "ja-x-easy"
    assert "けいかくに ついて" in html  # the menu's easy wording (locale/ja_X-easy)
    assert "ページの 中身へ 行く" in html  # the skip link
    assert 'hreflang="ja-x-easy"' not in html  # never offered to search engines


@pytest.mark.django_db
def test_the_links_on_an_easy_page_stay_easy(plan: Plan, client: Client) -> None:
    html = client.get("/easy/pillars/1/").content.decode()

    # (the display switches are one URL for every language; they return to this easy page)
    public = [
        h for h in hrefs(html) if not h.startswith(("/static/", "/en/", "/accounts/", "/display/"))
    ]
    assert all("next=%2Feasy%2F" in h for h in hrefs(html) if h.startswith("/display/"))
    back, label = switch(html)
    assert label == "ふつうの日本語"
    assert back == "/pillars/1/"
    public.remove(back)
    assert public, "the page links to other pages"
    assert all(h.startswith("/easy/") for h in public), public


@pytest.mark.django_db
def test_a_visitor_browses_in_easy_japanese_and_back(plan: Plan, client: Client) -> None:
    home = client.get("/").content.decode()
    easy_home, _label = switch(home)
    html = client.get(easy_home).content.decode()
    pillar_link = next(h for h in hrefs(html) if h.startswith("/easy/pillars/"))
    html = client.get(pillar_link).content.decode()
    assert "いま いる ところ" in html  # still easy after following a link
    back, _label = switch(html)
    html = client.get(back).content.decode()
    assert "現在位置" in html
    assert switch(html)[1] == "やさしい日本語"


@pytest.mark.django_db
def test_english_pages_offer_japanese_and_the_easy_version(plan: Plan, client: Client) -> None:
    html = client.get("/en/plan/").content.decode()

    assert switch(html) == ("/easy/plan/", "やさしい日本語")
    assert 'hreflang="ja"' in html  # the other UI language is still Japanese


@pytest.mark.django_db
def test_easy_pages_offer_english_as_the_other_language(plan: Plan, client: Client) -> None:
    html = client.get("/easy/plan/").content.decode()

    english = 'class="site-header__tool site-header__lang" href="/en/plan/" hreflang="en"'
    assert english in html


@pytest.mark.django_db
def test_the_language_code_is_not_a_second_url(plan: Plan, client: Client) -> None:
    assert client.get("/ja-x-easy/plan/").status_code == 404


@pytest.mark.django_db
def test_pages_outside_the_public_ones_have_no_switch(
    coordinator_client: Client,
) -> None:
    html = coordinator_client.get("/admin/").content.decode()
    assert "site-header__easy" not in html


@pytest.mark.django_db
def test_the_easy_version_of_content_is_shown_in_easy_mode_only(plan: Plan, client: Client) -> None:
    pillar = Pillar.objects.get(number=1)
    pillar.body_easy = "おたがいを 大切に します。"
    pillar.save()

    assert "おたがいを 大切に します。" in client.get("/easy/pillars/1/").content.decode()
    standard = client.get("/pillars/1/").content.decode()
    assert "おたがいを 大切に します。" not in standard
    assert pillar.body.split("\n")[0][:20] in standard


@pytest.mark.django_db
def test_the_easy_prefix_alone_leads_to_the_easy_home_page(plan: Plan, client: Client) -> None:
    response = client.get("/easy")

    assert response.status_code == 301
    assert response["Location"] == "/easy/"
    assert client.get("/easy/").status_code == 200
