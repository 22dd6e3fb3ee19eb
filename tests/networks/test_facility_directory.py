"""The facilities' directory: filters by district, kind of member, target group and theme of
the member, 五十音 order and index, only listed facilities of listed members."""

import re

import pytest
from django.test import Client

from networks.models import District, Member
from tests.factories import FacilityFactory, MemberFactory, reference
from tests.html import visible_text


def names(response: object) -> list[str]:
    html = response.content.decode()
    return re.findall(r'<a href="/network/facilities/\d+/" lang="ja">([^<]+)</a>', html)


@pytest.mark.django_db
def test_it_lists_facilities_in_gojuon_order_with_the_member_that_runs_them(
    client: Client,
) -> None:
    member = MemberFactory(name="ひかり福祉会")
    FacilityFactory(member=member, name="ひかりの郷", name_kana="ひかりのさと")
    FacilityFactory(member=member, name="あおぞら作業所", name_kana="あおぞらさぎょうしょ")

    response = client.get("/network/facilities/")

    assert names(response) == ["あおぞら作業所", "ひかりの郷"]
    text = visible_text(response)
    assert "運営ひかり福祉会" in text
    assert "施設・事業所2件" in text


@pytest.mark.django_db
def test_it_filters_by_district(client: Client) -> None:
    FacilityFactory(name="練馬の施設", district=reference(District, "nerima"))
    FacilityFactory(name="大泉の施設", district=reference(District, "oizumi"))

    assert names(client.get("/network/facilities/", {"district": "oizumi"})) == ["大泉の施設"]


@pytest.mark.django_db
def test_it_filters_by_target_group(client: Client) -> None:
    FacilityFactory(name="保育園", target_groups=["children"])
    FacilityFactory(name="ホーム", target_groups=["elderly", "disabilities"])

    assert names(client.get("/network/facilities/", {"target_group": "disabilities"})) == ["ホーム"]


@pytest.mark.django_db
def test_it_filters_by_the_kind_and_theme_of_the_member(client: Client) -> None:
    npo = MemberFactory(kind=Member.Kind.NPO, themes=["work-experience"])
    FacilityFactory(member=npo, name="NPOの工房")
    FacilityFactory(member=MemberFactory(themes=["welfare-education"]), name="法人の施設")

    assert names(client.get("/network/facilities/", {"kind": "npo"})) == ["NPOの工房"]
    assert names(client.get("/network/facilities/", {"theme": "welfare-education"})) == [
        "法人の施設"
    ]


@pytest.mark.django_db
def test_the_gojuon_index_narrows_to_a_row(client: Client) -> None:
    FacilityFactory(name="はなみずき", name_kana="はなみずき")
    FacilityFactory(name="ひまわり", name_kana="ひまわり")
    FacilityFactory(name="みどり", name_kana="みどり")

    response = client.get("/network/facilities/", {"row": "は"})

    assert names(response) == ["はなみずき", "ひまわり"]
    assert '">は行<span class="kana-index__count">2件</span></a>' in response.content.decode()


@pytest.mark.django_db
def test_it_hides_unlisted_facilities_and_those_of_unlisted_members(client: Client) -> None:
    FacilityFactory(name="公開の施設")
    FacilityFactory(name="非公開の施設", is_listed=False)
    FacilityFactory(name="非公開の会員の施設", member=MemberFactory(is_listed=False))

    assert names(client.get("/network/facilities/")) == ["公開の施設"]
