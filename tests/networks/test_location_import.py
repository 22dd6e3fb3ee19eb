"""Coordinators import facilities with their place and nearest stations (緯度, 経度, 最寄り駅
columns), and a wrong number or station is named in Japanese under its column."""

from decimal import Decimal

import pytest
from django.test import Client

from networks.models import Facility
from tests.factories import MemberFactory, StationFactory
from tests.html import visible_text
from tests.networks.imports import confirm, csv_upload, upload

pytestmark = pytest.mark.django_db

HEADER = "運営法人,名称,よみがな,対象,地区,所在地,電話番号,緯度,経度,最寄り駅,公開"


@pytest.fixture
def stations() -> None:
    MemberFactory(name="ひかり福祉会")
    StationFactory(name="練馬")
    StationFactory(name="豊島園")


def test_a_facility_comes_in_with_its_place_and_stations(
    coordinator_client: Client, stations: None
) -> None:
    row = "ひかり福祉会,ひかりの郷,,高齢者,練馬,,,３５．７３８,139.6512,練馬、豊島園,はい"

    job = upload(coordinator_client, "facility", csv_upload(HEADER, [row]))
    confirm(coordinator_client, "facility", job)

    facility = Facility.objects.get(name="ひかりの郷")
    assert (facility.latitude, facility.longitude) == (Decimal("35.738"), Decimal("139.6512"))
    assert sorted(s.name for s in facility.stations.all()) == ["練馬", "豊島園"]


def test_a_wrong_number_or_station_is_named_in_japanese(
    coordinator_client: Client, stations: None
) -> None:
    rows = [
        "ひかり福祉会,A,,高齢者,練馬,,,北緯35度,139.65,練馬,はい",
        "ひかり福祉会,B,,高齢者,練馬,,,139.65,35.73,,はい",
        "ひかり福祉会,C,,高齢者,練馬,,,35.73,139.65,池袋,はい",
    ]

    response = upload(coordinator_client, "facility", csv_upload(HEADER, rows))

    text = visible_text(response)
    assert "緯度：「35.7377」のような数で入力してください。" in text
    assert "緯度は20から46までの数で入力してください（経度と逆ではありませんか）。" in text
    assert "最寄り駅：「池袋」は登録されていません。" in text
    assert not Facility.objects.exists()
