"""The members' directory: filters by district, kind, target group and theme, 五十音 order and
index, pagination that keeps the filters, and only listed members."""

import re

import pytest
from django.test import Client

from networks.models import Member
from tests.factories import FacilityFactory, MemberFactory
from tests.html import parse, visible_text


def names(response: object) -> list[str]:
    """The member names in the result cards, in page order."""
    html = response.content.decode()
    return re.findall(r'<a href="/network/members/\d+/" lang="ja">([^<]+)</a>', html)


@pytest.mark.django_db
def test_it_lists_members_in_gojuon_order_of_their_reading(client: Client) -> None:
    MemberFactory(name="わかば会", name_kana="わかばかい")
    MemberFactory(name="あおば会", name_kana="あおばかい")
    MemberFactory(name="Bloom", name_kana="")
    MemberFactory(name="かえで会", name_kana="カエデカイ")  # katakana is read as hiragana

    response = client.get("/network/")

    assert response.status_code == 200
    assert names(response) == ["あおば会", "かえで会", "わかば会", "Bloom"]
    assert "会員4件" in visible_text(response)


@pytest.mark.django_db
def test_it_filters_by_district(client: Client) -> None:
    MemberFactory(name="練馬の会", districts=["nerima"])
    MemberFactory(name="大泉の会", districts=["oizumi", "shakujii"])

    assert names(client.get("/network/", {"district": "oizumi"})) == ["大泉の会"]
    assert names(client.get("/network/", {"district": "shakujii"})) == ["大泉の会"]


@pytest.mark.django_db
def test_it_filters_by_kind(client: Client) -> None:
    MemberFactory(name="法人", kind=Member.Kind.SOCIAL_WELFARE_CORPORATION)
    MemberFactory(name="エヌピーオー", kind=Member.Kind.NPO)

    assert names(client.get("/network/", {"kind": "npo"})) == ["エヌピーオー"]


@pytest.mark.django_db
def test_it_filters_by_theme(client: Client) -> None:
    MemberFactory(name="就労の会", themes=["work-experience"])
    MemberFactory(name="教育の会", themes=["welfare-education", "places-to-belong"])

    assert names(client.get("/network/", {"theme": "welfare-education"})) == ["教育の会"]


@pytest.mark.django_db
def test_it_filters_by_the_target_groups_of_their_facilities_listing_each_member_once(
    client: Client,
) -> None:
    kids = MemberFactory(name="子どもの会", name_kana="こどものかい")
    FacilityFactory(member=kids, target_groups=["children"])
    FacilityFactory(member=kids, target_groups=["children", "elderly"])
    elderly = MemberFactory(name="高齢者の会", name_kana="こうれいしゃのかい")
    FacilityFactory(member=elderly, target_groups=["elderly"])
    FacilityFactory(member=MemberFactory(name="施設が非公開の会"), is_listed=False)

    assert names(client.get("/network/", {"target_group": "children"})) == ["子どもの会"]
    assert names(client.get("/network/", {"target_group": "elderly"})) == [
        "高齢者の会",
        "子どもの会",
    ]


@pytest.mark.django_db
def test_filters_combine(client: Client) -> None:
    MemberFactory(name="練馬のNPO", kind=Member.Kind.NPO, districts=["nerima"])
    MemberFactory(name="大泉のNPO", kind=Member.Kind.NPO, districts=["oizumi"])
    MemberFactory(name="練馬の法人", districts=["nerima"])

    response = client.get("/network/", {"kind": "npo", "district": "nerima"})

    assert names(response) == ["練馬のNPO"]


@pytest.mark.django_db
def test_the_gojuon_index_narrows_to_a_row_and_counts_each_row(client: Client) -> None:
    MemberFactory(name="かえで会", name_kana="かえでかい")
    MemberFactory(name="ぎんなん会", name_kana="ぎんなんかい")  # voiced: still か行
    MemberFactory(name="さくら会", name_kana="さくらかい")

    everything = client.get("/network/")
    ka = client.get("/network/", {"row": "か"})

    assert names(ka) == ["かえで会", "ぎんなん会"]
    html = everything.content.decode()
    assert '<a href="?row=%E3%81%8B">か行<span class="kana-index__count">2件</span></a>' in html
    assert '<span class="kana-index__empty">た行<span class="kana-index__count">0件</span>' in html
    assert 'aria-current="true">か行' in ka.content.decode()


@pytest.mark.django_db
def test_any_kana_of_a_row_opens_the_row_and_nonsense_opens_everything(client: Client) -> None:
    MemberFactory(name="かえで会", name_kana="かえでかい")
    MemberFactory(name="さくら会", name_kana="さくらかい")

    assert names(client.get("/network/", {"row": "き"})) == ["かえで会"]
    nonsense = client.get("/network/", {"row": "?!"})
    assert names(nonsense) == ["かえで会", "さくら会"]
    assert 'aria-invalid="true"' not in nonsense.content.decode()


@pytest.mark.django_db
def test_names_without_kana_are_indexed_under_other(client: Client) -> None:
    MemberFactory(name="Bloom", name_kana="")
    MemberFactory(name="あおば会", name_kana="あおばかい")

    assert names(client.get("/network/", {"row": "other"})) == ["Bloom"]


@pytest.mark.django_db
def test_the_index_keeps_the_other_filters_and_the_form_keeps_the_row(client: Client) -> None:
    MemberFactory(name="かえで会", name_kana="かえでかい", districts=["oizumi"])

    html = client.get("/network/", {"district": "oizumi", "page": "1"}).content.decode()

    assert 'href="?district=oizumi&amp;row=%E3%81%8B"' in html
    with_row = client.get("/network/", {"district": "oizumi", "row": "か"}).content.decode()
    assert '<input type="hidden" name="row" value="か"' in with_row
    assert '<option value="oizumi" selected>大泉</option>' in with_row


@pytest.mark.django_db
def test_it_pages_long_lists_keeping_the_filters(client: Client) -> None:
    for n in range(25):
        MemberFactory(name=f"会{n:02d}", name_kana=f"かい{n:02d}", districts=["nerima"])
    MemberFactory(name="ほかの地区", districts=["oizumi"])

    first = client.get("/network/", {"district": "nerima"})
    second = client.get("/network/", {"district": "nerima", "page": "2"})

    assert len(names(first)) == 20
    assert len(names(second)) == 5
    assert "?district=nerima&amp;page=2" in first.content.decode()
    assert "会員25件" in visible_text(first)
    assert "1/2ページ" in visible_text(first)


@pytest.mark.django_db
def test_it_hides_unlisted_members(client: Client) -> None:
    MemberFactory(name="公開の会")
    MemberFactory(name="非公開の会", is_listed=False)

    assert names(client.get("/network/")) == ["公開の会"]


@pytest.mark.django_db
def test_an_unknown_filter_value_is_explained_not_a_server_error(client: Client) -> None:
    MemberFactory(name="公開の会")

    response = client.get("/network/", {"district": "atlantis", "page": "99"})

    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.content.decode()
    assert names(response) == ["公開の会"]


@pytest.mark.django_db
def test_every_filter_has_a_label(client: Client) -> None:
    html = client.get("/network/").content.decode()

    for name in ("district", "kind", "target_group", "theme"):
        assert f'<label class="field__label" for="id_{name}">' in html
    assert parse(client.get("/network/")).headings[:3] == [1, 2, 2]
